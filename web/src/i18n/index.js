// i18n/index.js - t(key, params): looks a dotted key up in the active strings
// module and fills {name} placeholders. One language is bundled today (zh-CN);
// adding English is a second module of the same shape and a switch here.
import zhCN from './zh-CN.js';
import elZhCn from 'element-plus/es/locale/lang/zh-cn.mjs';

const messages = zhCN;
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
