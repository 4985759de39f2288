// workflow.js - the cultivation workflow's reference data and the small
// helpers every workflow page shares: the transition table (who may make
// which move from which state, with its conditions), state colours, the
// "who can do what next" sentence, and the snapshot's stored units.
//
// The server decides every move (docs/API.md "Workflow"); the pages only
// offer what `next` (the moves this user may make now) lists and explain the
// rest from the table.
import { reactive } from 'vue';
import { get } from './client.js';
import { t } from '../i18n/index.js';

export const wf = reactive({
  transitions: [], // [{action, label, from, to, roles, guards: [{key, label}]}]
  states: [], // [{key, label, terminal}]
  documents: [], // [{key, label, declaration, required, text}]
  exitReasons: [], // [{key, label, bar_years}]
  proposals: [],
  uploads: { max_bytes: 0, max_files: 0, types: '' },
  loaded: false,
});

let loading = null;

/** Loads /workflow/transitions once. */
export function loadWorkflow() {
  if (!loading) {
    loading = get('/workflow/transitions')
      .then((r) => {
        wf.transitions = r.transitions || [];
        wf.states = r.states || [];
        wf.documents = r.documents || [];
        wf.exitReasons = r.exit_reasons || [];
        wf.proposals = r.proposals || [];
        wf.uploads = r.uploads || wf.uploads;
        wf.loaded = true;
      })
      .catch((e) => {
        loading = null;
        throw e;
      });
  }
  return loading;
}

/** Element Plus tag type of a state. */
export const STATE_TYPE = {
  draft: 'info',
  submitted: 'warning',
  returned: 'danger',
  district_approved: 'primary',
  city_approved: 'primary',
  expert_review: 'warning',
  scored: 'primary',
  publicized: 'success',
  recognized: 'success',
  rejected: 'danger',
};

export const ROLE_KEYS = ['city', 'district', 'enterprise', 'expert', 'viewer'];

/** The state's Chinese label. */
export function stateLabel(key) {
  const s = wf.states.find((x) => x.key === key);
  return s ? s.label : key;
}

/** "区县经信委、企业" for a list of role keys. */
export function rolesText(keys) {
  return (keys || []).map((k) => t('roles.' + k)).join('、');
}

/**
 * Who can do what next with an application: the user's own moves first
 * (from `next`, what the server says this user may do now), then the other
 * moves the table allows from this state and who makes them.
 */
export function nextText(app, role) {
  if (!app) return '';
  const from = wf.transitions.filter((x) => x.from === app.state);
  if (!from.length) return t('wf.next.terminal', { state: app.state_label || stateLabel(app.state) });
  const mine = (app.next || []).map((m) => m.label);
  const parts = [];
  if (mine.length) parts.push(t('wf.next.mine', { moves: mine.join('、') }));
  const others = from.filter((x) => !(app.next || []).some((m) => m.action === x.action));
  for (const x of others) {
    const guards = (x.guards || []).map((g) => g.label).join('、');
    parts.push(t(guards ? 'wf.next.otherWith' : 'wf.next.other', { who: rolesText(x.roles), move: x.label, guards }));
  }
  if (!mine.length && role === 'viewer') parts.push(t('wf.next.viewer'));
  if (!mine.length && role === 'expert') parts.push(t('wf.next.expert'));
  return parts.join('；') + '。';
}

/** The table's row for a move key. */
export function transition(action) {
  return wf.transitions.find((x) => x.action === action);
}

/** A snapshot value (stored units: money in 分, percent in 0.01%) in the API's units. */
export function snapshotValue(v, type) {
  if (v === null || v === undefined) return null;
  if (type === 'money') return v / 1e6; // 分 → 万元
  if (type === 'percent') return v / 100; // 0.01% → %
  return v;
}

/** Bytes as "1.2 MB". */
export function fileSize(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  return (n / 1024 / 1024).toFixed(1) + ' MB';
}
