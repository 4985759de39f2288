// monthly.mjs - DEV-ONLY mock of the monthly-monitoring read routes the
// dashboard and the firm page call on their first load (docs/API.md
// "Monthly monitoring"): trends, completeness, warnings, a firm's series,
// settings. Synthetic, deterministic numbers; no filing. The product never
// uses this.
import { rng } from './fixtures.mjs';

const RULES = [
  ['revenue_yoy_drop', '营业收入累计同比下降 ≥ 20%'], ['loss_streak', '连续 3 个月亏损'],
  ['employees_yoy_drop', '从业人员同比下降 ≥ 10%'], ['missing_streak', '连续 2 期未报送'], ['rd_yoy_drop', '研发费用累计同比下降 ≥ 30%'],
];
const LAST = '2026-10';

function periods(n) {
  const out = [];
  let [y, m] = LAST.split('-').map(Number);
  while (out.length < n) {
    if (m !== 1) out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) { m = 12; y -= 1; }
  }
  return out;
}

/** Registers the routes with the mock's route() and helpers. */
export function registerMonthly(route, { need, firmFor, visibleFirms, unitName }) {
  route('GET', '/api/v1/monthly/settings', () => [200, { deadline_day: 10, combine_jan_feb: true, required_tiers: ['candidate', 'innovative', 'srdi', 'little_giant', 'champion'], notice_threshold_bp: 9000, margin_min_bp: -10000, margin_max_bp: 6000, headcount_change_bp: 5000, labels: {} }]);
  route('GET', '/api/v1/monthly/trends', (ctx) => {
    need(ctx, ['city', 'district', 'viewer']);
    const firms = visibleFirms(ctx.user);
    const r = rng(firms.length);
    const items = periods(13).map((p, i) => {
      const month = firms.length * (180 + 40 * r.next()) * (p.endsWith('-12') ? 1.6 : 1);
      return { period: p, filed: firms.length, revenue_ytd: month * (Number(p.slice(5)) || 1), revenue_month: month, revenue_yoy_pct: 6 + 3 * Math.sin(i), profit_ytd: month * 0.8, profit_month: month * 0.08, profit_yoy_pct: 5, loss_firms: 10, loss_rate_pct: 15 };
    });
    return [200, { unit: '', name: '全市', to: LAST, items }];
  });
  route('GET', '/api/v1/monthly/completeness', (ctx) => {
    need(ctx, ['city', 'district', 'viewer']);
    const byUnit = new Map();
    for (const f of visibleFirms(ctx.user)) {
      const u = f.zone || f.district;
      if (!byUnit.has(u)) byUnit.set(u, { unit: u, name: unitName(u), expected: 0, filed: 0, on_time: 0, late: 0, missing: 0, voluntary: 0 });
      const x = byUnit.get(u);
      x.expected++;
      if (f.uscc.charCodeAt(17) % 23 === 0) x.missing++;
      else if (f.uscc.charCodeAt(16) % 11 === 0) { x.filed++; x.late++; } else { x.filed++; x.on_time++; }
    }
    const units = [...byUnit.values()].map((x) => ({ ...x, rate_pct: Math.round((10000 * x.filed) / x.expected) / 100, on_time_pct: Math.round((10000 * x.on_time) / x.expected) / 100 }));
    units.sort((a, b) => b.rate_pct - a.rate_pct || b.on_time_pct - a.on_time_pct);
    units.forEach((u, i) => { u.rank = i + 1; });
    const sum = (k) => units.reduce((a, u) => a + u[k], 0);
    const city = { unit: '', name: '全市', expected: sum('expected'), filed: sum('filed'), on_time: sum('on_time'), late: sum('late'), missing: sum('missing'), voluntary: 0, rank: null };
    city.rate_pct = city.expected ? Math.round((10000 * city.filed) / city.expected) / 100 : 100;
    city.on_time_pct = city.expected ? Math.round((10000 * city.on_time) / city.expected) / 100 : 100;
    return [200, { period: LAST, label: '10月', as_of: '2026-11-28', deadline: '2026-11-10', closed: true, scope: null, city, units, missing: [] }];
  });
  route('GET', '/api/v1/monthly/warnings', (ctx) => {
    need(ctx, ['city', 'district', 'viewer']);
    const firms = visibleFirms(ctx.user);
    const by = Object.fromEntries(RULES.map(([c], i) => [c, Math.round(firms.length / (12 + 6 * i))]));
    return [200, { period: LAST, as_of: '2026-11-28', firms: Math.round(firms.length / 8), by_rule: by, rules: RULES.map(([code, label]) => ({ code, label })), units: [], items: [] }];
  });
  route('GET', '/api/v1/monthly/reports/{uscc}', (ctx, p) => {
    const f = firmFor(ctx, p.uscc);
    const r = rng(f.uscc.charCodeAt(5) * 131 + f.uscc.charCodeAt(9));
    let ytd = 0;
    const items = periods(24).map((per) => {
      const month = 80 + 60 * r.next();
      ytd = per.endsWith('-02') ? month * 2 : ytd + month;
      return { uscc: f.uscc, period: per, label: per.slice(5) + '月', revenue_ytd: Math.round(ytd * 100) / 100, profit_ytd: Math.round(ytd * 8) / 100, employees: 50, on_time: true, version: 1, month: { revenue_ytd: Math.round(month * 100) / 100, profit_ytd: Math.round(month * 8) / 100 }, yoy_pct: { revenue_ytd: 5 } };
    });
    return [200, { uscc: f.uscc, name: f.name, unit: f.zone || f.district, unit_name: unitName(f.zone || f.district), from: items[0].period, to: LAST, latest_period: '2026-11', latest_deadline: '2026-12-10', items, warnings: [], rereviews: [] }];
  });
}
