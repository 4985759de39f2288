// monthly.js - what the monthly-monitoring pages share: the keys in
// indicators.md order, periods ("YYYY-MM") and their names, and signed
// percentages for 同比. Money is 万元 as the API sends it.
import { t } from '../i18n/index.js';
import { money, percent, DASH } from './format.js';

/** The numeric monthly keys, in indicators.md order; employees is a stock. */
export const MONEY_KEYS = ['revenue_ytd', 'output_ytd', 'profit_ytd', 'tax_ytd', 'rd_expense_ytd', 'export_ytd'];
export const KEYS = [...MONEY_KEYS, 'employees'];
export const NOTE_KEY = 'orders_note';

/** Label of a key ("营业收入(累计)") and its short form ("营业收入"). */
export const keyLabel = (k) => t('monitor.keys.' + k);
export const keyShort = (k) => t('monitor.short.' + k);
export const keyUnit = (k) => (k === 'employees' ? t('monitor.unitPersons') : t('monitor.unitWan'));

/** Period arithmetic on "YYYY-MM". */
export function periodAdd(p, n) {
  const [y, m] = p.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  const yy = Math.floor(k / 12);
  const mm = (k % 12) + 1;
  return `${yy}-${mm < 10 ? '0' : ''}${mm}`;
}

/** "2026-10" → "2026年10月"; a combined February reads "2026年1—2月". */
export function periodName(p, combined = true) {
  if (!p) return DASH;
  const [y, m] = p.split('-').map(Number);
  return combined && m === 2 ? t('monitor.periodJanFeb', { y }) : t('monitor.periodName', { y, m });
}

/**
 * The reporting periods up to `last`, newest first, skipping a combined
 * January (filed as 1—2月 under February).
 */
export function periodsUpTo(last, n = 13) {
  const out = [];
  for (let p = last; out.length < n; p = periodAdd(p, -1)) {
    if (!p.endsWith('-01')) out.push(p);
  }
  return out;
}

/** 同比 with its sign ("+8.5%", "-3.2%") or a dash. */
export function yoy(v) {
  return percent(v, 1, true);
}

/** Money or headcount by key, formatted. */
export function valueOf(k, v) {
  if (v === null || v === undefined) return DASH;
  return k === 'employees' ? String(v) : money(v);
}

/** A class for a 同比 value: up, down or flat. */
export function trendClass(v) {
  if (v === null || v === undefined) return '';
  return v > 0 ? 'up' : v < 0 ? 'down' : '';
}

/** Downloads a URL through a temporary link (the server names the file). */
export function download(href) {
  const a = document.createElement('a');
  a.href = href;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Copies text to the clipboard; resolves false when the browser refuses. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
