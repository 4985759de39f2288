// meta.js - reference data (/api/v1/meta/*), loaded once per page load and
// normalised here, so the rest of the UI reads one shape:
//
//   districts: [{code, name, short_name, valid_to, successor, current}]   (all catalogue rows)
//   zones:     [{code, name, full_name, hosts}]
//   units:     current districts + zones, for pickers ({code, name, kind: 'district'|'zone'})
//   sections:  [{code: 'C', name, divisions: [{code: 'C35', name}]}]
//   tiers:     [{key, label, short}]   (holding tiers, lowest first)
//   indicators:{annual: [{key, label, type, unit}], monthly: [...]}
import { reactive } from 'vue';
import { get } from './client.js';
import { t } from '../i18n/index.js';

export const meta = reactive({
  districts: [],
  zones: [],
  units: [],
  sections: [],
  tiers: [],
  indicators: { annual: [], monthly: [] },
});

const loading = {};

function today() {
  return new Date().toISOString().slice(0, 10);
}

function normDistricts(body) {
  // Accepts {districts: [...], zones: [...]} or a bare array (zones then absent).
  const list = Array.isArray(body) ? body : (body && body.districts) || [];
  const zones = (!Array.isArray(body) && body && body.zones) || (Array.isArray(body) && body.zones) || [];
  const now = today();
  meta.districts = list.map((d) => ({
    ...d,
    successor: d.successor || '',
    current: !(d.valid_to && d.valid_to < now) && !(d.valid_from && d.valid_from > now),
  }));
  meta.zones = zones.map((z) => ({ ...z, hosts: Array.isArray(z.hosts) ? z.hosts : String(z.hosts || '').split(',').filter(Boolean) }));
  const seen = new Set();
  const units = [];
  for (const d of meta.districts) {
    if (!d.current || seen.has(d.code)) continue;
    seen.add(d.code);
    units.push({ code: d.code, name: d.name, kind: 'district' });
  }
  for (const z of meta.zones) units.push({ code: z.code, name: z.name, kind: 'zone' });
  meta.units = units;
}

function normIndustries(body) {
  // Accepts {sections: [{code, name, divisions: [...]}]} or
  // {sections: [...], divisions: [{code, name, section}]}; division codes with or without the letter.
  const sections = (body && (body.sections || (Array.isArray(body) ? body : []))) || [];
  const flat = (body && body.divisions) || [];
  meta.sections = sections.map((s) => {
    const own = s.divisions || flat.filter((d) => (d.section || d.in) === s.code);
    return {
      code: s.code,
      name: s.name,
      divisions: own.map((d) => ({ code: /^[A-Z]/.test(d.code) ? d.code : s.code + d.code, name: d.name })),
    };
  });
}

function normTiers(body) {
  const list = Array.isArray(body) ? body : (body && body.tiers) || [];
  meta.tiers = list.filter((x) => x.key && x.key !== 'none');
}

function normIndicators(body) {
  if (Array.isArray(body)) {
    meta.indicators = { annual: body.filter((x) => !x.period), monthly: body.filter((x) => x.period) };
  } else {
    meta.indicators = { annual: (body && body.annual) || [], monthly: (body && body.monthly) || [] };
  }
}

const LOADERS = {
  districts: ['/meta/districts', normDistricts],
  industries: ['/meta/industries', normIndustries],
  tiers: ['/meta/tiers', normTiers],
  indicators: ['/meta/indicators', normIndicators],
};

/** Loads the named reference tables (cached); resolves when all are in. */
export function loadMeta(...names) {
  return Promise.all(
    names.map((n) => {
      if (!loading[n]) {
        const [path, norm] = LOADERS[n];
        loading[n] = get(path).then(norm).catch((e) => {
          delete loading[n];
          throw e;
        });
      }
      return loading[n];
    }),
  );
}

/** Display name of a district or zone code. */
export function unitName(code) {
  if (!code) return '';
  const z = meta.zones.find((x) => x.code === code);
  if (z) return z.name;
  const d = meta.districts.find((x) => x.code === code && x.current) || meta.districts.find((x) => x.code === code);
  return d ? d.name : code;
}

/** Short tier label ("小巨人") for a key; falls back to the strings module. */
export function tierShort(key) {
  if (!key || key === 'none') return t('tiers.none');
  const x = meta.tiers.find((r) => r.key === key);
  return x ? x.short || x.label : t('tiers.' + key);
}

/** Full tier label for a key. */
export function tierLabel(key) {
  if (!key || key === 'none') return t('tiers.none');
  const x = meta.tiers.find((r) => r.key === key);
  return x ? x.label : t('tiers.' + key);
}

/** Name of an industry code: "C35" → "专用设备制造业", "C" → "制造业". */
export function industryName(code) {
  if (!code) return '';
  const s = meta.sections.find((x) => x.code === code[0]);
  if (!s) return code;
  if (code.length === 1) return s.name;
  const d = s.divisions.find((x) => x.code === code.slice(0, 3));
  return d ? d.name : s.name;
}

// Colours of the tiers, lowest to highest, used by every chart and tag.
export const TIER_COLORS = {
  candidate: '#8aa4c8',
  innovative: '#3f8fd2',
  srdi: '#1f6fb2',
  little_giant: '#d48a1c',
  champion: '#c0392b',
  none: '#b0b7c3',
};
