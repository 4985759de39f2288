// criteria.js - small helpers of the criteria pages: scores, met labels,
// printing a worksheet, and a client-side CSV of what a page shows.
import { t } from '../i18n/index.js';

/** Points as the worksheet writes them: "75", "72.5", a range "55–65" when data is missing. */
export function num(x) {
  if (x === null || x === undefined || Number.isNaN(Number(x))) return '—';
  const n = Number(x);
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}
export function scoreText(lo, hi) {
  return hi !== undefined && hi !== null && hi !== lo ? `${num(lo)}–${num(hi)}` : num(lo);
}
export function pointsText(ind) {
  return `${scoreText(ind.points, ind.points_hi)} / ${num(ind.max)}`;
}

/** met true / false / null → 满足 / 不满足 / 数据不足, and the tag type. */
export function metLabel(m) {
  return m === true ? t('evaluation.met.yes') : m === false ? t('evaluation.met.no') : t('evaluation.met.unknown');
}
export function metType(m) {
  return m === true ? 'success' : m === false ? 'danger' : 'warning';
}
export function verdictType(v) {
  return v === 'pass' ? 'success' : v === 'fail' ? 'danger' : 'warning';
}

/** Prints text (a worksheet) alone, through a hidden frame: no pop-up window. */
export function printText(title, text) {
  const f = document.createElement('iframe');
  f.setAttribute('aria-hidden', 'true');
  Object.assign(f.style, { position: 'fixed', right: '0', bottom: '0', width: '0', height: '0', border: '0' });
  document.body.appendChild(f);
  const d = f.contentDocument;
  d.open();
  d.write('<!doctype html><html><head><meta charset="utf-8"><title></title><style>'
    + 'body{font-family:"Songti SC","SimSun","Noto Serif CJK SC","WenQuanYi Zen Hei",serif;margin:18mm;}'
    + 'pre{white-space:pre-wrap;font:inherit;font-size:11pt;line-height:1.7;}</style></head><body><pre></pre></body></html>');
  d.close();
  d.title = title;
  d.querySelector('pre').textContent = text;
  f.contentWindow.focus();
  f.contentWindow.print();
  setTimeout(() => f.remove(), 1000);
}

/** Downloads rows (arrays of cells) as a CSV that Excel opens (UTF-8 with BOM, CRLF). */
export function downloadCsv(filename, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  const text = '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "YYYYMMDD" of today, for file names. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}
