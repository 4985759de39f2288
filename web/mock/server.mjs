#!/usr/bin/env node
// server.mjs - a DEV-ONLY mock of the zjtx HTTP API (docs/API.md), with the
// built UI served beside it, so the UI can be developed and browser-tested
// before the C server exists. The product never uses it: `zjtx serve` is the
// real server. Plain node:http, no dependencies, data in memory (fixtures.mjs),
// reset on every start.
//
//   node mock/server.mjs [--listen 127.0.0.1:8787] [--static DIR] [--firms N] [--delay MS]
//
// Prints "zjtx: listening on http://HOST:PORT" like the real server (port 0
// picks a free one). All mock accounts use the password Zjtx@2025 (see
// web/README.md); `newbie` must change it at first sign-in.
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildFixtures, currentTier, sizeOf, usccValid, districtByCode, zoneByCode, industryName,
  TIERS, TIER_RANK, STATUS_LABELS, INDICATORS_ANNUAL, INDICATORS_MONTHLY, USERS_SEED, DISTRICTS, ZONES, SECTIONS,
  CURRENT_DISTRICTS,
} from './fixtures.mjs';
import { registerMonthly } from './monthly.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// ---- options ----
function arg(name, dflt) {
  const i = process.argv.indexOf('--' + name);
  if (i > 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith('--' + name + '='));
  return eq ? eq.slice(name.length + 3) : dflt;
}
const LISTEN = arg('listen', process.env.ZJTX_MOCK_LISTEN || '127.0.0.1:8787');
const STATIC = resolve(arg('static', process.env.ZJTX_WEB_OUT || join(here, '../../build/web')));
const FIRMS = Number(arg('firms', '900'));
const DELAY = Number(arg('delay', process.env.ZJTX_MOCK_DELAY || '0'));
const PASSWORD = 'Zjtx@2025';
const MAX_BODY = 20 * 1024 * 1024;

// ---- data ----
const db = buildFixtures(FIRMS);
const today = () => new Date().toISOString().slice(0, 10);
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function hashPw(pw) {
  return createHash('sha256').update('mock:' + pw).digest('hex');
}
const users = USERS_SEED.map((u, i) => ({
  id: i + 1, district: null, uscc: null, disabled: false, must_change_password: false, last_login: null, ...u,
  pw: hashPw(PASSWORD),
}));
// The firm account belongs to an SRDI firm of 沙坪坝 (so the district user sees it too).
{
  const pick = [...db.firms.values()].find((f) => f.district === '500106' && (currentTier(db.tierEvents.get(f.uscc)) || {}).tier === 'srdi')
    || db.firms.values().next().value;
  users.find((u) => u.role === 'enterprise').uscc = pick.uscc;
}
let nextUserId = users.length + 1;

const sessions = new Map(); // token → {userId, csrf, last, created}
const failures = new Map(); // username → {n, until}

const audit = [];
function addAudit(actor, action, entity, entityId, before, after, ip = '127.0.0.1', time = now()) {
  const prev = audit.length ? audit[audit.length - 1].hash : '';
  const e = {
    seq: audit.length + 1, time, actor: actor ? actor.username : '-', role: actor ? actor.role : '', ip, action, entity,
    entity_id: entityId, before: before ?? null, after: after ?? null,
  };
  e.hash = createHash('sha256').update(prev + JSON.stringify(e)).digest('hex');
  audit.push(e);
}
{
  const base = Date.now() - 3 * 86400e3;
  const at = (h) => new Date(base + h * 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const city = users[0];
  const some = [...db.firms.values()].slice(0, 3);
  addAudit(city, 'session.create', 'session', 'city', null, null, '10.20.1.15', at(1));
  addAudit(city, 'import.commit', 'import', 'enterprises', null, { rows: FIRMS, created: FIRMS, updated: 0 }, '10.20.1.15', at(1.2));
  addAudit(city, 'enterprise.update', 'enterprise', some[0].uscc, { phone: '023-6886****' }, { phone: some[0].phone }, '10.20.1.15', at(2));
  addAudit(users[1], 'session.create', 'session', 'district', null, null, '10.31.4.22', at(20));
  addAudit(users[7], 'user.create', 'user', 'newbie', null, { role: 'city' }, '10.20.9.3', at(30));
}

// ---- views ----
function maskName(s) {
  return s ? s.slice(0, 1) + '*'.repeat(Math.max(1, s.length - 1)) : s;
}
function maskPhone(s) {
  return s && s.length >= 7 ? s.slice(0, 3) + '****' + s.slice(-4) : s;
}
function canSeePersonal(user, firm) {
  return user.role === 'city' || user.role === 'district' || (user.role === 'enterprise' && user.uscc === firm.uscc);
}
function firmView(firm, user) {
  const ev = currentTier(db.tierEvents.get(firm.uscc) || []);
  const t = ev ? TIERS.find((x) => x.key === ev.tier) : null;
  const d = districtByCode(firm.district);
  const z = firm.zone ? zoneByCode(firm.zone) : null;
  const personal = canSeePersonal(user, firm);
  return {
    uscc: firm.uscc, name: firm.name, district: firm.district, district_name: d ? d.name : firm.district,
    zone: firm.zone || null, zone_name: z ? z.name : null, industry: firm.industry, industry_name: industryName(firm.industry),
    emerging: firm.emerging ?? null, founded: firm.founded || null, niche_since: firm.niche_since ?? null,
    contact: personal ? firm.contact : maskName(firm.contact), phone: personal ? firm.phone : maskPhone(firm.phone),
    tier: t ? t.key : null, tier_label: t ? t.label : null, tier_until: ev ? ev.until : null,
    size_class: sizeOf(firm, db.annual.get(firm.uscc)),
  };
}
function userView(u) {
  const { pw, ...rest } = u;
  return rest;
}
function inScope(user, firm) {
  if (['city', 'viewer'].includes(user.role)) return true;
  if (user.role === 'district') return firm.district === user.district;
  if (user.role === 'enterprise') return firm.uscc === user.uscc;
  if (user.role === 'admin') return true; // entity audit only; no list menu
  return false;
}
const READS_FIRMS = ['city', 'district', 'viewer', 'enterprise'];

// ---- HTTP helpers ----
class Problem extends Error {
  constructor(status, title, detail, errors) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}
const TYPES = { 400: 'invalid', 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'too-large', 422: 'invalid', 429: 'too-many-requests', 500: 'internal' };
const bad = (detail, errors) => new Problem(400, '输入无效', detail, errors);
const notFound = (detail = '对象不存在或不在您的数据范围内') => new Problem(404, '未找到', detail);
const forbidden = (detail = '当前角色无权进行此操作') => new Problem(403, '无权操作', detail);

let reqSeq = 0;
function send(res, status, body, headers = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(json);
}
function sendProblem(res, p, headers = {}) {
  const body = { type: 'about:blank#' + (TYPES[p.status] || 'error'), title: p.title, status: p.status, detail: p.detail || p.title, instance: 'req-' + (++reqSeq) };
  if (p.errors) body.errors = p.errors;
  res.writeHead(p.status, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    let n = 0;
    req.on('data', (c) => {
      n += c.length;
      if (n > MAX_BODY) {
        fail(new Problem(413, '文件过大', `请求体超过 ${MAX_BODY / 1048576} MB 上限`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}
async function readJson(req) {
  const buf = await readBody(req);
  if (!buf.length) return {};
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw bad('请求体不是有效的 JSON');
  }
}
function cookies(req) {
  const out = {};
  for (const part of String(req.headers.cookie || '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function authenticate(req) {
  const token = cookies(req).zjtx_session;
  const s = token && sessions.get(token);
  if (!s) return null;
  const t = Date.now();
  if (t - s.last > 30 * 60e3 || t - s.created > 12 * 3600e3) {
    sessions.delete(token);
    return null;
  }
  s.last = t;
  const user = users.find((u) => u.id === s.userId);
  if (!user || user.disabled) return null;
  return { user, session: s, token };
}

// ---- CSV ----
function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
const ENT_COLS = [
  ['uscc', '统一社会信用代码'], ['name', '企业名称'], ['district', '所属区县'], ['zone', '所属功能区'], ['industry', '国民经济行业代码'],
  ['emerging', '战略性新兴产业类别'], ['founded', '成立日期'], ['niche_since', '进入细分市场年份'], ['contact', '联系人'], ['phone', '联系电话'],
];
function headerKey(h, cols) {
  const clean = h.replace(/^\uFEFF/, '').replace(/[(（[].*$/, '').trim();
  const hit = cols.find(([k, l]) => k === clean || l === clean);
  return hit ? hit[0] : null;
}
function findDistrict(text) {
  const s = String(text || '').trim();
  return CURRENT_DISTRICTS.find((d) => d.code === s || d.name === s || (d.short_name && d.short_name === s));
}
function findZone(text) {
  const s = String(text || '').trim();
  return ZONES.find((z) => z.code === s.toUpperCase() || z.name === s || z.full_name === s);
}

function multipartFile(buf, ctype) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ctype);
  if (!m) throw bad('缺少 multipart 边界');
  const boundary = Buffer.from('--' + (m[1] || m[2]));
  let pos = buf.indexOf(boundary);
  while (pos >= 0) {
    const next = buf.indexOf(boundary, pos + boundary.length);
    if (next < 0) break;
    const part = buf.subarray(pos + boundary.length + 2, next - 2);
    const headEnd = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, headEnd).toString('utf8');
    if (/name="file"/.test(head)) return { name: (/filename="([^"]*)"/.exec(head) || [])[1] || '', data: part.subarray(headEnd + 4) };
    pos = next;
  }
  throw bad('缺少文件字段 file', [{ field: 'file', message: '请选择要上传的文件' }]);
}

function rowError(errors, line, col, column, value, message) {
  errors.push({ line, col, column, value, message, text: `第${line}行 ${column} "${value}": ${message}` });
}

function importEnterprises(rows, user, dry) {
  const header = rows[0] || [];
  const keys = header.map((h) => headerKey(h, ENT_COLS));
  const ignored = header.filter((h, i) => !keys[i]).map((h) => h.trim()).filter(Boolean);
  const errors = [];
  const label = (k) => (ENT_COLS.find((c) => c[0] === k) || [k, k])[1];
  for (const req of ['uscc', 'name', 'district']) {
    if (!keys.includes(req)) rowError(errors, 1, 0, label(req), '', '缺少必填列');
  }
  const parsed = [];
  rows.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const rec = {};
    keys.forEach((k, j) => { if (k) rec[k] = (cells[j] || '').trim(); });
    const col = (k) => keys.indexOf(k) + 1;
    const uscc = (rec.uscc || '').toUpperCase();
    if (!usccValid(uscc)) rowError(errors, line, col('uscc'), label('uscc'), rec.uscc || '', uscc.length !== 18 ? '应为 18 位' : '校验位不正确');
    if (!rec.name) rowError(errors, line, col('name'), label('name'), '', '必填');
    const d = findDistrict(rec.district);
    if (!d) rowError(errors, line, col('district'), label('district'), rec.district || '', '未知区县');
    else if (user.role === 'district' && d.code !== user.district) rowError(errors, line, col('district'), label('district'), rec.district, '不属于本区县，无权导入');
    let zone = '';
    if (rec.zone) {
      const z = findZone(rec.zone);
      if (!z) rowError(errors, line, col('zone'), label('zone'), rec.zone, '未知功能区');
      else zone = z.code;
    }
    if (rec.industry !== undefined && rec.industry !== '' && !/^[A-T]?\d{2,4}$/.test(rec.industry)) rowError(errors, line, col('industry'), label('industry'), rec.industry, '应为行业代码，如 C3562');
    if (rec.founded && !/^\d{4}-\d{2}-\d{2}$/.test(rec.founded)) rowError(errors, line, col('founded'), label('founded'), rec.founded, '日期应为 YYYY-MM-DD');
    parsed.push({ ...rec, uscc, district: d ? d.code : '', zone, industry: rec.industry ? (/^[A-T]/.test(rec.industry) ? rec.industry : 'C' + rec.industry) : undefined });
  });
  if (errors.length) return { status: 422, body: { committed: false, rows: parsed.length, error_count: errors.length, errors: errors.slice(0, 1000), encoding: 'UTF-8' } };
  let created = 0;
  let updated = 0;
  for (const rec of parsed) {
    const old = db.firms.get(rec.uscc);
    if (old) updated++; else created++;
    if (dry) continue;
    const next = { ...(old || { emerging: null, niche_since: null, contact: '', phone: '', industry: 'C3489', founded: null }), ...Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined && v !== '')) };
    if (rec.zone === '') next.zone = '';
    db.firms.set(rec.uscc, next);
    if (!db.annual.has(rec.uscc)) db.annual.set(rec.uscc, []);
    if (!db.tierEvents.has(rec.uscc)) db.tierEvents.set(rec.uscc, []);
  }
  if (!dry) addAudit(user, 'import.commit', 'import', 'enterprises', null, { rows: parsed.length, created, updated });
  return { status: 200, body: { committed: !dry, dry_run: dry, rows: parsed.length, created, updated, encoding: 'UTF-8', ignored } };
}

function importAnnual(rows, user, dry) {
  const cols = [['uscc', '统一社会信用代码'], ['year', '年度'], ...INDICATORS_ANNUAL.map((x) => [x.key, x.label])];
  const header = rows[0] || [];
  const keys = header.map((h) => headerKey(h, cols));
  const ignored = header.filter((h, i) => !keys[i]).map((h) => h.trim()).filter(Boolean);
  const errors = [];
  const parsed = [];
  if (!keys.includes('uscc')) rowError(errors, 1, 0, '统一社会信用代码', '', '缺少必填列');
  if (!keys.includes('year')) rowError(errors, 1, 0, '年度', '', '缺少必填列');
  rows.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const rec = {};
    keys.forEach((k, j) => {
      if (!k) return;
      const v = (cells[j] || '').trim();
      const label = header[j].trim();
      if (k === 'uscc') {
        const u = v.toUpperCase();
        const f = db.firms.get(u);
        if (!usccValid(u)) rowError(errors, line, j + 1, label, v, '校验位不正确');
        else if (!f || !inScope(user, f)) rowError(errors, line, j + 1, label, v, '企业库中没有该企业' + (user.role === 'district' ? '(或不属于本区县）' : ''));
        rec.uscc = u;
      } else if (k === 'year') {
        if (!/^\d{4}$/.test(v) || Number(v) < 2000 || Number(v) > 2100) rowError(errors, line, j + 1, label, v, '年度应为 2000–2100 的四位年份');
        rec.year = Number(v);
      } else if (v !== '') {
        if (!/^-?\d+(\.\d{1,2})?$/.test(v.replace(/,/g, ''))) rowError(errors, line, j + 1, label, v, '应为数字，最多两位小数');
        else rec[k] = Number(v.replace(/,/g, ''));
      }
    });
    parsed.push(rec);
  });
  if (errors.length) return { status: 422, body: { committed: false, rows: parsed.length, error_count: errors.length, errors: errors.slice(0, 1000), encoding: 'UTF-8' } };
  let created = 0;
  let updated = 0;
  for (const rec of parsed) {
    const list = db.annual.get(rec.uscc) || [];
    const old = list.find((r) => r.year === rec.year);
    if (old) updated++; else created++;
    if (dry) continue;
    if (old) Object.assign(old, rec); else list.push(rec);
    list.sort((a, b) => a.year - b.year);
    db.annual.set(rec.uscc, list);
  }
  if (!dry) addAudit(user, 'import.commit', 'import', 'annual', null, { rows: parsed.length, created, updated });
  return { status: 200, body: { committed: !dry, dry_run: dry, rows: parsed.length, created, updated, encoding: 'UTF-8', ignored } };
}

// ---- list helpers ----
function pageParams(q) {
  const page = q.get('page') ? Number(q.get('page')) : 1;
  const size = q.get('page_size') ? Number(q.get('page_size')) : 20;
  if (!Number.isInteger(page) || page < 1) throw bad('page 应为正整数', [{ field: 'page', message: '应为正整数' }]);
  if (!Number.isInteger(size) || size < 1 || size > 200) throw bad('page_size 应为 1–200', [{ field: 'page_size', message: '应为 1–200 的整数' }]);
  return { page, size };
}
function paged(list, q) {
  const { page, size } = pageParams(q);
  return { total: list.length, page, page_size: size, items: list.slice((page - 1) * size, page * size) };
}
function filterFirms(user, q) {
  let list = [...db.firms.values()].filter((f) => inScope(user, f));
  const district = q.get('district');
  if (district) {
    const z = findZone(district);
    const d = z ? null : findDistrict(district) || DISTRICTS.find((x) => x.code === district);
    if (!z && !d) throw bad(`未知区县 "${district}"`, [{ field: 'district', message: '未知区县或功能区' }]);
    list = z ? list.filter((f) => f.zone === z.code) : list.filter((f) => f.district === d.code);
  }
  const industry = q.get('industry');
  if (industry) list = list.filter((f) => f.industry.startsWith(industry.toUpperCase()));
  const tier = q.get('tier');
  if (tier) {
    if (tier !== 'none' && !TIER_RANK[tier]) throw bad(`未知梯度 "${tier}"`, [{ field: 'tier', message: '可选 candidate、innovative、srdi、little_giant、champion、none' }]);
    list = list.filter((f) => {
      const ev = currentTier(db.tierEvents.get(f.uscc) || []);
      return tier === 'none' ? !ev : ev && ev.tier === tier;
    });
  }
  const text = (q.get('q') || '').trim().toUpperCase();
  if (text) list = list.filter((f) => f.name.toUpperCase().includes(text) || f.uscc.startsWith(text));
  const sort = q.get('sort') || 'uscc';
  const order = q.get('order') === 'desc' ? -1 : 1;
  const keyOf = {
    uscc: (f) => f.uscc, name: (f) => f.name, district: (f) => f.district, industry: (f) => f.industry, founded: (f) => f.founded || '',
    tier: (f) => TIER_RANK[(currentTier(db.tierEvents.get(f.uscc) || []) || {}).tier] || 0,
  }[sort];
  if (!keyOf) throw bad(`不能按 "${sort}" 排序`, [{ field: 'sort', message: '可选 uscc、name、district、industry、tier、founded' }]);
  const coll = new Intl.Collator('zh-CN');
  list.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    const c = typeof x === 'number' ? x - y : coll.compare(x, y);
    return c !== 0 ? c * order : a.uscc.localeCompare(b.uscc);
  });
  return list;
}

// ---- routes ----
const routes = [];
function route(method, pattern, handler, opts = {}) {
  routes.push({ method, re: new RegExp('^' + pattern.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)') + '$'), handler, opts });
}
function need(ctx, roles) {
  if (!roles.includes(ctx.user.role)) throw forbidden();
}
function firmFor(ctx, uscc) {
  const f = db.firms.get(String(uscc).toUpperCase());
  if (!f || !inScope(ctx.user, f)) throw notFound();
  return f;
}

route('POST', '/api/v1/session', async (ctx) => {
  const body = await readJson(ctx.req);
  const username = String(body.username || '').trim();
  const errors = [];
  if (!username) errors.push({ field: '/username', message: '必填' });
  if (!body.password) errors.push({ field: '/password', message: '必填' });
  if (errors.length) throw bad('请输入用户名和密码', errors);
  const f = failures.get(username);
  if (f && f.until > Date.now()) {
    const s = Math.ceil((f.until - Date.now()) / 1000);
    throw Object.assign(new Problem(429, '请求过于频繁', `登录失败次数过多，账号已锁定，请 ${Math.ceil(s / 60)} 分钟后再试`), { headers: { 'Retry-After': String(s) } });
  }
  const user = users.find((u) => u.username === username);
  if (!user || user.pw !== hashPw(body.password) || user.disabled) {
    const n = (f && f.until && f.until <= Date.now() ? 0 : f ? f.n : 0) + 1; // a lock that ran out starts afresh
    failures.set(username, { n, until: n >= 5 ? Date.now() + 15 * 60e3 : 0 });
    throw new Problem(401, '未登录', user && user.disabled ? '账号已停用，请联系安全管理员' : '用户名或密码错误');
  }
  failures.delete(username);
  const token = randomBytes(24).toString('base64url');
  const csrf = randomBytes(18).toString('base64url');
  sessions.set(token, { userId: user.id, csrf, last: Date.now(), created: Date.now() });
  const view = userView(user);
  user.last_login = now();
  addAudit(user, 'session.create', 'session', user.username, null, null, ctx.ip);
  return [200, { user: view, csrf_token: csrf }, { 'Set-Cookie': `zjtx_session=${token}; HttpOnly; SameSite=Strict; Path=/` }];
}, { public: true, noCsrf: true });

route('GET', '/api/v1/session', (ctx) => [200, { user: userView(ctx.user), csrf_token: ctx.session.csrf }]);
route('DELETE', '/api/v1/session', (ctx) => {
  sessions.delete(ctx.token);
  return [204, null, { 'Set-Cookie': 'zjtx_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0' }];
});
route('POST', '/api/v1/session/password', async (ctx) => {
  const body = await readJson(ctx.req);
  const u = ctx.user;
  if (u.pw !== hashPw(String(body.old_password || ''))) throw bad('当前密码不正确', [{ field: '/old_password', message: '当前密码不正确' }]);
  const pw = String(body.new_password || '');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  let msg = '';
  if (pw.length < 8) msg = '至少 8 位';
  else if (classes < 3) msg = '需包含大写字母、小写字母、数字、符号中的至少 3 类';
  else if (pw.toLowerCase().includes(u.username.toLowerCase())) msg = '不能包含用户名';
  else if (pw === body.old_password) msg = '不能与当前密码相同';
  if (msg) throw bad('新密码不符合密码策略', [{ field: '/new_password', message: msg }]);
  u.pw = hashPw(pw);
  u.must_change_password = false;
  addAudit(u, 'session.password', 'user', u.username, null, null, ctx.ip);
  return [200, { user: userView(u), csrf_token: ctx.session.csrf }];
});

route('GET', '/api/v1/meta/districts', () => [200, { districts: DISTRICTS, zones: ZONES }], { public: true });
route('GET', '/api/v1/meta/industries', () => [200, { sections: SECTIONS }], { public: true });
route('GET', '/api/v1/meta/tiers', () => [200, TIERS], { public: true });
route('GET', '/api/v1/meta/indicators', () => [200, { annual: INDICATORS_ANNUAL, monthly: INDICATORS_MONTHLY }], { public: true });

route('GET', '/api/v1/enterprises', (ctx) => {
  need(ctx, READS_FIRMS);
  const list = filterFirms(ctx.user, ctx.query);
  const p = paged(list, ctx.query);
  p.items = p.items.map((f) => firmView(f, ctx.user));
  return [200, p];
});
route('GET', '/api/v1/enterprises.csv', (ctx) => {
  need(ctx, ['city', 'district', 'viewer']);
  const list = filterFirms(ctx.user, ctx.query);
  const lines = [ENT_COLS.map((c) => c[1]).join(',')];
  for (const f of list) {
    const v = firmView(f, ctx.user);
    lines.push([v.uscc, v.name, v.district_name, v.zone_name || '', v.industry, v.emerging ?? '', v.founded ?? '', v.niche_since ?? '', v.contact, v.phone].map(csvCell).join(','));
  }
  return [200, '\uFEFF' + lines.join('\r\n') + '\r\n', {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="enterprises.csv"; filename*=UTF-8''${encodeURIComponent('企业名录')}.csv`,
  }];
});
route('POST', '/api/v1/enterprises', async (ctx) => {
  need(ctx, ['city', 'district']);
  const body = await readJson(ctx.req);
  const res = importEnterprises([ENT_COLS.map((c) => c[0]), ENT_COLS.map((c) => String(body[c[0]] ?? ''))], ctx.user, false);
  if (res.status !== 200) throw bad('企业信息有误', res.body.errors.map((e) => ({ field: '/' + (ENT_COLS[e.col - 1] || ['row'])[0], message: e.message })));
  return [201, firmView(db.firms.get(String(body.uscc).toUpperCase()), ctx.user)];
});
route('GET', '/api/v1/enterprises/{uscc}', (ctx, p) => {
  need(ctx, READS_FIRMS);
  return [200, firmView(firmFor(ctx, p.uscc), ctx.user)];
});
route('PATCH', '/api/v1/enterprises/{uscc}', async (ctx, p) => {
  need(ctx, ['city', 'district', 'enterprise']);
  const firm = firmFor(ctx, p.uscc);
  const body = await readJson(ctx.req);
  const errors = [];
  const next = { ...firm };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'uscc') errors.push({ field: '/uscc', message: '统一社会信用代码不可修改' });
    else if (ctx.user.role === 'enterprise' && ['district', 'zone', 'industry'].includes(k)) errors.push({ field: '/' + k, message: '企业用户不能修改此项' });
    else if (k === 'name') { if (!v || String(v).length > 100) errors.push({ field: '/name', message: '必填，不超过 100 字' }); else next.name = String(v).trim(); }
    else if (k === 'district') { const d = findDistrict(v); if (!d) errors.push({ field: '/district', message: '未知区县' }); else if (ctx.user.role === 'district' && d.code !== ctx.user.district) errors.push({ field: '/district', message: '不能移出本区县' }); else next.district = d.code; }
    else if (k === 'zone') { if (!v) next.zone = ''; else { const z = findZone(v); if (!z) errors.push({ field: '/zone', message: '未知功能区' }); else next.zone = z.code; } }
    else if (k === 'industry') { if (!/^[A-T]\d{2,4}$/.test(String(v || ''))) errors.push({ field: '/industry', message: '应为行业代码，如 C3562' }); else next.industry = v; }
    else if (k === 'founded') { if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push({ field: '/founded', message: '日期应为 YYYY-MM-DD' }); else next.founded = v || null; }
    else if (k === 'phone') { if (v && !/^[0-9+\- ]{7,20}$/.test(v)) errors.push({ field: '/phone', message: '电话号码格式不正确' }); else next.phone = v || ''; }
    else if (['contact', 'emerging', 'niche_since'].includes(k)) next[k] = v;
    else errors.push({ field: '/' + k, message: '未知字段' });
  }
  if (errors.length) throw bad('企业信息有误', errors);
  const before = {};
  const after = {};
  for (const k of Object.keys(body)) { before[k] = firm[k] ?? null; after[k] = next[k] ?? null; }
  db.firms.set(firm.uscc, next);
  addAudit(ctx.user, 'enterprise.update', 'enterprise', firm.uscc, before, after, ctx.ip);
  return [200, firmView(next, ctx.user)];
});
route('GET', '/api/v1/enterprises/{uscc}/annual', (ctx, p) => {
  need(ctx, READS_FIRMS);
  const f = firmFor(ctx, p.uscc);
  return [200, db.annual.get(f.uscc) || []];
});
route('GET', '/api/v1/enterprises/{uscc}/tiers', (ctx, p) => {
  need(ctx, READS_FIRMS);
  const f = firmFor(ctx, p.uscc);
  const events = db.tierEvents.get(f.uscc) || [];
  const label = (ev) => ({ ...ev, tier_label: TIERS.find((x) => x.key === ev.tier).label, status_label: STATUS_LABELS[ev.status] });
  const cur = currentTier(events);
  return [200, { current: cur ? label(cur) : null, history: events.map(label) }];
});
// The criteria engine is not mocked: the firm page's explanation and the
// criteria list answer empty (the real server evaluates; tests/web/criteria.test.mjs).
route('GET', '/api/v1/enterprises/{uscc}/evaluation', (ctx, p) => {
  need(ctx, READS_FIRMS);
  const f = firmFor(ctx, p.uscc);
  return [200, { uscc: f.uscc, name: f.name, year: Number(ctx.query.year) || new Date().getFullYear() - 1, results: [] }];
});
route('GET', '/api/v1/criteria', (ctx) => {
  need(ctx, READS_FIRMS);
  return [200, []];
});
route('POST', '/api/v1/enterprises/{uscc}/tiers', async (ctx, p) => {
  need(ctx, ['city']);
  const f = firmFor(ctx, p.uscc);
  const b = await readJson(ctx.req);
  const errors = [];
  if (!TIER_RANK[b.tier]) errors.push({ field: '/tier', message: '未知梯度' });
  if (!STATUS_LABELS[b.status]) errors.push({ field: '/status', message: '未知状态' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(b.since || '')) errors.push({ field: '/since', message: '日期应为 YYYY-MM-DD' });
  if (b.until && !(b.until > b.since)) errors.push({ field: '/until', message: '有效期应晚于起始日期' });
  if (['exited', 'revoked'].includes(b.status) && !b.reason) errors.push({ field: '/reason', message: '退出或撤销须注明原因' });
  if (errors.length) throw bad('梯度变更信息有误', errors);
  const ev = { tier: b.tier, status: b.status, since: b.since, until: b.until || null, reason: b.reason || null, doc_no: b.doc_no || null };
  db.tierEvents.get(f.uscc).push(ev);
  addAudit(ctx.user, 'tier.append', 'enterprise', f.uscc, null, ev, ctx.ip);
  return [201, ev];
});

route('GET', '/api/v1/stats/pool', (ctx) => {
  need(ctx, ['city', 'district', 'viewer']);
  const q = new URLSearchParams(ctx.query);
  q.delete('page');
  const list = filterFirms(ctx.user, q);
  const byUnit = new Map();
  for (const f of list) {
    const unit = f.zone || f.district;
    if (!byUnit.has(unit)) {
      const z = zoneByCode(unit);
      const d = districtByCode(unit);
      byUnit.set(unit, { unit, name: z ? z.name : d ? d.name : unit, ...Object.fromEntries(TIERS.map((x) => [x.key, 0])), none: 0, total: 0 });
    }
    const row = byUnit.get(unit);
    const ev = currentTier(db.tierEvents.get(f.uscc) || []);
    row[ev ? ev.tier : 'none']++;
    row.total++;
  }
  return [200, [...byUnit.values()].sort((a, b) => a.unit.localeCompare(b.unit))];
});

route('POST', '/api/v1/imports/{kind}', async (ctx, p) => {
  need(ctx, ['city', 'district']);
  if (!['enterprises', 'annual'].includes(p.kind)) throw notFound('未知导入类型');
  const dry = ctx.query.get('dry_run') === '1';
  const buf = await readBody(ctx.req);
  const ctype = String(ctx.req.headers['content-type'] || '');
  const data = ctype.startsWith('multipart/form-data') ? multipartFile(buf, ctype).data : buf;
  const text = data.toString('utf8');
  if (text.includes('\uFFFD')) throw bad('文件不是 UTF-8 编码（模拟服务器只识别 UTF-8）', [{ field: 'file', message: '请另存为 UTF-8 CSV' }]);
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!rows.length) throw bad('文件为空', [{ field: 'file', message: '文件为空' }]);
  const res = p.kind === 'enterprises' ? importEnterprises(rows, ctx.user, dry) : importAnnual(rows, ctx.user, dry);
  return [res.status, res.body];
});

route('GET', '/api/v1/users', (ctx) => {
  need(ctx, ['security']);
  const q = (ctx.query.get('q') || '').trim().toLowerCase();
  const role = ctx.query.get('role');
  const list = users.filter((u) => (!q || u.username.includes(q) || u.display_name.toLowerCase().includes(q)) && (!role || u.role === role)).map(userView);
  return [200, paged(list, ctx.query)];
});
function validateUserBody(b, creating) {
  const errors = [];
  const roles = ['city', 'district', 'enterprise', 'expert', 'viewer', 'admin', 'security', 'auditor'];
  if (creating) {
    if (!/^[a-z0-9_.]{3,32}$/.test(b.username || '')) errors.push({ field: '/username', message: '3–32 位小写字母、数字、下划线或点' });
    else if (users.some((u) => u.username === b.username)) errors.push({ field: '/username', message: '用户名已存在' });
  }
  if (b.display_name !== undefined && !String(b.display_name).trim()) errors.push({ field: '/display_name', message: '必填' });
  if (b.role !== undefined && !roles.includes(b.role)) errors.push({ field: '/role', message: '未知角色' });
  if (b.role === 'district' && !(CURRENT_DISTRICTS.some((d) => d.code === b.district) || ZONES.some((z) => z.code === b.district))) errors.push({ field: '/district', message: '区县用户须指定所属区县' });
  if (b.role === 'enterprise' && !db.firms.has(String(b.uscc || '').toUpperCase())) errors.push({ field: '/uscc', message: '企业库中没有该信用代码' });
  return errors;
}
function genPassword() {
  const a = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const b = 'abcdefghijkmnpqrstuvwxyz';
  const bytes = randomBytes(12);
  return a[bytes[0] % a.length] + b[bytes[1] % b.length] + b[bytes[2] % b.length] + String(1000 + (bytes.readUInt16BE(3) % 9000)) + '@' + a[bytes[5] % a.length] + b[bytes[6] % b.length];
}
route('POST', '/api/v1/users', async (ctx) => {
  need(ctx, ['security']);
  const b = await readJson(ctx.req);
  const errors = validateUserBody(b, true);
  if (errors.length) throw bad('用户信息有误', errors);
  const pw = genPassword();
  const u = {
    id: nextUserId++, username: b.username, display_name: String(b.display_name).trim(), role: b.role,
    district: b.role === 'district' ? b.district : null, uscc: b.role === 'enterprise' ? String(b.uscc).toUpperCase() : null,
    disabled: false, must_change_password: true, last_login: null, pw: hashPw(pw),
  };
  users.push(u);
  addAudit(ctx.user, 'user.create', 'user', u.username, null, userView(u), ctx.ip);
  return [201, { user: userView(u), initial_password: pw }];
});
route('PATCH', '/api/v1/users/{id}', async (ctx, p) => {
  need(ctx, ['security']);
  const u = users.find((x) => String(x.id) === p.id);
  if (!u) throw notFound('用户不存在');
  const b = await readJson(ctx.req);
  const merged = { ...u, ...b };
  const errors = validateUserBody(merged, false);
  if (b.disabled === true && u.id === ctx.user.id) errors.push({ field: '/disabled', message: '不能停用自己的账号' });
  if (errors.length) throw bad('用户信息有误', errors);
  const before = userView(u);
  for (const k of ['display_name', 'role', 'district', 'uscc', 'disabled']) if (b[k] !== undefined) u[k] = b[k];
  if (u.role !== 'district') u.district = null;
  if (u.role !== 'enterprise') u.uscc = null;
  if (u.disabled) for (const [tok, s] of sessions) if (s.userId === u.id) sessions.delete(tok);
  addAudit(ctx.user, 'user.update', 'user', u.username, before, userView(u), ctx.ip);
  return [200, userView(u)];
});
route('POST', '/api/v1/users/{id}/password', (ctx, p) => {
  need(ctx, ['security']);
  const u = users.find((x) => String(x.id) === p.id);
  if (!u) throw notFound('用户不存在');
  const pw = genPassword();
  u.pw = hashPw(pw);
  u.must_change_password = true;
  for (const [tok, s] of sessions) if (s.userId === u.id) sessions.delete(tok);
  addAudit(ctx.user, 'user.password_reset', 'user', u.username, null, null, ctx.ip);
  return [200, { user: userView(u), initial_password: pw }];
});

route('GET', '/api/v1/audit', (ctx) => {
  const q = ctx.query;
  const entity = q.get('entity');
  const id = q.get('id');
  if (ctx.user.role !== 'auditor') {
    need(ctx, ['city', 'admin']);
    if (!entity || !id) throw forbidden('只能查看单个对象的审计记录');
  }
  const actor = q.get('actor');
  const from = q.get('from');
  const to = q.get('to');
  const list = audit.filter((e) => (!entity || e.entity === entity) && (!id || e.entity_id === id) && (!actor || e.actor === actor)
    && (!from || e.time.slice(0, 10) >= from) && (!to || e.time.slice(0, 10) <= to)).reverse();
  return [200, paged(list, q)];
});
route('GET', '/api/v1/audit/verify', (ctx) => {
  need(ctx, ['auditor']);
  let prev = '';
  for (const e of audit) {
    const { hash, ...rest } = e;
    if (createHash('sha256').update(prev + JSON.stringify(rest)).digest('hex') !== hash) return [200, { ok: false, entries: audit.length, seq: e.seq }];
    prev = hash;
  }
  return [200, { ok: true, entries: audit.length }];
});
// ---- workflow (F5): read-only stand-ins so the pages render; the real
// batches, applications and moves are the server's (docs/API.md "Workflow") ----
const WF_STATES = [['draft', '草稿'], ['submitted', '已提交'], ['returned', '已退回'], ['district_approved', '区县初审通过'], ['city_approved', '市级审核通过'], ['expert_review', '专家评审中'], ['scored', '已评分'], ['publicized', '公示中'], ['recognized', '已认定'], ['rejected', '未通过']];
route('GET', '/api/v1/workflow/transitions', () => [200, {
  transitions: [], states: WF_STATES.map(([key, label]) => ({ key, label, terminal: key === 'recognized' || key === 'rejected' })),
  documents: [], exit_reasons: [], proposals: [], uploads: { max_bytes: 20971520, max_files: 30, types: 'PDF、PNG、JPEG、DOCX、XLSX、OFD' }, score_max: 100, outlier_points: 15,
}]);
route('GET', '/api/v1/batches', () => [200, []]);
route('GET', '/api/v1/applications', (ctx) => [200, { ...paged([], ctx.query), today: now().slice(0, 10) }]);
function heldAtLeast(user, tier) {
  return [...db.firms.values()].filter((f) => inScope(user, f)).filter((f) => {
    const ev = currentTier(db.tierEvents.get(f.uscc) || []);
    return ev && TIER_RANK[ev.tier] >= TIER_RANK[tier];
  }).length;
}
const MOCK_TARGETS = [['srdi', 1600], ['little_giant', 150], ['champion', 60]];
route('GET', '/api/v1/targets', (ctx) => {
  need(ctx, ['city', 'district', 'viewer']);
  return [200, { sets: [{ name: 'cq-2020-notice', label: '重庆市"专精特新"中小企业培育通知:2025年目标', source: '重庆市经济和信息化委员会,2020-06-15', ladder: true, targets: [] }] }];
});
route('GET', '/api/v1/targets/progress', (ctx) => {
  need(ctx, ['city', 'district', 'viewer']);
  const items = MOCK_TARGETS.map(([tier, target]) => {
    const held = heldAtLeast(ctx.user, tier);
    return { set: 'cq-2020-notice', tier, tier_label: tier, year: 2025, target, unit: null, unit_name: null, ladder: true, deadline: '2025-12-31', past: true, measured_on: '2025-12-31', held, held_now: held, gap: target - held, in_flight: 0, drafts: 0, pass_rate: null, expiring: 0, projected: held, within_reach: null };
  });
  return [200, { today: now().slice(0, 10), engine: false, items }];
});
route('GET', '/api/v1/targets/trajectory', (ctx) => {
  need(ctx, ['city', 'district', 'viewer']);
  const held = heldAtLeast(ctx.user, 'srdi');
  const to = new Date().getFullYear();
  const items = [];
  for (let y = 2019; y <= to; y++) items.push({ year: y, count: Math.round((held * (y - 2018)) / (to - 2018)), measured_on: y < to ? 'year_end' : 'today' });
  return [200, { tier: 'srdi', tier_label: '专精特新中小企业', ladder: true, unit: null, unit_name: null, items }];
});

route('GET', '/healthz', () => [200, { status: 'ok' }], { public: true });
registerMonthly(route, {
  need,
  firmFor,
  visibleFirms: (user) => [...db.firms.values()].filter((f) => inScope(user, f)),
  unitName: (code) => { const z = zoneByCode(code); const d = districtByCode(code); return z ? z.name : d ? d.name : code; },
});

// ---- static files (the built UI) ----
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};
function serveStatic(req, res, pathname) {
  let rel = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
  let file = join(STATIC, rel);
  if (!file.startsWith(STATIC + sep) && file !== STATIC) return sendProblem(res, notFound());
  const isAsset = rel.startsWith('assets' + sep) || rel.startsWith('assets/');
  if (!rel || !existsSync(file) || statSync(file).isDirectory()) {
    if (isAsset || /\.[a-z0-9]+$/i.test(rel)) return sendProblem(res, notFound('文件不存在'));
    file = join(STATIC, 'index.html'); // history-mode routes
    rel = 'index.html';
    if (!existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(`UI not built: ${file} missing (run make web)\n`);
    }
  }
  const headers = {
    'Content-Type': MIME[extname(file)] || 'application/octet-stream',
    'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  let body;
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] || '')) && existsSync(file + '.gz')) {
    body = readFileSync(file + '.gz');
    headers['Content-Encoding'] = 'gzip';
  } else body = readFileSync(file);
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

// ---- server ----
const server = http.createServer(async (req, res) => {
  const u = new URL(req.url, 'http://x');
  const pathname = u.pathname;
  try {
    if (!pathname.startsWith('/api/') && pathname !== '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new Problem(405, '方法不允许', req.method);
      return serveStatic(req, res, pathname);
    }
    const hit = routes.find((r) => r.method === req.method && r.re.test(pathname));
    if (!hit) {
      const other = routes.some((r) => r.re.test(pathname));
      throw other ? new Problem(405, '方法不允许', `${req.method} ${pathname}`) : notFound('接口不存在');
    }
    const params = Object.fromEntries(Object.entries(hit.re.exec(pathname).groups || {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const ctx = { req, query: u.searchParams, ip: req.socket.remoteAddress };
    if (!hit.opts.public) {
      const a = authenticate(req);
      if (!a) throw new Problem(401, '未登录', '登录已失效，请重新登录');
      Object.assign(ctx, a);
      if (req.method !== 'GET' && !hit.opts.noCsrf && req.headers['x-csrf-token'] !== a.session.csrf) {
        throw forbidden('缺少或错误的 X-CSRF-Token');
      }
    }
    if (DELAY) await new Promise((r) => setTimeout(r, DELAY));
    const [status, body, headers] = await hit.handler(ctx, params);
    if (status === 204) {
      res.writeHead(204, { 'Cache-Control': 'no-store', ...(headers || {}) });
      return res.end();
    }
    if (typeof body === 'string') {
      res.writeHead(status, { 'Cache-Control': 'no-store', ...(headers || {}) });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    return send(res, status, body, headers);
  } catch (err) {
    if (err instanceof Problem) return sendProblem(res, err, err.headers || {});
    console.error(err);
    return sendProblem(res, new Problem(500, '服务器内部错误', '服务器内部错误'));
  }
});

const [host, port] = LISTEN.includes(':') ? [LISTEN.slice(0, LISTEN.lastIndexOf(':')), Number(LISTEN.slice(LISTEN.lastIndexOf(':') + 1))] : ['127.0.0.1', Number(LISTEN)];
server.listen(port, host, () => {
  const a = server.address();
  process.stdout.write(`zjtx: listening on http://${a.address}:${a.port}\n`);
  process.stderr.write(`mock: ${db.firms.size} firms, UI from ${STATIC}, accounts ${users.map((x) => x.username).join(', ')} (password ${PASSWORD})\n`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
