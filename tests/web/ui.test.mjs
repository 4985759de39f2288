// ui.test.mjs - browser test of the web UI: headless Debian chromium driven
// by playwright-core (web/node_modules), printing TAP.
//
// It starts a server, signs in as each role, visits each main page, saves a
// screenshot of each, fails on any console error (except HTTP errors a step
// expects, such as the 401 of a wrong password), and prints the dashboard's
// first load time.
//
// Environment:
//   ZJTX_UI_SERVER  mock: web/mock/server.mjs, the dev-only mock API (the default
//                   without $ZJTX); real (the default when $ZJTX is an executable, as in
//                   make test): "$ZJTX --db $ZJTX_UI_DB serve --listen 127.0.0.1:0 $ZJTX_UI_SERVE_ARGS"
//   ZJTX, ZJTX_UI_DB the real binary and database (a temp one made by `$ZJTX demo` if unset)
//   ZJTX_UI_ACCOUNTS the demo accounts file `zjtx demo` writes (demo-accounts.json, mode
//                   0600: user names and their random passwords); with a temp database,
//                   the one written beside it
//   ZJTX_UI_PASSWORD password of the role accounts when no accounts file is used (mock:
//                   Zjtx@2025); ZJTX_UI_USER_<ROLE> user names
//   BUILD           build dir (default <repo>/build): the UI is read from $BUILD/web
//   ZJTX_UI_SHOTS   screenshot dir (default $BUILD/web-test)
//   ZJTX_CHROMIUM   browser (default /usr/bin/chromium)
// SKIPs (1..0 # SKIP) when chromium, playwright-core, the built UI or the server is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARGS, CHROMIUM, SHOTS, WEB, cleanup, loadChromium, note, ok, root, run, shot as shotIn, skip, watch } from './lib.mjs';

const MODE = process.env.ZJTX_UI_SERVER || (process.env.ZJTX && existsSync(process.env.ZJTX) ? 'real' : 'mock');
const PASSWORD = process.env.ZJTX_UI_PASSWORD || 'Zjtx@2025';
const userOf = (role) => process.env['ZJTX_UI_USER_' + role.toUpperCase()] || role;
// Random per-account passwords of the real server's demo accounts (see ZJTX_UI_ACCOUNTS).
const passwords = new Map();
function loadAccounts(file) {
  for (const a of JSON.parse(readFileSync(file, 'utf8')).accounts) passwords.set(a.username, a.password);
}
const passwordOf = (user) => passwords.get(user) || PASSWORD;

// An Element Plus input passes data-test to its <input> or keeps it on its wrapper.
const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

const chromium = loadChromium();

// ---- server ----
function startServer() {
  let cmd;
  let args;
  if (MODE === 'real') {
    const bin = process.env.ZJTX;
    if (!bin || !existsSync(bin)) return Promise.resolve({ skip: 'ZJTX_UI_SERVER=real but $ZJTX is not an executable' });
    if (spawnSync(bin, ['serve', '--help'], { stdio: 'ignore' }).status !== 0) return Promise.resolve({ skip: `${bin} has no serve command yet` });
    let db = process.env.ZJTX_UI_DB;
    if (!db) {
      const dir = mkdtempSync(join(tmpdir(), 'zjtx-ui-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      db = join(dir, 'demo.db');
      const accounts = join(dir, 'demo-accounts.json');
      const r = spawnSync(bin, ['--db', db, 'demo', '--accounts-file', accounts], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (r.status !== 0) return Promise.resolve({ skip: `${bin} demo failed (${r.status})` });
      loadAccounts(accounts);
    }
    if (process.env.ZJTX_UI_ACCOUNTS) loadAccounts(process.env.ZJTX_UI_ACCOUNTS);
    cmd = bin;
    args = ['--db', db, 'serve', '--listen', '127.0.0.1:0', ...(process.env.ZJTX_UI_SERVE_ARGS || '').split(' ').filter(Boolean)];
  } else {
    cmd = process.execPath;
    args = [join(root, 'web/mock/server.mjs'), '--listen', '127.0.0.1:0', '--static', WEB];
  }
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.push(() => child.kill('SIGTERM'));
    let out = '';
    let err = '';
    const timer = setTimeout(() => done({ skip: `server did not print its address within 20 s: ${err.slice(-300)}` }), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /zjtx: listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ url: m[1].replace(/\/$/, ''), child });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => { clearTimeout(timer); done({ skip: `server exited (${code}) before listening: ${err.slice(-300)}` }); });
  });
}

const shot = (page, name) => shotIn(page, name, name, 250); // let transitions end

async function signIn(page, base, role, { expectHome = true } = {}) {
  await page.goto(base + '/login');
  await page.fill(field('username'), userOf(role));
  await page.fill(field('password'), passwordOf(userOf(role)));
  await page.click('[data-test=login-submit]');
  if (expectHome) await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 });
}

async function main() {
  const srv = await startServer();
  if (srv.skip) skip(srv.skip);
  const base = srv.url;
  mkdirSync(SHOTS, { recursive: true });
  note(`server ${MODE} at ${base}; screenshots in ${SHOTS}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  cleanup.unshift(() => browser.close());
  const newPage = async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    return { ctx, page, w: watch(page) };
  };
  const clean = (w, name) => ok(w.errors.length === 0, `${name}: no console errors`, w.errors.join('\n'));

  // --- sign-in page and a wrong password ---
  {
    const { ctx, page, w } = await newPage();
    w.expected.push([401, /\/api\/v1\/session$/]);
    await page.goto(base + '/dashboard');
    await page.waitForURL(/\/login/);
    ok(/redirect=(%2F|\/)dashboard/.test(page.url()), 'signed-out visit to /dashboard goes to sign-in with a redirect back');
    ok((await page.textContent('h1')).includes('专精特新'), 'sign-in page shows the system name');
    await shot(page, '01-login');
    await page.fill(field('username'), userOf('city'));
    await page.fill(field('password'), 'wrong-password');
    await page.click('[data-test=login-submit]');
    const err = await page.waitForSelector('[data-test=login-error]');
    ok((await err.textContent()).includes('错误'), 'wrong password shows the server message');
    // five failures lock the name: the sixth attempt answers 429, shown as a wait
    w.expected.push([429, /\/api\/v1\/session$/]);
    await page.fill(field('username'), 'lock_probe');
    let status = 0;
    for (let i = 0; i < 6; i++) {
      await page.fill(field('password'), 'wrong-' + i);
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
        page.click('[data-test=login-submit]'),
      ]);
      status = resp.status();
    }
    await page.waitForTimeout(200);
    const last = await page.textContent('[data-test=login-error]');
    ok(status === 429, 'the sixth failure in a row answers 429', `status ${status}`);
    ok(/锁定|频繁/.test(last), 'repeated failures show the lock-out (429) message', last);
    clean(w, 'sign-in');
    await ctx.close();
  }

  // --- city: dashboard first load (cold cache), click-through, list, firm, import ---
  {
    const { ctx, page, w } = await newPage();
    // sign in through the API so the timed load is the dashboard alone
    const res = await ctx.request.post(base + '/api/v1/session', { data: { username: userOf('city'), password: passwordOf(userOf('city')) } });
    ok(res.ok(), 'city signs in through the API');
    const t0 = Date.now();
    await page.goto(base + '/dashboard');
    await page.waitForSelector('.dashboard[data-ready="1"]', { timeout: 20000 });
    const wall = Date.now() - t0;
    const readyAt = await page.evaluate(() => window.__zjtxDashboardReadyAt);
    console.log(`# dashboard first load: ${Math.round(readyAt)} ms from navigation start to charts drawn (wall ${wall} ms, cold cache, ${MODE} server)`);
    ok(readyAt > 0, 'dashboard reports its load time');
    const mapShown = await page.$('[data-test=map] canvas');
    ok(Boolean(mapShown) || Boolean(await page.$('[data-test=map-fallback]')), 'district map (or its ranked-bar fallback) is drawn');
    ok(Boolean(await page.$('[data-test=rank] canvas')), 'units without a shape are ranked beside the map');
    const tiles = await page.$$eval('[data-test^=tile-] .tile-value', (els) => els.map((e) => e.textContent.replace(/[^0-9]/g, '')));
    ok(tiles.length === 6 && Number(tiles[0]) > 0, 'pool tiles: all firms and five tiers', JSON.stringify(tiles));
    await page.waitForSelector('[data-test=targets-card] [data-test=target-set-cq-2020-notice]');
    ok((await page.textContent('[data-test=targets-card]')).includes('1,600'), 'target progress shows the notice\'s 1600 SRDI firms');
    await shot(page, '02-dashboard-city');

    await page.click('[data-test=tile-srdi]');
    await page.waitForURL(/\/enterprises\?tier=srdi/);
    await page.waitForSelector('[data-test=firm-table] .el-table__row');
    const srdiCount = Number(tiles[3]);
    const listed = Number((await page.textContent('.count')).replace(/[^0-9]/g, ''));
    ok(listed === srdiCount, `tile click lists exactly the tile's firms (${srdiCount})`, `listed ${listed}`);
    const tags = await page.$$eval('[data-test=firm-table] .tier-tag', (els) => [...new Set(els.map((e) => e.textContent.trim()))]);
    ok(tags.length === 1 && tags[0] === '专精特新', 'every listed firm holds the tier', JSON.stringify(tags));

    await page.goto(base + '/enterprises?district=GXQ&sort=name&order=asc');
    await page.waitForSelector('[data-test=firm-table] .el-table__row');
    const zoneCells = await page.$$eval('[data-test=firm-table] .zone-note', (els) => els.map((e) => e.textContent));
    const rows = await page.$$('[data-test=firm-table] .el-table__body-wrapper .el-table__row');
    ok(rows.length > 0 && zoneCells.length === rows.length && zoneCells.every((z) => z.includes('高新区')), 'zone filter lists only the zone\'s firms');
    const href = await page.getAttribute('[data-test=export-csv]', 'href');
    ok(/district=GXQ/.test(href) && /^\/api\/v1\/enterprises\.csv\?/.test(href), 'CSV export carries the filters', href);
    const csv = await ctx.request.get(base + href);
    const total = Number((await page.textContent('.count')).replace(/[^0-9]/g, ''));
    const lines = (await csv.text()).trim().split(/\r?\n/);
    ok(csv.ok() && lines.length === total + 1, `CSV holds exactly the filtered firms (${total})`, `got ${lines.length - 1}`);
    await page.goto(base + '/enterprises');
    await page.waitForSelector('[data-test=firm-table] .el-table__row');
    await shot(page, '03-enterprises');

    await page.click('[data-test=firm-table] .firm-link');
    await page.waitForURL(/\/enterprises\/[0-9A-Z]{18}$/);
    await page.waitForSelector('[data-test=profile]');
    ok(Boolean(await page.$('[data-test=annual] .el-table__row')) || Boolean(await page.$('.el-empty')), 'firm page shows annual figures');
    ok((await page.textContent('[data-test=profile]')).includes('统一社会信用代码'), 'firm page shows the profile');
    await shot(page, '04-enterprise');

    // import: a file with errors (dry run), then a good one
    await page.goto(base + '/import');
    w.expected.push([422, /\/api\/v1\/imports\//]);
    const badCsv = '统一社会信用代码,企业名称,所属区县,国民经济行业代码\n91500000000000000X,重庆测试一有限公司,沙坪坝区,C3562\n,重庆测试二有限公司,渝东区,X12\n';
    await page.setInputFiles('.uploader input[type=file]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
    await page.click('[data-test=import-start]');
    await page.waitForSelector('[data-test=import-errors] .el-table__row');
    const errRows = await page.$$('[data-test=import-errors] .el-table__body-wrapper .el-table__row');
    ok(errRows.length >= 3, 'row error report lists each bad cell (line, column, value, message)', `rows ${errRows.length}`);
    await shot(page, '05-import-errors');
    // the import requires every required column (the industry too), as the CLI does
    const good = '统一社会信用代码,企业名称,所属区县,国民经济行业代码\n' + (await firstUscc(ctx, base)) + ',重庆导入测试有限公司,沙坪坝区,C3562\n';
    await page.setInputFiles('.uploader input[type=file]', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.click('[data-test=import-start]');
    await page.waitForSelector('[data-test=import-commit]');
    ok((await page.textContent('[data-test=import-result]')).includes('校验通过'), 'dry run of a good file passes without writing');
    await shot(page, '06-import-ok');
    // the template of the chosen kind, and a workbook: the export of a list re-imports as it is
    await page.click('[data-test=import-kind] label:nth-child(2)');
    const tplHref = await page.getAttribute('[data-test=import-template]', 'href');
    ok(/\/api\/v1\/templates\/annual$/.test(tplHref), 'the template button follows the chosen kind', tplHref);
    if (MODE === 'real') {
      const tpl = await page.request.get(base + tplHref);
      const body = await tpl.body();
      ok(tpl.status() === 200 && body.subarray(0, 2).toString() === 'PK', 'the annual template downloads as an XLSX workbook', `status ${tpl.status()}`);
      await page.click('[data-test=import-kind] label:nth-child(1)');
      const xl = await page.request.get(base + '/api/v1/enterprises.xlsx?district=500106&page_size=20');
      await page.setInputFiles('.uploader input[type=file]', { name: 'export.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xl.body() });
      await page.click('[data-test=import-start]');
      await page.waitForSelector('[data-test=import-commit]');
      ok((await page.textContent('[data-test=import-result]')).includes('校验通过'), 'an exported XLSX list re-imports (dry run) without an error');
    }
    clean(w, 'city journey');
    await ctx.close();
  }

  // --- district: own dashboard; another district's firm by URL is "not found" ---
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, base, 'district');
    await page.waitForSelector('.dashboard[data-ready="1"]');
    ok((await page.textContent('.page-title')).includes('沙坪坝') || MODE === 'real', 'district dashboard is titled with its district');
    await shot(page, '07-dashboard-district');
    const foreign = await foreignUscc(browser, base, '500106');
    w.expected.push([404, /\/api\/v1\/enterprises\//]);
    await page.goto(base + '/enterprises/' + foreign);
    await page.waitForSelector('[data-test=firm-missing]');
    ok(true, 'a district user cannot open another district\'s firm by URL');
    await page.goto(base + '/users');
    await page.waitForURL((u) => !u.pathname.startsWith('/users'));
    ok(true, 'a district user is turned away from user management');
    clean(w, 'district journey');
    await ctx.close();
  }

  // --- security, auditor, admin, expert, viewer, enterprise ---
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, base, 'security');
    await page.waitForURL(/\/users/);
    await page.waitForSelector('[data-test=user-table] .el-table__row');
    await shot(page, '08-users');
    await page.click('[data-test=user-create]');
    await page.fill('.el-dialog input[placeholder*="小写"]', 'ui_test_' + Date.now().toString(36));
    const inputs = await page.$$('.el-dialog .el-input input');
    await inputs[1].fill('测试用户');
    await page.click('.el-dialog .el-select');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '评审专家' }).click();
    await page.waitForSelector('.el-select-dropdown__item:has-text("评审专家")', { state: 'hidden' });
    await page.click('[data-test=user-save]');
    const pw = await page.waitForSelector('[data-test=initial-password]', { timeout: 8000 }).catch(() => null);
    ok(Boolean(pw) && (await pw.textContent()).trim().length >= 8, 'security creates a user and sees the initial password once');
    clean(w, 'security');
    await ctx.close();
  }
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, base, 'auditor');
    await page.waitForURL(/\/audit/);
    await page.waitForSelector('[data-test=audit-table] .el-table__row');
    await page.click('[data-test=audit-verify]');
    await page.waitForSelector('.verify');
    ok((await page.textContent('.verify')).includes('通过'), 'auditor verifies the audit hash chain');
    await shot(page, '09-audit');
    clean(w, 'auditor');
    await ctx.close();
  }
  for (const [role, path, name] of [['admin', /\/system/, '10-system'], ['expert', /\/reviews/, '11-reviews'], ['enterprise', /\/enterprises\//, '12-firm-self']]) {
    const { ctx, page, w } = await newPage();
    await signIn(page, base, role === 'enterprise' ? 'firm' : role);
    await page.waitForURL(path);
    await page.waitForLoadState('networkidle');
    await shot(page, name);
    ok(true, `${role} lands on its page`);
    clean(w, role);
    await ctx.close();
  }
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, base, 'viewer');
    await page.waitForSelector('.dashboard[data-ready="1"]');
    await page.goto(base + '/enterprises');
    await page.click('[data-test=firm-table] .firm-link');
    await page.waitForSelector('[data-test=profile]');
    const profile = await page.textContent('[data-test=profile]');
    ok(/1\d\d\*\*\*\*\d{4}/.test(profile), 'viewer sees phone numbers masked');
    ok(!(await page.$('[data-test=edit-profile]')), 'viewer is offered no edit');
    // the session ends server-side (cookie gone): the next request's 401 leads back to sign-in
    w.expected.push([401, /\/api\/v1\//]);
    await ctx.clearCookies();
    await page.click('[data-test=menu-enterprises]');
    await page.waitForURL(/\/login\?redirect=/);
    ok(true, 'a 401 mid-session returns to the sign-in page with a redirect back');
    clean(w, 'viewer');
    await ctx.close();
  }

  // --- first sign-in must change the password (account newbie: the mock's, or the demo's) ---
  if (MODE === 'mock' || passwords.has('newbie')) {
    const { ctx, page, w } = await newPage();
    await signIn(page, base, 'newbie');
    await page.waitForURL(/\/password/);
    ok(Boolean(await page.$('[data-test=must-change]')), 'an account with an initial password is sent to change it');
    await shot(page, '13-must-change-password');
    await page.fill(field('pw-old'), passwordOf('newbie'));
    await page.fill(field('pw-new'), 'Chongqing#2026');
    await page.fill(field('pw-repeat'), 'Chongqing#2026');
    await page.click('[data-test=pw-submit]');
    await page.waitForURL(/\/dashboard/);
    ok(true, 'after the change the user lands on the dashboard');
    clean(w, 'password change');
    await ctx.close();
  }
}

async function firstUscc(ctx, base) {
  const r = await ctx.request.get(base + '/api/v1/enterprises?district=500106&page_size=1');
  return (await r.json()).items[0].uscc;
}
async function foreignUscc(browser, base, notDistrict) {
  const ctx = await browser.newContext();
  await ctx.request.post(base + '/api/v1/session', { data: { username: userOf('city'), password: passwordOf(userOf('city')) } });
  const r = await ctx.request.get(base + '/api/v1/enterprises?page_size=50');
  const hit = (await r.json()).items.find((f) => f.district !== notDistrict);
  await ctx.close();
  return hit.uscc;
}

await run(main);
