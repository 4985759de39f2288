// workflow.test.mjs - browser journeys of the cultivation workflow ([F5]
// through the UI of [F7]): headless Debian chromium driven by
// playwright-core (web/node_modules), against the real `zjtx serve` on a
// fresh demo database pinned to the demo's business date, printing TAP.
//
//   - the district reviews an application: its 初审 queue, the application
//     with snapshot, self-assessment, files and log, approval with a remark;
//   - the expert scores a blind application assigned to it;
//   - the city opens a batch; the dashboard's target progress clicks
//     through to the applications in flight; the lists, the notice and the
//     management pages render; the firm follows its application;
// with a screenshot of each page and no console errors.
//
// Environment: ZJTX (the binary; without it the test SKIPs: the dev mock
// has no workflow), BUILD (default <repo>/build; the UI is $BUILD/web),
// ZJTX_UI_SHOTS (default $BUILD/web-test), ZJTX_CHROMIUM (default
// /usr/bin/chromium), ZJTX_WF_FIRMS (demo size, default 800).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARGS, CHROMIUM, SHOTS, cleanup, loadChromium, note, ok, run, shot as shotIn, skip, startDemo, watch } from './lib.mjs';

const BIN = process.env.ZJTX;
const TODAY = '2026-11-28'; // demo_defaults() in src/app/demo.c
const field = (name) => `input[data-test=${name}], [data-test=${name}] input, textarea[data-test=${name}], [data-test=${name}] textarea`;

if (!BIN || !existsSync(BIN)) skip('needs the real server ($ZJTX); the dev mock has no workflow');
const chromium = loadChromium();

const passwords = new Map(); // username → demo account

async function startServer() {
  const srv = await startDemo({ bin: BIN, firms: process.env.ZJTX_WF_FIRMS || '800', prefix: 'zjtx-wf-ui-', today: TODAY });
  if (srv.accounts) for (const [u, a] of srv.accounts) passwords.set(u, a);
  return srv;
}

const shot = (page, name) => shotIn(page, name, name, 300);

// An API session for setting the scene (the browser's own session is separate).
async function api(browser, base, user) {
  const ctx = await browser.newContext();
  const r = await ctx.request.post(base + '/api/v1/session', { data: { username: user, password: passwords.get(user).password } });
  const csrf = (await r.json()).csrf_token;
  const call = async (method, path, data) => {
    const res = await ctx.request.fetch(base + '/api/v1' + path, { method, data, headers: { 'X-CSRF-Token': csrf } });
    const ct = res.headers()['content-type'] || '';
    return { status: res.status(), body: ct.includes('json') ? await res.json() : await res.text() };
  };
  return { ctx, call };
}

const PDF = Buffer.from('%PDF-1.4\n% zjtx browser test\n1 0 obj<<>>endobj\n%%EOF\n');

// The demo firm's application in the open SRDI batch, submitted (made so if needed).
async function submittedApplication(browser, base) {
  const firm = await api(browser, base, 'firm');
  const batches = (await firm.call('GET', '/batches?status=open')).body;
  const srdi = batches.find((b) => b.tier === 'srdi');
  let list = (await firm.call('GET', '/applications?open=1&page_size=200')).body.items.filter((a) => a.batch === srdi.id);
  let app = list[0];
  if (!app) app = (await firm.call('POST', '/applications', { batch: srdi.id })).body;
  if (['draft', 'returned'].includes(app.state)) {
    for (const kind of ['decl_truth', 'decl_compliance']) await firm.call('POST', `/applications/${app.id}/declarations`, { kind });
    for (const kind of ['application_form', 'financial_audit']) {
      await firm.ctx.request.post(`${base}/api/v1/applications/${app.id}/attachments?kind=${kind}`, {
        multipart: { file: { name: kind + '.pdf', mimeType: 'application/pdf', buffer: PDF } },
        headers: { 'X-CSRF-Token': (await (await firm.ctx.request.get(base + '/api/v1/session')).json()).csrf_token },
      });
    }
    const r = await firm.call('POST', `/applications/${app.id}/transitions`, { action: app.state === 'draft' ? 'submit' : 'resubmit' });
    ok(r.status === 200, 'the firm submits its application (set-up through the API)', JSON.stringify(r.body).slice(0, 300));
  }
  await firm.ctx.close();
  return app.id;
}

async function main() {
  const srv = await startServer();
  if (srv.skip) skip(srv.skip);
  const base = srv.url;
  mkdirSync(SHOTS, { recursive: true });
  note(`server at ${base} (business date ${TODAY}); screenshots in ${SHOTS}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  cleanup.unshift(() => browser.close());
  const newPage = async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    return { ctx, page, w: watch(page) };
  };
  const signIn = async (page, user) => {
    await page.goto(base + '/login');
    await page.fill(field('username'), user);
    await page.fill(field('password'), passwords.get(user).password);
    await page.click('[data-test=login-submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 });
  };
  const clean = (w, name) => ok(w.errors.length === 0, `${name}: no console errors`, w.errors.join('\n'));
  const t0 = Date.now();
  const appId = await submittedApplication(browser, base);

  // --- district: review an application (the first half of [F7]'s district journey) ---
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, 'district');
    await page.click('[data-test=menu-applications]');
    await page.waitForURL(/\/applications$/);
    await page.waitForSelector(`[data-test=open-${appId}]`);
    const quick = await page.textContent('[data-test=quick-state] .is-selected');
    ok(quick.includes('已提交'), 'the district\'s queue opens on submitted applications', quick);
    const units = await page.$$eval('[data-test=app-table] .el-table__body-wrapper .el-table__row td:nth-child(4)', (els) => [...new Set(els.map((e) => e.textContent.trim()))]);
    ok(units.length >= 1 && units.every((u) => u === '沙坪坝区' || u.includes('高新区')), 'only applications of its district (and its zone)', units.join(','));
    await shot(page, 'wf-01-district-queue');
    await page.click(`[data-test=open-${appId}]`);
    await page.waitForURL(new RegExp(`/applications/${appId}$`));
    await page.waitForSelector('[data-test=snapshot] .el-table__row');
    ok((await page.textContent('[data-test=app-state]')).includes('已提交'), 'the application is submitted');
    ok(Boolean(await page.$('[data-test=assessment]')) || Boolean(await page.$('[data-test=assessment-note]')), 'the self-assessment is shown');
    ok((await page.$$('[data-test=files] .el-table__body-wrapper .el-table__row')).length >= 2, 'the uploaded files are listed');
    ok((await page.textContent('[data-test=timeline]')).includes('提交申请'), 'the log shows the submission');
    const hint = await page.textContent('.next-steps');
    ok(hint.includes('区县初审通过') && hint.includes('退回'), 'who can do what next is said', hint);
    await shot(page, 'wf-02-district-application');
    // a return needs its reason (said before anything is sent)
    await page.click('[data-test=move-return]');
    await page.click('[data-test=move-confirm]');
    await page.waitForSelector('.el-message--warning');
    ok(true, 'returning without a reason is refused on the page');
    await page.click('.el-dialog__headerbtn');
    await page.click('[data-test=move-district_approve]');
    await page.fill(field('move-comment'), '材料齐全，经核实符合申报条件');
    await page.click('[data-test=move-confirm]');
    await page.waitForFunction(() => document.querySelector('[data-test=app-state]').textContent.includes('区县初审通过'));
    ok(true, 'the district approves: the state is 区县初审通过');
    ok((await page.textContent('[data-test=timeline]')).includes('材料齐全，经核实符合申报条件'), 'the remark is in the log');
    ok(!(await page.$('.page-actions [data-test^=move-]')), 'and it has no further move on it');
    await shot(page, 'wf-03-district-approved');
    clean(w, 'district review');
    await ctx.close();
  }

  // --- expert: score a blind application ---
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, 'expert');
    await page.waitForURL(/\/reviews/);
    await page.waitForSelector('[data-loaded="1"] [data-test=review-table] .el-table__row');
    const todo = Number((await page.textContent('[data-test=todo-count] b')).trim());
    ok(todo >= 1, `the expert has applications to score (${todo})`);
    await shot(page, 'wf-04-expert-reviews');
    const link = await page.$('[data-test=review-table] [data-test^=review-]');
    const target = (await link.getAttribute('data-test')).replace('review-', '');
    await link.click();
    await page.waitForURL(new RegExp(`/applications/${target}$`));
    await page.waitForSelector('[data-test=score-card]');
    const title = await page.textContent('.page-title');
    ok(title.includes('匿名申请'), 'blind: the title names no firm', title);
    const overview = await page.textContent('.sub');
    ok(!/9[0-9A-Z]{17}/.test(overview), 'no credit code is shown', overview);
    const files = await page.$$eval('[data-test=files] .el-table__body-wrapper a', (els) => els.map((e) => e.textContent.trim()));
    ok(files.length > 0 && files.every((f) => f.startsWith('附件')), 'file names are hidden', files.join(','));
    await page.fill(field('score-input'), '86.5');
    await page.fill(field('score-comment'), '主导产品技术指标国内先进，研发投入稳定');
    await page.click('[data-test=score-save]');
    await page.waitForFunction(() => document.querySelector('[data-test=score-card]').textContent.includes('86.5'));
    ok(true, 'the expert scores 86.5 and sees it recorded');
    await shot(page, 'wf-05-expert-scored');
    await page.goto(base + '/reviews');
    await page.waitForSelector('[data-loaded="1"] [data-test=review-table]');
    const left = Number((await page.textContent('[data-test=todo-count] b')).trim());
    ok(left === todo - 1, `one less to score (${left})`);
    clean(w, 'expert scoring');
    await ctx.close();
  }

  // --- city: open a batch, the dashboard's targets, the lists ---
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, 'city');
    await page.waitForSelector('[data-test=targets-card] [data-test=target-set-cq-2020-notice]');
    const card = await page.textContent('[data-test=targets-card]');
    ok(card.includes('1,600') && card.includes('150') && card.includes('2,500'), 'target progress: the notice\'s and the plan\'s 2025 targets', card.slice(0, 300));
    ok(Boolean(await page.$('[data-test=trajectory] canvas')), 'with the trajectory chart');
    await shot(page, 'wf-06-dashboard-targets');
    await page.click('[data-test=target-set-cq-2020-notice] [data-test=inflight-srdi]');
    await page.waitForURL(/\/applications\?/);
    ok(/tier=srdi/.test(page.url()) && /open=1/.test(page.url()), 'applications in flight click through to the list', page.url());
    await page.waitForSelector('[data-test=app-table] .el-table__row');

    await page.click('[data-test=menu-batches]');
    await page.waitForURL(/\/batches$/);
    await page.waitForSelector('[data-test=batch-table] .el-table__row');
    const before = (await page.$$('[data-test=batch-table] .el-table__body-wrapper .el-table__row')).length;
    await shot(page, 'wf-07-batches');
    await page.click('[data-test=open-batch]');
    await page.waitForSelector('[data-test=batch-form]');
    await page.locator('[data-test=b-tier] label', { hasText: '创新型' }).click();
    await page.fill(field('b-name'), '2026年度创新型中小企业评价（第三批）');
    const range = await page.$$('.el-dialog .el-range-input');
    await range[0].fill('2026-12-01');
    await range[1].fill('2026-12-31');
    await range[1].press('Enter');
    await page.click('.el-dialog__title'); // close the picker
    await shot(page, 'wf-08-batch-form');
    await page.click('[data-test=b-save]');
    await page.waitForSelector('.el-message--success');
    await page.waitForFunction((k) => document.querySelectorAll('[data-test=batch-table] .el-table__body-wrapper .el-table__row').length === k + 1, before);
    const text = await page.textContent('[data-test=batch-table]');
    ok(text.includes('2026年度创新型中小企业评价（第三批）') && text.includes('2026-12-01 ~ 2026-12-31') && text.includes('未开始'), 'the city opens a batch: it is listed, not yet open', text.slice(0, 400));

    await page.goto(base + '/applications');
    await page.waitForSelector('[data-test=app-table] .el-table__row');
    const quick = await page.textContent('[data-test=quick-state] .is-selected');
    ok(quick.includes('区县初审通过'), 'the city\'s queue opens on district-approved applications', quick);
    ok(/\/api\/v1\/applications\.xlsx\?state=district_approved/.test(await page.getAttribute('[data-test=export-apps-xlsx]', 'href')), 'the XLSX export carries the filter');
    ok(Boolean(await page.$(`[data-test=open-${appId}]`)), 'the application the district approved is waiting');
    await shot(page, 'wf-09-city-queue');
    await page.goto(base + '/notice');
    await page.waitForSelector('[data-test=notice-table] .el-table__row');
    await shot(page, 'wf-10-notice');
    await page.goto(base + '/management?tab=rereview');
    await page.waitForSelector('[data-test=rereview] .el-table__row, [data-test=rereview] .el-table__empty-text');
    await shot(page, 'wf-11-rereview');
    await page.goto(base + '/management?tab=reevaluation');
    await page.waitForSelector('[data-test=reeval-stats]');
    await shot(page, 'wf-12-reevaluation');
    clean(w, 'city');
    await ctx.close();
  }

  // --- the firm follows its application ---
  {
    const { ctx, page, w } = await newPage();
    await signIn(page, 'firm');
    await page.click('[data-test=menu-myApplications]');
    await page.waitForSelector(`[data-test=my-app-${appId}]`);
    ok((await page.textContent(`[data-test=my-app-${appId}]`)).includes('区县初审通过'), 'the firm sees its application approved by the district');
    await shot(page, 'wf-13-firm-applications');
    await page.goto(base + '/enterprises/' + passwords.get('firm').uscc);
    await page.waitForSelector('[data-test=firm-applications] li');
    ok(true, 'the firm page lists its applications');
    clean(w, 'firm');
    await ctx.close();
  }
  note(`workflow journeys took ${Date.now() - t0} ms`);
}

await run(main);
