// format.js - how numbers, money, percentages and dates are shown.
//
// The API sends money as numbers in 万元 (exact to 分), percent values as
// numbers in percent (12.5 = 12.5%), missing values as null (never 0),
// dates "YYYY-MM-DD", timestamps in UTC "YYYY-MM-DDTHH:MM:SSZ" and periods
// "YYYY-MM". Everything missing shows as an em dash.
import { locale, t } from '../i18n/index.js';

export const DASH = '—';

const nf = new Map();
function numberFormat(min, max) {
  const key = min + ':' + max;
  if (!nf.has(key)) {
    nf.set(key, new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: true }));
  }
  return nf.get(key);
}

function isMissing(v) {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v));
}

function toNumber(v) {
  if (typeof v === 'number') return v;
  const n = Number(String(v).replace(/,/g, ''));
  return Number.isFinite(n) ? n : NaN;
}

/** Money in 万元 with 2 decimals and thousands separators: 12345.6 → "12,345.60". */
export function money(v, digits = 2) {
  if (isMissing(v)) return DASH;
  const n = toNumber(v);
  if (Number.isNaN(n)) return String(v);
  return numberFormat(digits, digits).format(n);
}

/** Money with its unit: "12,345.60 万元". */
export function moneyWan(v) {
  const s = money(v);
  return s === DASH ? s : s + ' 万元';
}

/** Integer counts with separators: 1234 → "1,234". */
export function int(v) {
  if (isMissing(v)) return DASH;
  const n = toNumber(v);
  return Number.isNaN(n) ? String(v) : numberFormat(0, 0).format(n);
}

/** A value already in percent: 12.5 → "12.5%"; signed adds "+" to gains (for 同比). */
export function percent(v, digits = 1, signed = false) {
  if (isMissing(v)) return DASH;
  const n = toNumber(v);
  if (Number.isNaN(n)) return String(v);
  const s = numberFormat(digits, digits).format(n) + '%';
  return signed && n > 0 ? '+' + s : s;
}

/** part / whole as a percentage, or a dash when whole is 0 or missing. */
export function share(part, whole, digits = 1) {
  if (isMissing(part) || isMissing(whole) || Number(whole) === 0) return DASH;
  return percent((Number(part) / Number(whole)) * 100, digits);
}

/** A value by its indicator type ("money", "percent", "persons", "count", ...). */
export function byType(v, type) {
  switch (type) {
    case 'money': return money(v);
    case 'percent': return percent(v, 2);
    case 'persons':
    case 'count':
    case 'integer':
    case 'level': return int(v);
    case 'flag':
    case 'bool':
    case 'boolean': return isMissing(v) ? DASH : Number(v) ? t('common.flagYes') : t('common.flagNo');
    default: return isMissing(v) ? DASH : String(v);
  }
}

/** "YYYY-MM-DD" as is, or a dash. */
export function date(s) {
  if (isMissing(s)) return DASH;
  return String(s).slice(0, 10);
}

/** "2024-03-05" → "2024年3月5日". */
export function dateCN(s) {
  if (isMissing(s)) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(s));
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : String(s);
}

/** "2024-03" → "2024年3月". */
export function period(s) {
  if (isMissing(s)) return DASH;
  const m = /^(\d{4})-(\d{2})/.exec(String(s));
  return m ? `${m[1]}年${Number(m[2])}月` : String(s);
}

function pad(n) {
  return n < 10 ? '0' + n : String(n);
}

/** UTC timestamp → local "YYYY-MM-DD HH:mm:ss" (the browser's zone, Beijing time in use). */
export function timestamp(s) {
  if (isMissing(s)) return DASH;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return String(s);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Milliseconds as "0.42 秒" / "120 毫秒" for load times. */
export function duration(ms) {
  return ms >= 1000 ? (ms / 1000).toFixed(2) + ' 秒' : Math.round(ms) + ' 毫秒';
}

export default { money, moneyWan, int, percent, share, byType, date, dateCN, period, timestamp, duration, DASH };
