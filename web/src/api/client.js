// client.js - the one way the UI talks to the server (docs/API.md).
//
// - Cookie session: every request is same-origin with credentials; the
//   server sets zjtx_session (HttpOnly), so the page never sees the token.
// - Writes (POST/PUT/PATCH/DELETE) send X-CSRF-Token from the session answer.
// - Errors are RFC 9457 problem+json; they become ApiError with the field
//   messages kept, and showError() presents them.
// - 401 on any request except the session probes calls the handler set by
//   onUnauthorized() (the router sends the user back to the sign-in page).
// - 429 carries Retry-After; the message says how long to wait.
import { ElMessage, ElNotification } from 'element-plus';
import { h } from 'vue';
import { t } from '../i18n/index.js';

export const API = '/api/v1';

let csrfToken = '';
let unauthorizedHandler = null;

/** Sets the CSRF token sent with writes (from POST/GET /session). */
export function setCsrf(token) {
  csrfToken = token || '';
}

/** Registers fn(err), called once per 401 answer (except session probes). */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/** An error answer. status 0 means the network failed. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    const p = problem && typeof problem === 'object' ? problem : {};
    super(p.detail || p.title || t('errors.generic', { status }));
    this.status = status;
    this.title = p.title || '';
    this.detail = p.detail || '';
    this.type = p.type || '';
    this.instance = p.instance || '';
    this.errors = Array.isArray(p.errors) ? p.errors : [];
    this.retryAfter = retryAfter ? Number(retryAfter) || 0 : 0;
    this.body = problem;
  }

  /** Messages by form field: "/figures/revenue" → "figures.revenue"; query names kept. */
  fieldMap() {
    const m = {};
    for (const e of this.errors) {
      const key = String(e.field || '').replace(/^\//, '').replace(/\//g, '.');
      if (key && !m[key]) m[key] = e.message;
    }
    return m;
  }
}

/** Builds "/api/v1/path?a=1&b=2", dropping empty parameters. */
export function url(path, params) {
  const base = path.startsWith('/') && !path.startsWith(API) && !path.startsWith('/healthz') ? API + path : path;
  const q = new URLSearchParams();
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      q.append(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

async function parseBody(res) {
  if (res.status === 204) return null;
  const ct = res.headers.get('content-type') || '';
  if (ct.includes('json')) {
    try {
      return await res.json();
    } catch {
      return null;
    }
  }
  const text = await res.text();
  return text === '' ? null : text;
}

/**
 * request(method, path, {params, body, quiet401}) → parsed body.
 * Throws ApiError for any non-2xx answer (and for network failure, status 0).
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(url(path, opts.params), init);
  } catch (e) {
    throw new ApiError(0, { title: t('errors.network'), detail: String(e && e.message ? e.message : e) });
  }
  const body = await parseBody(res);
  if (res.ok) return body;
  const err = new ApiError(res.status, body, res.headers.get('Retry-After'));
  if (res.status === 401 && !opts.quiet401 && unauthorizedHandler) unauthorizedHandler(err);
  throw err;
}

export const get = (path, params, opts) => request('GET', path, { ...opts, params });

// Prefetch: start a GET early (page start-up) and hand its answer to the
// first page that asks for it with take(); take() without a prefetch is get().
const warm = new Map();
export function prefetch(path, params) {
  const key = url(path, params);
  if (warm.has(key)) return;
  const p = get(path, params, { quiet401: true });
  p.catch(() => {}); // failures surface to the taker
  warm.set(key, p);
}
export function take(path, params) {
  const key = url(path, params);
  const p = warm.get(key);
  warm.delete(key);
  return p || get(path, params);
}
export const post = (path, body, opts) => request('POST', path, { ...opts, body });
export const put = (path, body, opts) => request('PUT', path, { ...opts, body });
export const patch = (path, body, opts) => request('PATCH', path, { ...opts, body });
export const del = (path, opts) => request('DELETE', path, opts);

/**
 * Uploads a file as multipart/form-data field "file" with XHR (fetch cannot
 * report upload progress). onProgress(pct 0..100) is called as bytes go out.
 * Resolves {status, body} for 2xx and for 422 (a row error report is an
 * answer, not a failure); rejects with ApiError otherwise.
 */
export function upload(path, file, { params, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path, params));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(Math.min(100, Math.round((ev.loaded / ev.total) * 100)));
    };
    xhr.upload.onload = () => onProgress && onProgress(100);
    xhr.onerror = () => reject(new ApiError(0, { title: t('errors.network') }));
    xhr.onload = () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = xhr.responseText;
      }
      if ((xhr.status >= 200 && xhr.status < 300) || xhr.status === 422) {
        resolve({ status: xhr.status, body });
        return;
      }
      const err = new ApiError(xhr.status, body, xhr.getResponseHeader('Retry-After'));
      if (xhr.status === 401 && unauthorizedHandler) unauthorizedHandler(err);
      reject(err);
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The user-facing sentence for an error: the server's words first. */
export function errorText(err) {
  if (!(err instanceof ApiError)) return String(err && err.message ? err.message : err);
  switch (err.status) {
    case 0: return t('errors.network');
    case 401: return err.detail || t('errors.unauthorized');
    case 403: return err.detail || t('errors.forbidden');
    case 404: return err.detail || t('errors.notFound');
    case 413: return err.detail || t('errors.tooLarge');
    case 429: {
      const s = err.retryAfter || 60;
      return err.detail || (s >= 120 ? t('errors.tooManyLogin', { min: Math.ceil(s / 60) }) : t('errors.tooMany', { s }));
    }
    default:
      if (err.status >= 500) return t('errors.server');
      return err.detail || err.title || t('errors.generic', { status: err.status });
  }
}

/** Shows an error: a toast, or a notification listing the field messages. 401 is left to the router. */
export function showError(err) {
  if (err instanceof ApiError && err.status === 401 && unauthorizedHandler) return;
  const text = errorText(err);
  if (err instanceof ApiError && err.errors.length) {
    ElNotification({
      type: 'error',
      title: err.title || t('errors.fields'),
      duration: 8000,
      message: h('div', { class: 'problem' }, [
        text && text !== err.title ? h('p', text) : null,
        h('ul', err.errors.slice(0, 8).map((e) => h('li', [e.field ? h('code', e.field) : null, ' ', e.message]))),
      ]),
    });
    return;
  }
  ElMessage({ type: err instanceof ApiError && err.status === 429 ? 'warning' : 'error', message: text, duration: 5000, showClose: true });
}
