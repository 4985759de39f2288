// lib.mjs - what the browser tests (tests/web/*.test.mjs) share: paths and
// browser flags, TAP output, a demo database and a real zjtx server on an
// ephemeral loopback port, the console-error watch and the checked
// screenshot. Each test keeps its own journeys.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
export const BUILD = resolve(process.env.BUILD || join(root, 'build'));
export const WEB = join(BUILD, 'web');
export const SHOTS = resolve(process.env.ZJTX_UI_SHOTS || join(BUILD, 'web-test'));
export const CHROMIUM = process.env.ZJTX_CHROMIUM || '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// ---- TAP ----
let n = 0;
let failed = 0;
export function skip(reason) {
  console.log(`1..0 # SKIP ${reason}`);
  process.exit(0);
}
export function ok(cond, name, diag) {
  n++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond) {
    failed++;
    if (diag !== undefined && diag !== '') for (const line of String(diag).split('\n').slice(0, 30)) console.log('#   ' + line);
  }
  return cond;
}
export const note = (s) => console.log('# ' + s);

// Functions run at the end, first to last (the browser first: unshift it).
export const cleanup = [];

/** Runs main, reports an exception as a failure, cleans up, prints the plan and exits. */
export async function run(main) {
  try {
    await main();
  } catch (e) {
    ok(false, 'browser test ran to the end', e && e.stack ? e.stack : String(e));
  } finally {
    for (const f of cleanup) {
      try {
        await f();
      } catch {
        /* already gone */
      }
    }
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

/** playwright-core's chromium from web/node_modules, or a skip saying what is missing. */
export function loadChromium() {
  if (!existsSync(CHROMIUM)) skip(`no browser at ${CHROMIUM}`);
  let chromium;
  try {
    chromium = createRequire(join(root, 'web/package.json'))('playwright-core').chromium;
  } catch {
    skip('playwright-core not installed (make web runs npm ci in web/)');
  }
  if (!existsSync(join(WEB, 'index.html'))) skip(`UI not built: ${join(WEB, 'index.html')} missing (make web)`);
  return chromium;
}

/**
 * Builds a demo database of `firms` firms in a temporary directory and starts
 * `bin serve` on it (127.0.0.1, port 0, the built UI). Resolves {url, accounts}
 * (accounts: Map username → the demo account, with its password), or {skip}.
 * `today` pins the business date. Both are removed by cleanup.
 */
export function startDemo({ bin, firms, prefix, today }) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'demo.db');
  const file = join(dir, 'demo-accounts.json');
  const r = spawnSync(bin, ['--db', db, 'demo', '--enterprises', String(firms), '--accounts-file', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) return Promise.resolve({ skip: `zjtx demo failed (${r.status})` });
  const accounts = new Map();
  for (const a of JSON.parse(readFileSync(file, 'utf8')).accounts) accounts.set(a.username, a);
  const args = ['--db', db, ...(today ? ['--today', today] : []), 'serve', '--listen', '127.0.0.1:0', '--web', WEB];
  return new Promise((done) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.push(() => child.kill('SIGTERM'));
    let out = '';
    let err = '';
    const timer = setTimeout(() => done({ skip: `server did not start: ${err.slice(-300)}` }), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /zjtx: listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ url: m[1].replace(/\/$/, ''), accounts });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => { clearTimeout(timer); done({ skip: `server exited (${code}): ${err.slice(-300)}` }); });
  });
}

/**
 * Collects the page's console errors and uncaught exceptions in w.errors,
 * except answers the journey expects: w.expected holds [status, url regexp]
 * pairs (GET /session answers 401 when signed out: the UI's first probe).
 */
export function watch(page) {
  const w = { errors: [], expected: [[401, /\/api\/v1\/session$/]] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const url = (msg.location() && msg.location().url) || '';
    const st = /status of (\d{3})/.exec(text);
    if (st && w.expected.some(([code, re]) => code === Number(st[1]) && re.test(url))) return;
    w.errors.push(`${text} ${url}`);
  });
  page.on('pageerror', (e) => w.errors.push('pageerror: ' + e.message));
  return w;
}

/**
 * Saves a full-page screenshot SHOTS/<file>.png after `wait` ms (transitions),
 * and checks that every Element Plus tag was resolved to a component (an
 * unregistered one stays an <el-...> element); the check is named `name`.
 */
export async function shot(page, file, name = file, wait = 250) {
  await page.waitForTimeout(wait);
  await page.screenshot({ path: join(SHOTS, file + '.png'), fullPage: true });
  const raw = await page.evaluate(() => [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()).filter((t) => t.startsWith('el-')))]);
  ok(raw.length === 0, `${name}: every component is registered`, raw.join(' '));
}
