// i18n/index.js - t(key, params): looks a dotted key up in the active strings
// module and fills {name} placeholders. One language is bundled today (zh-CN);
// adding English is a second module of the same shape and a switch here.
import zhCN from './zh-CN.js';
import elZhCn from 'element-plus/es/locale/lang/zh-cn.mjs';

// Each domain keeps its texts in its own module, zh-CN/<domain>.js (export
// default { <section>: {...} }), merged here: a domain adds a file instead of
// editing the shared one. A key defined twice is a mistake and throws.
const parts = import.meta.glob('./zh-CN/*.js', { eager: true });

function merge(dst, src, path) {
  for (const [k, v] of Object.entries(src)) {
    const at = path ? `${path}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (dst[k] === undefined) dst[k] = {};
      else if (typeof dst[k] !== 'object') throw new Error(`i18n: ${at} defined twice`);
      merge(dst[k], v, at);
    } else {
      if (dst[k] !== undefined) throw new Error(`i18n: ${at} defined twice`);
      dst[k] = v;
    }
  }
  return dst;
}

const messages = merge({}, zhCN, '');
for (const mod of Object.values(parts)) merge(messages, mod.default || {}, '');
export const locale = 'zh-CN';
/** Element Plus's own texts (pagination, date picker) in the same language. */
export const elementLocale = elZhCn;

function lookup(key) {
  let v = messages;
  for (const part of key.split('.')) {
    if (v == null) return undefined;
    v = v[part];
  }
  return v;
}

/** Returns the text for key, with {name} replaced from params; the key itself if unknown. */
export function t(key, params) {
  const v = lookup(key);
  if (typeof v !== 'string') return v === undefined ? key : v;
  if (!params) return v;
  return v.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
}

/** True when the key exists (for optional texts such as per-role hints). */
export function has(key) {
  return lookup(key) !== undefined;
}

export default { install(app) { app.config.globalProperties.$t = t; } };
