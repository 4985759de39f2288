// criteria.test.mjs - browser journeys of the criteria pages ([F7] item 6 and
// the firm page's explanation), headless Debian chromium driven by
// playwright-core (web/node_modules), printing TAP:
//   city: dashboard → a district (chart click) → a firm → its explanation for
//         each tier (checked against the API), the year selector, the worksheet;
//         the rule viewer (highlighting, structure, jump to a line); a simulate
//         run with a stricter pass score (losses only, as the API says), a
//         compile error shown on its line; the gaps screen;
//   district: no simulate menu or page, gaps of its own district only, another
//         district's firm not found by URL;
//   viewer and enterprise: the explanation on the firm page.
// Screenshots go to $ZJTX_UI_SHOTS (default $BUILD/web-test) as c*.png; any
// console error fails the journey. Needs the real server ($ZJTX): the mock
// API has no criteria engine. Environment as tests/web/ui.test.mjs.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARGS, BUILD, CHROMIUM, SHOTS, cleanup, loadChromium, note, ok, run, shot as shotIn, skip, startDemo, watch } from './lib.mjs';

const BIN = process.env.ZJTX || join(BUILD, 'zjtx');
const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

const chromium = loadChromium();
if (!existsSync(BIN)) skip(`no zjtx binary at ${BIN} (the mock API has no criteria engine)`);

const passwords = new Map();

async function startServer() {
  const srv = await startDemo({ bin: BIN, firms: 1500, prefix: 'zjtx-crit-' });
  if (srv.accounts) for (const [u, a] of srv.accounts) passwords.set(u, a.password);
  return srv;
}

const shot = (page, name) => shotIn(page, name, name, 300);

async function signIn(page, base, user) {
  await page.goto(base + '/login');
  await page.fill(field('username'), user);
  await page.fill(field('password'), passwords.get(user));
  await page.click('[data-test=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 });
}

const num = (s) => Number(String(s).replace(/[^0-9.-]/g, ''));

// Clicks the longest bar of the dashboard's top-10 chart (the top row of a
// horizontal bar chart sorted ascending); tries a few rows if the first misses.
async function clickTopBar(page) {
  const box = await (await page.$('[data-test=top10] canvas')).boundingBox();
  for (const y of [22, 40, 60, 80]) {
    await page.mouse.click(box.x + box.width * 0.55, box.y + y);
    try {
      await page.waitForURL(/\/enterprises\?district=/, { timeout: 1500 });
      return true;
    } catch {
      /* missed the bar: next row */
    }
  }
  return false;
}

async function cityJourney(browser, base) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(25000);
  const w = watch(page);
  await signIn(page, base, 'city');
  await page.waitForSelector('.dashboard[data-ready="1"]', { timeout: 20000 });
  ok(Boolean(await page.$('[data-test=menu-criteria]')) && Boolean(await page.$('[data-test=menu-simulate]')) && Boolean(await page.$('[data-test=menu-gaps]')),
    'city menu offers 认定标准, 标准模拟 and 差距分析');

  // dashboard → district → firm → explanation
  const clicked = await clickTopBar(page);
  ok(clicked, 'a click on the dashboard chart opens the district\'s firm list', page.url());
  if (!clicked) await page.goto(base + '/enterprises?district=500106');
  await page.waitForSelector('[data-test=firm-table] .el-table__row');
  const district = new URL(page.url()).searchParams.get('district');
  await page.click('[data-test=firm-table] .firm-link');
  await page.waitForURL(/\/enterprises\/[0-9A-Z]{18}$/);
  const uscc = page.url().split('/').pop();
  await page.waitForSelector('[data-test=eval-tabs]');
  const tabs = await page.$$eval('[data-test^=eval-tab-]', (els) => els.map((e) => e.getAttribute('data-test').slice(9)));
  ok(tabs.join() === 'innovative-2022,srdi-2022,little-giant-2022,little-giant-2025', 'the firm page has one tab per criteria file, by tier', tabs.join());
  await page.click('[data-test=eval-tab-srdi-2022]');
  const pane = '[data-test=eval-srdi-2022]';
  await page.waitForSelector(`${pane} [data-test=eval-requirements] .el-table__row`);
  const api = await (await ctx.request.get(`${base}/api/v1/enterprises/${uscc}/evaluation?criteria=srdi-2022`)).json();
  const verdict = (await page.textContent(`${pane} [data-test=eval-verdict]`)).trim();
  const score = (await page.textContent(`${pane} [data-test=eval-score]`)).trim();
  ok(verdict === api.verdict_label, `the srdi tab shows the API's verdict (${verdict})`, `${verdict} vs ${api.verdict_label}`);
  ok(num(score.split('/')[0].split('–')[0]) === api.score, `and its score (${score})`, `${score} vs ${api.score}`);
  const reqRows = await page.$$(`${pane} [data-test=eval-requirements] .el-table__body-wrapper .el-table__row`);
  const indRows = await page.$$(`${pane} [data-test=eval-indicators] .el-table__body-wrapper .el-table__row`);
  ok(reqRows.length === 4 && indRows.length === 14, 'each requirement (4) and indicator (14) is listed', `${reqRows.length} / ${indRows.length}`);
  const unmet = api.requirements.filter((q) => q.kind === 'requirement' && q.met === false);
  const reqText = await page.textContent(`${pane} [data-test=eval-requirements]`);
  ok(unmet.every((q) => reqText.includes(q.gap)), 'unmet requirements show their gap', unmet.map((q) => q.gap).join(' | '));
  ok((await page.$$(`${pane} [data-test=eval-groups] .group-bar`)).length === 4, 'the score by group (4 bars)');
  await page.click(`${pane} [data-test=eval-sheet-toggle]`);
  const sheet = await page.textContent(`${pane} [data-test=eval-worksheet]`);
  ok(sheet.trim() === api.text.trim(), 'the worksheet is the server\'s text');
  await shot(page, 'c01-firm-explanation');
  // the year selector
  const year = api.year;
  await page.click('[data-test=eval-year]');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/evaluation') && r.url().includes('year=' + (year - 1))),
    page.locator('.el-select-dropdown__item:visible', { hasText: `${year - 1} 年数据` }).click(),
  ]);
  ok(resp.ok(), `choosing ${year - 1} evaluates that year`);
  const said = await page.waitForFunction((y) => (document.querySelector('[data-test=firm-criteria]')?.textContent || '').includes(`依据 ${y} 年度数据`), year - 1).then(() => true, () => false);
  ok(said, 'and says which year it used');

  // the rule viewer
  await page.click('[data-test=menu-criteria]');
  await page.waitForURL(/\/criteria\/srdi-2022$/);
  await page.waitForSelector('[data-test=rule-code] .tok-keyword');
  const counts = await page.evaluate(() => Object.fromEntries(['keyword', 'string', 'number', 'comment', 'op', 'name', 'attr'].map((k) => [k, document.querySelectorAll('[data-test=rule-code] .tok-' + k).length])));
  ok(counts.keyword > 20 && counts.string > 20 && counts.number > 20 && counts.comment > 5 && counts.op > 20 && counts.name > 10 && counts.attr > 10,
    'the rule text is highlighted: keywords, strings, numbers with units, comments, operators, names, attributes', JSON.stringify(counts));
  const units = await page.$$eval('[data-test=rule-code] .tok-number', (els) => els.map((e) => e.textContent));
  ok(units.includes('100万元') && units.includes('3%') && units.includes('2年'), 'numbers keep their units (100万元, 3%, 2年)');
  ok((await page.$$('[data-test=criteria-list] a')).length === 4, 'four criteria files listed');
  ok((await page.$$('[data-test=criteria-group]')).length === 4, 'the structure lists the 4 groups');
  await page.click('[data-test=item-margin]');
  await page.waitForSelector('.rule-line.is-focus');
  ok((await page.textContent('.rule-line.is-focus')).includes('indicator margin'), 'clicking an indicator marks its line in the text');
  await shot(page, 'c02-criteria-viewer');
  await page.click('[data-test=criteria-innovative-2022]');
  await page.waitForURL(/\/criteria\/innovative-2022$/);
  // the page is rebuilt for the new path: wait for the new structure (absent at first)
  await page.waitForFunction(() => (document.querySelector('[data-test=criteria-structure]')?.textContent || '').includes('创新型中小企业'));
  ok((await page.textContent('[data-test=criteria-structure]')).includes('最低 20 分'), 'innovative-2022: group minimums shown');

  // simulate: a stricter pass score loses firms
  await page.click('[data-test=criteria-srdi-2022]');
  await page.waitForURL(/\/criteria\/srdi-2022$/);
  await page.click('[data-test=criteria-simulate]');
  await page.waitForURL(/\/simulate\?base=srdi-2022/);
  await page.waitForFunction(() => (document.querySelector('[data-test=rule-editor]') || {}).value?.includes('pass_score'));
  await page.fill(field('sim-pass-score'), '75');
  await page.click('[data-test=sim-apply-score]');
  const text = await page.inputValue('[data-test=rule-editor]');
  ok(/param pass_score "认定分数线" = 75/.test(text), 'the pass score field rewrites the param line');
  await page.click('[data-test=sim-check]');
  await page.waitForSelector('[data-test=sim-check-ok]');
  ok((await page.textContent('[data-test=sim-check-ok]')).includes('编译通过'), 'the compile check passes');
  const [simResp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/criteria/simulate')),
    page.click('[data-test=sim-run]'),
  ]);
  const sim = await simResp.json();
  await page.waitForSelector('[data-test=sim-totals]');
  const lose = num(await page.textContent('[data-test=sim-lose] .tile-value'));
  const gain = num(await page.textContent('[data-test=sim-gain] .tile-value'));
  ok(gain === 0 && lose > 0 && lose === sim.lose, `a stricter pass score shows losses only (${lose} firms)`, `gain ${gain} lose ${lose} api ${sim.lose}`);
  note(`simulate over ${sim.firms} firms: ${sim.elapsed_ms} ms on the server`);
  ok(Boolean(await page.$('[data-test=sim-chart] canvas')), 'the gains and losses chart is drawn');
  const distRows = await page.$$('[data-test=sim-by-district] .el-table__body-wrapper .el-table__row');
  ok(distRows.length === sim.by_district.length, 'the district table has every unit', `${distRows.length} vs ${sim.by_district.length}`);
  ok((await page.$$('[data-test=sim-changed] .el-table__body-wrapper .el-table__row')).length === Math.min(15, sim.changed.length), 'the changed firms are listed (first page)');
  await shot(page, 'c03-simulate');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=sim-export]')]);
  ok(/标准模拟-srdi-2022/.test(dl.suggestedFilename()), 'the result exports as CSV', dl.suggestedFilename());
  // a typo shows on its line
  await page.fill('[data-test=rule-editor]', text.replace('= rd_expense >= 100万元', '= rd_expens >= 100万元'));
  await page.click('[data-test=sim-check]');
  await page.waitForSelector('[data-test=sim-check-error]');
  const errLine = text.split('\n').findIndex((l) => l.includes('= rd_expense >= 100万元')) + 1;
  ok((await page.textContent('[data-test=sim-check-error]')).includes(`第 ${errLine} 行`), `a compile error names its line (${errLine})`);
  ok((await page.textContent('.rule-line.is-error')).includes('rd_expens'), 'and marks it in the editor');
  await shot(page, 'c04-simulate-error');
  await page.fill('[data-test=rule-editor]', text);
  // click through to a firm that changes
  await page.click('[data-test=sim-changed] .firm-link');
  await page.waitForURL(/\/enterprises\/[0-9A-Z]{18}$/);
  await page.waitForSelector('[data-test=eval-tabs]');
  ok(true, 'a changed firm opens its page with the explanation');

  // gaps
  await page.click('[data-test=menu-gaps]');
  await page.waitForSelector('[data-test=gaps-table] .el-table__body-wrapper .el-table__row');
  const rows = await page.$$('[data-test=gaps-table] .el-table__body-wrapper .el-table__row');
  const lacks = await page.$$eval('[data-test=gaps-table] .lack', (els) => els.length);
  ok(rows.length === 20 && lacks > 0, 'gaps: the 20 closest firms with what they lack', `${rows.length} rows, ${lacks} lacks`);
  await shot(page, 'c05-gaps');
  ok(w.errors.length === 0, 'city journey: no console errors', w.errors.join('\n'));
  await ctx.close();
  return { district };
}

async function districtJourney(browser, base) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(25000);
  const w = watch(page);
  await signIn(page, base, 'district');
  ok(Boolean(await page.$('[data-test=menu-gaps]')) && !(await page.$('[data-test=menu-simulate]')), 'district menu: 差距分析 but no 标准模拟');
  await page.goto(base + '/gaps');
  await page.waitForSelector('[data-test=gaps-table] .el-table__body-wrapper .el-table__row');
  const units = await page.$$eval('[data-test=gaps-table] .el-table__body-wrapper .el-table__row td:nth-child(3)', (els) => [...new Set(els.map((e) => e.textContent.trim()))]);
  ok(units.length > 0 && units.every((u) => u === '沙坪坝区' || u === '重庆高新区'), 'district gaps list only its own district (and the zone inside it)', units.join());
  await shot(page, 'c06-gaps-district');
  await page.goto(base + '/simulate');
  await page.waitForURL((u) => !u.pathname.startsWith('/simulate'));
  ok(true, 'a district user is turned away from the simulate page');
  // another district's firm: not found, so no explanation either
  const city = await browser.newContext();
  await city.request.post(base + '/api/v1/session', { data: { username: 'city', password: passwords.get('city') } });
  const foreign = (await (await city.request.get(base + '/api/v1/enterprises?district=500101&page_size=1')).json()).items[0].uscc;
  await city.close();
  w.expected.push([404, /\/api\/v1\/enterprises\//]);
  await page.goto(base + '/enterprises/' + foreign);
  await page.waitForSelector('[data-test=firm-missing]');
  ok(!(await page.$('[data-test=firm-criteria]')), 'another district\'s firm by URL: not found, no evaluation');
  const r = await page.request.get(`${base}/api/v1/enterprises/${foreign}/evaluation`);
  ok(r.status() === 404, 'and its evaluation answers 404');
  ok(w.errors.length === 0, 'district journey: no console errors', w.errors.join('\n'));
  await ctx.close();
}

async function readerJourney(browser, base, user, label) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(25000);
  const w = watch(page);
  await signIn(page, base, user);
  if (user === 'viewer') {
    await page.goto(base + '/enterprises');
    await page.click('[data-test=firm-table] .firm-link');
  }
  await page.waitForURL(/\/enterprises\/[0-9A-Z]{18}$/);
  await page.waitForSelector('[data-test=eval-tabs] [data-test^=eval-tab-]');
  ok((await page.$$('[data-test^=eval-tab-]')).length === 4, `${label} sees the firm's explanation for each tier`);
  if (user === 'firm') await shot(page, 'c07-firm-self-explanation');
  if (user === 'viewer') {
    await page.goto(base + '/criteria/srdi-2022');
    await page.waitForSelector('[data-test=rule-code] .tok-keyword');
    ok(!(await page.$('[data-test=criteria-simulate]')), 'the viewer reads the criteria but is offered no simulate');
  }
  ok(w.errors.length === 0, `${label}: no console errors`, w.errors.join('\n'));
  await ctx.close();
}

async function main() {
  const srv = await startServer();
  if (srv.skip) skip(srv.skip);
  mkdirSync(SHOTS, { recursive: true });
  note(`server at ${srv.url}; screenshots in ${SHOTS}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  cleanup.unshift(() => browser.close());
  const t0 = Date.now();
  await cityJourney(browser, srv.url);
  await districtJourney(browser, srv.url);
  await readerJourney(browser, srv.url, 'viewer', 'the viewer');
  await readerJourney(browser, srv.url, 'firm', 'the enterprise user');
  note(`journeys took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await run(main);
