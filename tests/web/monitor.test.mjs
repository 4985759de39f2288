// monitor.test.mjs - browser journeys of monthly monitoring ([F4] in the UI,
// [F7]): headless Debian chromium driven by playwright-core against the real
// `zjtx serve` on a fresh demo database, its business date pinned with
// --today 2026-12-05 (the demo's reports end at 2026-10; 2026-11 is due).
//
//   city      the dashboard's first load with the monthly row (timed), each
//             monthly chart clicking through to its list, the analysis,
//             the 通报 draft, a re-review opened from a warning
//   district  chase missing filers: completeness board → a district → its
//             missing firms → the 催报 list (copied, exported) → file for one;
//             a bulk upload refused for an error, then for warnings, confirmed
//             with a reason
//   firm      file a monthly report that raises a warning (a unit slip),
//             confirm it with a reason; the firm page shows the month
// Prints TAP; a screenshot of every page in $ZJTX_UI_SHOTS (default
// $BUILD/web-test/monitor-*.png); fails on any console error except the
// HTTP statuses a step expects (409/422 of refused reports).
//
// Environment: ZJTX (the binary; default <repo>/build/zjtx), BUILD, ZJTX_UI_SHOTS,
// ZJTX_CHROMIUM (default /usr/bin/chromium), ZJTX_UI_FIRMS (demo size, default 1200). SKIPs (1..0 # SKIP) without
// chromium, playwright-core, the built UI or the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARGS, BUILD, CHROMIUM, SHOTS, cleanup, loadChromium, note, ok, run, shot as shotIn, skip, startDemo, watch } from './lib.mjs';

const BIN = process.env.ZJTX || join(BUILD, 'zjtx');
const TODAY = '2026-12-05';
const FIRMS = process.env.ZJTX_UI_FIRMS || '1200'; // demo size (the default demo is 5000)
// An Element Plus input passes data-test to its <input>/<textarea> or keeps it on its wrapper.
const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;
const area = (name) => `textarea[data-test=${name}], [data-test=${name}] textarea`;

const chromium = loadChromium();
if (!existsSync(BIN) || spawnSync(BIN, ['serve', '--help'], { stdio: 'ignore' }).status !== 0) skip(`no zjtx binary with serve at ${BIN}`);

// ---- server: a fresh demo, --today pinned ----
const passwords = new Map();
let accounts = new Map();

async function startServer() {
  const srv = await startDemo({ bin: BIN, firms: FIRMS, prefix: 'zjtx-monitor-', today: TODAY });
  if (srv.accounts) {
    accounts = srv.accounts;
    for (const [u, a] of accounts) passwords.set(u, a.password);
  }
  return srv;
}

const shot = (page, name) => shotIn(page, 'monitor-' + name, name, 150);

/** Clicks a horizontal bar chart's bar for category index i (0 = bottom) of n, at fraction fx of the width. */
async function clickBar(page, sel, i, count, fx = 0.75) {
  const box = await page.locator(sel + ' canvas').first().boundingBox();
  const band = (box.height - 8) / count;
  await page.mouse.click(box.x + box.width * fx, box.y + box.height - 4 - (i + 0.5) * band);
}

async function api(ctx, base, path) {
  const r = await ctx.request.get(base + '/api/v1' + path);
  return r.json();
}

const T0 = Date.now();
async function main() {
  const srv = await startServer();
  note(`demo and server ready at ${Math.round((Date.now() - T0) / 1000)} s`);
  if (srv.skip) skip(srv.skip);
  const base = srv.url;
  mkdirSync(SHOTS, { recursive: true });
  note(`server at ${base} (--today ${TODAY}); screenshots in ${SHOTS}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  cleanup.unshift(() => browser.close());
  const newPage = async (user) => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    const w = watch(page);
    if (user) {
      const res = await ctx.request.post(base + '/api/v1/session', { data: { username: user, password: passwords.get(user) } });
      ok(res.ok(), `${user} signs in`);
    }
    return { ctx, page, w };
  };
  const clean = (w, name) => ok(w.errors.length === 0, `${name}: no console errors`, w.errors.join('\n'));

  // ---- city: the dashboard with the monthly row, click-throughs, report, 通报 ----
  {
    const { ctx, page, w } = await newPage('city');
    const t0 = Date.now();
    await page.goto(base + '/dashboard');
    await page.waitForSelector('.dashboard[data-ready="1"]', { timeout: 30000 });
    const wall = Date.now() - t0;
    const readyAt = await page.evaluate(() => window.__zjtxDashboardReadyAt);
    console.log(`# dashboard first load with the monthly charts: ${Math.round(readyAt)} ms from navigation start to every chart answered and drawn (wall ${wall} ms, cold cache, ${FIRMS}-firm demo)`);
    ok(readyAt > 0, 'the dashboard reports its load time');
    const calls = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/')).map((e) => [new URL(e.name).pathname.replace('/api/v1', ''), Math.round(e.startTime), Math.round(e.responseEnd)]));
    note('API calls of the first load [path, start ms, end ms]: ' + JSON.stringify(calls));
    for (const c of ['dash-trends', 'dash-completeness', 'dash-warnings']) ok(Boolean(await page.$(`[data-test=${c}] canvas`)), `dashboard draws ${c}`);
    await shot(page, '01-dashboard-city');

    // warnings chart → the list of that rule (the largest bar: loss_streak, 4th from the bottom of 5)
    const wa = await api(ctx, base, '/monthly/warnings?items=0');
    const rules = wa.rules.map((r) => r.code);
    const top = rules.reduce((a, b) => (wa.by_rule[b] > wa.by_rule[a] ? b : a));
    const idx = [...rules].reverse().indexOf(top);
    await page.locator('[data-test=dash-warnings]').scrollIntoViewIfNeeded();
    await clickBar(page, '[data-test=dash-warnings]', idx, rules.length, 0.6);
    await page.waitForURL(new RegExp(`/monitor/warnings\\?rule=${top}`), { timeout: 8000 }).catch(() => {});
    ok(page.url().includes('/monitor/warnings?rule=' + top), `the warnings chart clicks through to the ${top} list`, page.url());
    await page.waitForSelector('[data-test=wr-table] .el-table__row');
    const labels = await page.$$eval('[data-test=wr-table] .el-table__row td:nth-child(3)', (els) => [...new Set(els.map((e) => e.textContent.trim()))]);
    ok(labels.length === 1, 'the list holds that rule only', JSON.stringify(labels));
    await shot(page, '02-warnings');
    // open a re-review from a warning
    await page.click('[data-test=wr-rereview]');
    await page.fill(area('wr-reason'), '连续亏损,启动复核');
    const [rr] = await Promise.all([
      page.waitForResponse((r) => /\/rereview$/.test(r.url()) && r.request().method() === 'POST'),
      page.click('[data-test=wr-send]'),
    ]);
    ok(rr.status() === 201, 'a re-review request is opened from a warning (201)', String(rr.status()));
    await page.waitForSelector('[data-test=wr-table] .el-tag');

    // completeness chart (dashboard) → the board of that district
    await page.goto(base + '/dashboard');
    await page.waitForSelector('.dashboard[data-ready="1"]');
    const comp = await api(ctx, base, '/monthly/completeness');
    await page.locator('[data-test=dash-completeness]').scrollIntoViewIfNeeded();
    const cnt = comp.units.length;
    await clickBar(page, '[data-test=dash-completeness]', cnt - 1, cnt, 0.55); // the top bar: rank 1
    await page.waitForURL(/\/monitor\/completeness\?/, { timeout: 8000 }).catch(() => {});
    ok(/\/monitor\/completeness\?period=\d{4}-\d{2}&unit=/.test(page.url()), 'the completeness chart clicks through to the board, district picked', page.url());

    // trends chart → the analysis of that month
    await page.goto(base + '/dashboard');
    await page.waitForSelector('.dashboard[data-ready="1"]');
    await page.locator('[data-test=dash-trends]').scrollIntoViewIfNeeded();
    const tb = await page.locator('[data-test=dash-trends] canvas').first().boundingBox();
    await page.mouse.click(tb.x + tb.width * 0.9, tb.y + tb.height * 0.6); // a late month's column
    const went = await page.waitForURL(/\/monitor\/report\?period=/, { timeout: 5000 }).then(() => true).catch(() => false);
    ok(went, 'the trends chart clicks through to the analysis of that month', page.url());
    await page.waitForSelector('[data-test=mr-narrative] p');
    const narrative = await page.textContent('[data-test=mr-narrative]');
    ok(/—\d+月,全市/.test(narrative) || /月,全市/.test(narrative), 'the analysis opens with the bulletin-style narrative', narrative.slice(0, 80));
    ok(Boolean(await page.$('[data-test=mr-trend] canvas')) && Boolean(await page.$('[data-test=mr-groups] canvas')), 'trend and group charts are drawn');
    await shot(page, '03-report');
    const [xl] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=mr-xlsx]')]);
    ok(/月度运行监测分析-.*\.xlsx$/.test(xl.suggestedFilename()), 'the report downloads as Excel', xl.suggestedFilename());

    await page.goto(base + '/monitor/notice');
    await page.waitForSelector(area('nt-text'));
    await page.waitForFunction((sel) => document.querySelector(sel).value.includes('通报'), area('nt-text'));
    await page.fill(area('nt-text'), (await page.inputValue(area('nt-text'))) + '\n(已核)');
    ok((await page.textContent('.notice')).includes('已修改'), 'the 通报 draft is editable (marked as edited)');
    await page.click('[data-test=nt-copy]');
    const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
    ok(clip.includes('通报') && clip.endsWith('(已核)'), 'copy takes the edited text');
    await shot(page, '04-notice');
    clean(w, 'city');
    await ctx.close();
  }

  note(`city journey done at ${Math.round((Date.now() - T0) / 1000)} s`);
  // ---- district: chase missing filers; bulk upload ----
  {
    const { ctx, page, w } = await newPage('district');
    w.expected.push([409, /\/api\/v1\/imports\/monthly/], [422, /\/api\/v1\/imports\/monthly/]);
    // the latest period in which this district has missing firms
    let period = null;
    let comp = null;
    const first = await api(ctx, base, '/monthly/completeness');
    for (let k = 0, p = first.period; k < 12; k++) {
      const c = await api(ctx, base, '/monthly/completeness?period=' + p);
      if (c.missing && c.missing.length) {
        period = p;
        comp = c;
        break;
      }
      const [y, m] = p.split('-').map(Number);
      const prev = m === 3 ? `${y}-02` : m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      p = prev === `${y}-01` ? `${y - 1}-12` : prev;
    }
    ok(Boolean(period), `沙坪坝 has missing filers in ${period}`);
    await page.goto(base + '/dashboard');
    await page.waitForSelector('.dashboard[data-ready="1"]');
    await page.click('[data-test=menu-monthlyCompleteness]');
    await page.waitForURL(/\/monitor\/completeness/);
    await page.waitForSelector('[data-test=cp-table] .el-table__row');
    ok((await page.textContent('.page-title')).includes('沙坪坝区'), 'the board is titled with the district');
    await page.goto(base + '/monitor/completeness?period=' + period);
    await page.waitForSelector('[data-test=cp-table] .el-table__row');
    const tiles = await page.textContent('[data-test=cp-tiles]');
    ok(tiles.includes(String(comp.city.expected)) && tiles.includes(String(comp.city.missing)), 'tiles show expected and missing of the district', tiles);
    // click the unit with missing firms in the ranking
    const unit = comp.units.find((u) => u.missing > 0);
    await page.locator('[data-test=cp-table] .el-table__row', { hasText: unit.name }).first().click();
    await page.waitForSelector('[data-test=missing-table] .el-table__row');
    const names = await page.$$eval('[data-test=missing-table] .el-table__row td:nth-child(3)', (els) => els.map((e) => e.textContent.trim()));
    const want = comp.missing.filter((m) => m.unit === unit.unit).map((m) => m.name);
    ok(names.length === want.length && want.every((x) => names.includes(x)), `clicking ${unit.name} lists exactly its ${want.length} missing firms`, JSON.stringify({ names, want }));
    await shot(page, '05-completeness-district');
    await page.click('[data-test=chase-copy]');
    const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
    ok(want.every((x) => clip.includes(x)) && clip.includes('未报送企业'), 'the 催报 list is copied for pasting', clip.slice(0, 120));
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=chase-csv]')]);
    const csv = readFileSync(await dl.path(), 'utf8');
    ok(want.every((x) => csv.includes(x)) && csv.includes('联系电话'), 'the 催报 list exports as CSV with contacts', csv.slice(0, 200));
    // file for one of them
    await page.click('[data-test=file-for] >> nth=0');
    await page.waitForURL(/\/monitor\/file\?uscc=/);
    await page.waitForSelector('[data-test=mf-status]');
    ok((await page.textContent('[data-test=mf-status]')).includes('未报送'), 'the filing form opens on the missing period, not filed');
    await shot(page, '06-file-for-firm');

    // bulk upload: an error refuses the file; warnings refuse it until confirmed with a reason
    const mine = await api(ctx, base, '/enterprises?tier=srdi&page_size=5');
    const target = mine.items.find((f) => f.uscc !== accounts.get('firm').uscc).uscc; // the firm files its own below
    const s = await api(ctx, base, '/monthly/reports/' + target);
    const last = s.items[s.items.length - 1];
    await page.goto(base + '/monitor/upload');
    await page.waitForSelector('[data-test=mu-file]');
    const head = '统一社会信用代码,报告期,营业收入(累计),利润总额(累计),从业人员期末人数\n';
    const bad = head + `${target},2026-11,abc,${last.profit_ytd},${last.employees}\n`;
    await page.setInputFiles('[data-test=mu-file] input[type=file]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.click('[data-test=mu-dry]'); // commit directly
    await page.click('[data-test=mu-start]');
    await page.waitForSelector('[data-test=mu-errors] .el-table__row');
    ok((await page.textContent('[data-test=mu-errors]')).includes('abc'), 'the row error report names the bad value');
    const slip = Math.round(last.revenue_ytd * 1.1 * 10000);
    const warnCsv = head + `${target},2026-11,${slip},${last.profit_ytd},${last.employees}\n`;
    await page.setInputFiles('[data-test=mu-file] input[type=file]', { name: 'warn.csv', mimeType: 'text/csv', buffer: Buffer.from(warnCsv) });
    await page.click('[data-test=mu-start]');
    await page.waitForSelector('[data-test=mu-warnings] .el-table__row');
    ok((await page.textContent('[data-test=mu-warnings]')).includes('unit_slip'), 'warnings are listed (unit slip)');
    await shot(page, '07-upload-warnings');
    await page.click('[data-test=mu-confirm]');
    await page.fill(area('mu-reason'), '已电话核实,按元填报');
    const [up] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/imports/monthly') && r.request().method() === 'POST'),
      page.click('[data-test=mu-confirm-send]'),
    ]);
    ok(up.status() === 200, 'confirmed with a reason: the file is imported (200)', String(up.status()));
    await page.waitForSelector('[data-test=mu-result] .el-alert--success');
    clean(w, 'district');
    await ctx.close();
  }

  note(`district journey done at ${Math.round((Date.now() - T0) / 1000)} s`);
  // ---- firm: file a report that raises a warning, confirm it ----
  {
    const { ctx, page, w } = await newPage(null);
    w.expected.push([409, /\/api\/v1\/monthly\/reports$/], [422, /\/api\/v1\/monthly\/reports$/]);
    await page.goto(base + '/login');
    await page.fill(field('username'), 'firm');
    await page.fill(field('password'), passwords.get('firm'));
    await page.click('[data-test=login-submit]');
    await page.waitForURL(/\/enterprises\//);
    await page.waitForSelector('[data-test=firm-monthly-chart] canvas');
    ok(true, 'the firm page shows its monthly chart');
    await shot(page, '08-firm-page');
    await page.click('[data-test=menu-monthlyFile]');
    await page.waitForURL(/\/monitor\/file/);
    await page.waitForSelector('[data-test=mf-status]');
    ok((await page.textContent('[data-test=mf-status]')).includes('未报送'), 'the form opens on the period due (2026-11), not filed');
    const own = accounts.get('firm').uscc;
    const s = await api(ctx, base, '/monthly/reports/' + own);
    const last = s.items[s.items.length - 1];
    // revenue typed in 元 while the form says 万元: a unit slip
    await page.fill(field('mf-revenue_ytd'), String(Math.round(last.revenue_ytd * 1.08 * 10000)));
    await page.fill(field('mf-profit_ytd'), String(last.profit_ytd));
    await page.fill(field('mf-employees'), String(last.employees));
    const [r1] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/monthly/reports') && r.request().method() === 'POST'), page.click('[data-test=mf-submit]')]);
    ok(r1.status() === 409, 'the report with a unit slip is held back (409)', String(r1.status()));
    await page.waitForSelector('[data-test=finding-warning]');
    const msg = await page.textContent('[data-test=finding-warning]');
    ok(msg.includes('营业收入') && /倍|单位/.test(msg), 'the warning is shown under the field, as the API words it', msg);
    await shot(page, '09-file-warning');
    await page.click('[data-test=mf-confirm]');
    await page.waitForSelector('[data-test=mf-confirm-submit]', { state: 'visible' });
    const reasons = await page.$$(field('mf-reason'));
    for (const r of reasons) await r.fill('本月确有大额订单,已核实');
    await shot(page, '10-confirm-dialog');
    const [r2] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/monthly/reports') && r.request().method() === 'POST'), page.click('[data-test=mf-confirm-submit]')]);
    ok(r2.status() === 201, 'confirmed with a reason: filed (201)', String(r2.status()));
    await page.waitForFunction(() => document.querySelector('[data-test=mf-status]').textContent.includes('已报送'));
    ok(true, 'the form now shows the period as filed (a further change is a correction)');
    const one = await api(ctx, base, `/monthly/reports/${own}/2026-11`);
    ok(one.report && one.confirmations.length >= 1 && one.confirmations[0].reason === '本月确有大额订单,已核实', 'the confirmation and its reason are stored');
    await shot(page, '11-filed');
    clean(w, 'firm');
    note(`firm journey done at ${Math.round((Date.now() - T0) / 1000)} s`);
    await ctx.close();
  }
}

await run(main);
