// zc-highlight.js - a small tokenizer of the criteria language (docs/RULES.md
// "Lexical structure") for syntax highlighting. It never fails: anything it
// does not recognise is plain text, so a half-typed rule still shows.
//
//   highlight(text) → [[{t: type, s: text}, ...], ...]   one array per line
//
// Types: comment, string, number (with its unit: 3%, 100万元, 2年, 50人),
// date (2022-08-01), keyword, attr (source, effective, clause, max...),
// builtin (min, count, any_over...), special (score, requirements...),
// name (the name being declared: `indicator main`), op, punct, bad (a
// full-width character the compiler refuses, such as ，), ident, space.

export const KEYWORDS = new Set([
  'criteria', 'use', 'param', 'def', 'group', 'require', 'route', 'review', 'indicator', 'pass',
  'and', 'or', 'not', 'if', 'then', 'elif', 'else', 'in', 'bands', 'cases', 'true', 'false',
]);
export const ATTRS = new Set(['source', 'effective', 'until', 'edges', 'unit', 'max', 'min', 'clause']);
export const BUILTINS = new Set([
  'min', 'max', 'abs', 'floor', 'ceil', 'round', 'sqrt', 'count', 'mean', 'sum_over', 'mean_over', 'any_over', 'all_over',
]);
export const SPECIALS = new Set(['score', 'requirements', 'routes', 'minimums', 'year']);
// Declarations whose next word is the name being declared.
const DECLARES = new Set(['param', 'def', 'group', 'require', 'route', 'review', 'indicator']);

const UNITS = ['亿元', '万元', '千元', '%', '％', '元', '万', '亿', '年', '人'];
const OPS = ['>=', '<=', '==', '!=', '≥', '≤', '≠', '+', '-', '*', '/', '<', '>', '~', '@', '=', ':'];
const PUNCT = '(){},';
// Full-width punctuation typed with a Chinese input method (the compiler names its ASCII twin).
const BAD = new Set(['，', '：', '（', '）', '“', '”', '；', '。', '【', '】', '＝', '＜', '＞', '｛', '｝']);

function isDigit(c) {
  return c >= '0' && c <= '9';
}
function isIdentStart(c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdent(c) {
  return isIdentStart(c) || isDigit(c);
}

/** Tokens of one line. state.declare carries "the next word is a declared name" across lines. */
function line(s, state) {
  const out = [];
  const push = (t, text) => {
    const last = out[out.length - 1];
    if (last && last.t === t && (t === 'ident' || t === 'space')) last.s += text;
    else out.push({ t, s: text });
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '#') {
      push('comment', s.slice(i));
      break;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') {
      let j = i;
      while (j < s.length && (s[j] === ' ' || s[j] === '\t' || s[j] === '\r' || s[j] === '\ufeff')) j++;
      push('space', s.slice(i, j));
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      j = Math.min(j + 1, s.length);
      push('string', s.slice(i, j));
      i = j;
      continue;
    }
    if (isDigit(c)) {
      const date = /^\d{4}-\d{2}-\d{2}/.exec(s.slice(i));
      if (date) {
        push('date', date[0]);
        i += date[0].length;
        continue;
      }
      let j = i;
      while (j < s.length && isDigit(s[j])) j++;
      if (s[j] === '.' && isDigit(s[j + 1] || '')) {
        j++;
        while (j < s.length && isDigit(s[j])) j++;
      }
      let k = j;
      while (s[k] === ' ') k++;
      const unit = UNITS.find((u) => s.startsWith(u, k));
      if (unit) j = k + unit.length;
      push('number', s.slice(i, j));
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i;
      while (j < s.length && isIdent(s[j])) j++;
      const w = s.slice(i, j);
      let type = 'ident';
      if (state.declare) {
        type = 'name';
        state.declare = false;
      } else if (KEYWORDS.has(w)) type = 'keyword';
      else if (ATTRS.has(w)) type = 'attr';
      else if (BUILTINS.has(w) && s[j] === '(') type = 'builtin';
      else if (SPECIALS.has(w)) type = 'special';
      if (DECLARES.has(w)) state.declare = true;
      push(type, w);
      i = j;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (op) {
      push('op', op);
      i += op.length;
      continue;
    }
    if (PUNCT.includes(c)) {
      push('punct', c);
      i++;
      continue;
    }
    push(BAD.has(c) ? 'bad' : 'ident', c);
    i++;
  }
  return out;
}

/** The lines of text as token arrays (an empty line is []). */
export function highlight(text) {
  const state = { declare: false };
  return String(text || '').split('\n').map((l) => line(l, state));
}

/**
 * The line (1-based) where each item is declared: {"main": 42, ...}, for
 * jumping from the structure to the text.
 */
export function declarations(text) {
  const at = {};
  const re = /^\s*(param|def|group|require|route|review|indicator)\s+([A-Za-z_][A-Za-z0-9_]*)/;
  String(text || '').split('\n').forEach((l, i) => {
    const m = re.exec(l);
    if (m && !(m[2] in at)) at[m[2]] = i + 1;
  });
  return at;
}

/**
 * Replaces the value of `param NAME ... = VALUE` (the first one) in text;
 * returns the new text, or null if the param is not there.
 */
export function setParam(text, name, value) {
  const re = new RegExp(`^(\\s*param\\s+${name}\\b[^=\\n]*=\\s*)([^#\\n]*?)(\\s*(#.*)?)$`, 'm');
  if (!re.test(text)) return null;
  return text.replace(re, (m, head, old, tail) => head + value + tail);
}

/** The value written for `param NAME ... = VALUE`, or null. */
export function getParam(text, name) {
  const m = new RegExp(`^\\s*param\\s+${name}\\b[^=\\n]*=\\s*([^#\\n]*?)\\s*(#.*)?$`, 'm').exec(text || '');
  return m ? m[1] : null;
}
