// fixtures.mjs - deterministic synthetic data for the DEV-ONLY mock API.
//
// Every firm, figure and person here is invented (seeded RNG), shaped like
// the demo city of `zjtx demo`: heavy in the main urban districts, light in
// the mountain counties, functional-zone firms in 沙坪坝/九龙坡 (重庆高新区)
// and 綦江 (万盛经开区), 两江新区 as the 2025 district 5001LJ. Credit codes
// carry valid GB 11714 and GB 32100 check characters.
import { DISTRICTS, ZONES, SECTIONS } from './reference.mjs';

// ---- seeded RNG (mulberry32) ----
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    weighted: (items, weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      let x = next() * total;
      for (let i = 0; i < items.length; i++) {
        x -= weights[i];
        if (x < 0) return items[i];
      }
      return items[items.length - 1];
    },
  };
}

// ---- credit codes ----
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_W = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 32100-2015 check character of the first 17 characters. */
export function usccCheck(body17) {
  let s = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(body17[i]);
    if (v < 0) return null;
    s += v * USCC_W[i];
  }
  const c = 31 - (s % 31);
  return USCC_CHARS[c === 31 ? 0 : c];
}

export function usccValid(code) {
  return typeof code === 'string' && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && usccCheck(code.slice(0, 17)) === code[17];
}

function orgCode(r) {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(r.int(0, 9));
  const s = [...body].reduce((a, ch, i) => a + Number(ch) * ORG_W[i], 0);
  const c = 11 - (s % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

function makeUscc(r, region) {
  const body = '91' + region + orgCode(r);
  return body + usccCheck(body);
}

// ---- catalogue helpers ----
const today = new Date().toISOString().slice(0, 10);
export const CURRENT_DISTRICTS = DISTRICTS.filter((d) => !(d.valid_to && d.valid_to < today) && !(d.valid_from && d.valid_from > today));
export function districtByCode(code) {
  return CURRENT_DISTRICTS.find((d) => d.code === code) || DISTRICTS.find((d) => d.code === code);
}
export function zoneByCode(code) {
  return ZONES.find((z) => z.code === code);
}
export function industryName(code) {
  const s = SECTIONS.find((x) => x.code === code[0]);
  if (!s) return '';
  const d = s.divisions.find((x) => x.code === code.slice(0, 3));
  return d ? d.name : s.name;
}

export const TIERS = [
  { key: 'candidate', label: '储备企业', short: '储备' },
  { key: 'innovative', label: '创新型中小企业', short: '创新型' },
  { key: 'srdi', label: '专精特新中小企业', short: '专精特新' },
  { key: 'little_giant', label: '专精特新"小巨人"企业', short: '小巨人' },
  { key: 'champion', label: '隐形冠军企业', short: '隐形冠军' },
];
export const TIER_RANK = Object.fromEntries(TIERS.map((x, i) => [x.key, i + 1]));
export const STATUS_LABELS = { recognized: '认定', renewed: '复核通过', expired: '到期', exited: '退出', revoked: '撤销' };

// spec/indicators.md, annual keys
export const INDICATORS_ANNUAL = [
  ['revenue', '营业收入', 'money', '万元'],
  ['main_revenue', '主营业务收入', 'money', '万元'],
  ['net_profit', '净利润', 'money', '万元'],
  ['total_assets', '资产总额', 'money', '万元'],
  ['total_liabilities', '负债总额', 'money', '万元'],
  ['rd_expense', '研发费用', 'money', '万元'],
  ['equity_financing', '当年新增股权融资（合格机构投资者实缴）', 'money', '万元'],
  ['employees', '从业人员数', 'persons', '人'],
  ['rd_staff', '研发人员数', 'persons', '人'],
  ['ip_class1_high', 'Ⅰ类高价值知识产权数', 'count', '项'],
  ['ip_class1_own', '自主研发Ⅰ类知识产权数', 'count', '项'],
  ['ip_class1', 'Ⅰ类知识产权数（含以上两项）', 'count', '项'],
  ['ip_class2', 'Ⅱ类知识产权数', 'count', '项'],
  ['digital_level', '数字化水平等级', 'level', '级'],
  ['quality_cert', '质量管理体系认证', 'flag', ''],
  ['own_brand', '拥有自主品牌', 'flag', ''],
  ['rd_institution', '研发机构级别', 'level', ''],
  ['market_share', '主导产品国内细分市场占有率', 'percent', '%'],
  ['honour', '有效的高新技术企业等称号', 'flag', ''],
].map(([key, label, type, unit]) => ({ key, label, type, unit, min: null, max: null, note: '' }));

export const INDICATORS_MONTHLY = [
  ['revenue_ytd', '营业收入（累计）', 'money', '万元'],
  ['output_ytd', '工业总产值（累计）', 'money', '万元'],
  ['profit_ytd', '利润总额（累计）', 'money', '万元'],
  ['tax_ytd', '税金总额（累计）', 'money', '万元'],
  ['rd_expense_ytd', '研发费用（累计）', 'money', '万元'],
  ['export_ytd', '出口交货值（累计）', 'money', '万元'],
  ['employees', '从业人员期末人数', 'persons', '人'],
].map(([key, label, type, unit]) => ({ key, label, type, unit, min: null, max: null, note: '' }));

// District weights like the demo city (src/app/demo.c), and zone shares.
const WEIGHTS = {
  '5001LJ': 9.0, 500103: 1.0, 500104: 1.5, 500106: 4.0, 500107: 6.0, 500108: 3.0, 500109: 3.5, 500110: 2.5, 500111: 2.5,
  500113: 4.0, 500101: 3.0, 500102: 3.5, 500114: 0.8, 500115: 2.5, 500116: 4.5, 500117: 3.0, 500118: 3.5, 500119: 1.2,
  500120: 3.5, 500151: 2.5, 500152: 1.5, 500153: 2.0, 500154: 1.5, 500155: 1.5, 500156: 0.5, 500229: 0.2, 500230: 0.6,
  500231: 1.0, 500233: 0.8, 500235: 0.8, 500236: 0.6, 500237: 0.3, 500238: 0.2, 500240: 0.4, 500241: 0.6, 500242: 0.3,
  500243: 0.3,
};
const ZONE_OF = { 500106: ['GXQ', 0.3], 500107: ['GXQ', 0.25], 500110: ['WSJK', 0.35] };
const REGION_DIGITS = { '5001LJ': '500112' };

const INDUSTRIES = [
  ['C3562', '电子专用设备', ['芯', '微电', '晶']], ['C3963', '智能设备', ['智', '锐', '创']], ['C3670', '汽车零部件', ['驰', '精工', '动力']],
  ['C3489', '通用设备', ['精密', '鼎', '恒']], ['C2710', '化学药品', ['药', '康', '生物']], ['C3311', '金属结构', ['钢构', '铸', '坚']],
  ['C3982', '电子元件', ['电子', '科', '光']], ['C2929', '塑料制品', ['塑', '新材', '美']], ['C3841', '锂离子电池', ['能', '储', '源']],
  ['I6513', '应用软件', ['软件', '数', '云']], ['I6450', '互联网数据', ['数据', '网', '信']], ['M7320', '工程技术研究', ['研', '检测', '技']],
  ['C3099', '新型建材', ['建材', '固', '石']], ['C1495', '食品加工', ['食', '味', '农']], ['C3824', '电力电子', ['电气', '能', '控']],
];
const PLACE = ['渝', '巴', '山城', '嘉陵', '长江', '两江', '缙云', '歌乐', '南山', '金佛', '綦', '涪', '合', '璧'];
const MID = ['华', '宏', '盛', '通', '新', '远', '达', '瑞', '博', '联', '汇', '信', '诚', '德', '天', '安', '海', '中'];
const SUFFIX = ['科技有限公司', '技术有限公司', '股份有限公司', '有限公司', '智能科技有限公司', '实业有限公司'];
const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '涛', '明', '超', '霞', '平', '刚'];

function round2(x) {
  return Math.round(x * 100) / 100;
}

function sizeClass(ind, figures) {
  if (!figures) return null;
  const { employees: e, revenue: rev } = figures;
  if (e == null || rev == null) return null;
  const software = ind.startsWith('I65');
  const cat = software ? { name: '软件和信息技术服务业', ce: 300, cr: 10000, me: 100, mr: 1000, se: 10, sr: 50 } : { name: '工业', ce: 1000, cr: 40000, me: 300, mr: 2000, se: 20, sr: 300 };
  let cls, label;
  if (!(e < cat.ce || rev < cat.cr)) [cls, label] = ['large', '大型'];
  else if (e >= cat.me && rev >= cat.mr) [cls, label] = ['medium', '中型'];
  else if (e >= cat.se && rev >= cat.sr) [cls, label] = ['small', '小型'];
  else [cls, label] = ['micro', '微型'];
  return { class: cls, label, category_name: cat.name };
}

/** Builds the mock database: {firms: Map(uscc → firm), annual: Map(uscc → [rows]), tierEvents: Map(uscc → [ev])}. */
export function buildFixtures(count = 900, seed = 20250615) {
  const r = rng(seed);
  const codes = Object.keys(WEIGHTS);
  const weights = codes.map((c) => WEIGHTS[c]);
  const firms = new Map();
  const annual = new Map();
  const tierEvents = new Map();
  const names = new Set();
  for (let i = 0; i < count; i++) {
    const district = r.weighted(codes, weights);
    const [zoneCode, zoneShare] = ZONE_OF[district] || ['', 0];
    const zone = zoneCode && r.next() < zoneShare ? zoneCode : '';
    const [industry, , words] = r.pick(INDUSTRIES);
    let name;
    do {
      name = '重庆' + r.pick(PLACE) + r.pick(MID) + r.pick(words) + r.pick(SUFFIX);
    } while (names.has(name));
    names.add(name);
    const uscc = makeUscc(r, REGION_DIGITS[district] || district);
    const foundedYear = r.int(1998, 2021);
    const founded = `${foundedYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const contact = r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.5 ? r.pick(GIVEN) : '');
    const phone = '1' + r.pick(['38', '39', '35', '58', '77', '86', '89']) + String(r.int(10000000, 99999999));

    // figures: a base revenue, growing or shrinking year by year
    const base = Math.exp(r.next() * 6.2 + 5.0); // ≈ 150 万元 .. 73,000 万元
    const growth = 0.9 + r.next() * 0.35;
    const emp0 = Math.max(8, Math.round(base / (30 + r.next() * 60)));
    const rows = [];
    for (let y = 2022; y <= 2024; y++) {
      if (y < foundedYear + 1) continue;
      const k = Math.pow(growth, y - 2022);
      const revenue = round2(base * k);
      const employees = Math.max(5, Math.round(emp0 * (0.95 + r.next() * 0.15) * Math.sqrt(k)));
      const assets = round2(revenue * (0.8 + r.next() * 1.2));
      const missingRd = r.next() < 0.06;
      rows.push({
        year: y,
        revenue,
        main_revenue: round2(revenue * (0.72 + r.next() * 0.27)),
        net_profit: round2(revenue * (r.next() * 0.2 - 0.04)),
        total_assets: assets,
        total_liabilities: round2(assets * (0.2 + r.next() * 0.55)),
        rd_expense: missingRd ? null : round2(revenue * (0.015 + r.next() * 0.08)),
        equity_financing: r.next() < 0.1 ? round2(500 + r.next() * 5000) : null,
        employees,
        rd_staff: Math.round(employees * (0.08 + r.next() * 0.3)),
        ip_class1: r.int(0, 12),
        ip_class2: r.int(0, 40),
        digital_level: r.int(1, 4),
        quality_cert: r.next() < 0.7 ? 1 : 0,
        own_brand: r.next() < 0.6 ? 1 : 0,
        market_share: r.next() < 0.4 ? round2(r.next() * 25) : null,
        honour: r.next() < 0.45 ? 1 : 0,
      });
    }
    annual.set(uscc, rows);

    // tier: the highest reached, with a history climbing to it
    const top = r.weighted(['', 'candidate', 'innovative', 'srdi', 'little_giant', 'champion'], [36, 22, 20, 16, 5, 1]);
    const events = [];
    if (top) {
      let year = Math.max(foundedYear + 2, 2018) + r.int(0, 1);
      for (const t of TIERS) {
        if (TIER_RANK[t.key] > TIER_RANK[top]) break;
        if (t.key !== top && r.next() < 0.35) continue; // not every firm passed every step
        if (year > 2025) year = 2025;
        const since = `${year}-${String(r.int(3, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
        const term = t.key === 'candidate' ? 0 : 3;
        events.push({
          tier: t.key, status: 'recognized', since, until: term ? `${year + term}-12-31` : null,
          reason: null, doc_no: t.key === 'candidate' ? null : `渝经信发〔${year}〕${r.int(10, 99)}号`,
        });
        year += r.int(1, 2);
      }
      // an expired term renewed for some
      const last = events[events.length - 1];
      if (last && last.until && last.until < today && r.next() < 0.6) {
        const y = Number(last.until.slice(0, 4)) + 1;
        events.push({ tier: last.tier, status: 'renewed', since: `${y}-03-15`, until: `${y + 3}-12-31`, reason: '复核通过', doc_no: `渝经信发〔${y}〕${r.int(10, 99)}号` });
      }
    }
    if (r.next() < 0.03) {
      events.push({ tier: 'srdi', status: 'exited', since: '2024-06-30', until: null, reason: '连续两年营业收入下降，不再符合认定条件', doc_no: '渝经信发〔2024〕61号' });
    }
    tierEvents.set(uscc, events);

    firms.set(uscc, {
      uscc, name, district, zone, industry, emerging: r.next() < 0.5 ? r.int(1, 9) : null, founded,
      niche_since: Math.min(2024, foundedYear + r.int(0, 6)), contact, phone,
    });
  }
  return { firms, annual, tierEvents };
}

/** The tier a firm holds now and its end date, from its events (latest event per tier wins). */
export function currentTier(events) {
  const latest = new Map();
  for (const ev of [...events].sort((a, b) => a.since.localeCompare(b.since))) latest.set(ev.tier, ev);
  let best = null;
  for (const ev of latest.values()) {
    const holds = (ev.status === 'recognized' || ev.status === 'renewed') && !(ev.until && ev.until < today);
    if (holds && (!best || TIER_RANK[ev.tier] > TIER_RANK[best.tier])) best = ev;
  }
  return best;
}

export function sizeOf(firm, rows) {
  const last = rows && rows.length ? rows[rows.length - 1] : null;
  const sc = sizeClass(firm.industry, last);
  return sc ? { ...sc, year: last.year } : null;
}

export const USERS_SEED = [
  { username: 'city', display_name: '张伟', role: 'city' },
  { username: 'district', display_name: '李静', role: 'district', district: '500106' },
  { username: 'liangjiang', display_name: '王磊', role: 'district', district: '5001LJ' },
  { username: 'firm', display_name: '陈敏', role: 'enterprise', uscc: null },
  { username: 'expert', display_name: '周明', role: 'expert' },
  { username: 'viewer', display_name: '赵强', role: 'viewer' },
  { username: 'admin', display_name: '刘洋', role: 'admin' },
  { username: 'security', display_name: '孙涛', role: 'security' },
  { username: 'auditor', display_name: '吴霞', role: 'auditor' },
  { username: 'newbie', display_name: '郭超', role: 'city', must_change_password: true },
];

export { DISTRICTS, ZONES, SECTIONS };
