/* demo.c - the synthetic demo city (see demo.h).
 *
 * Everything is drawn from one splitmix64 stream seeded by the options, in
 * a fixed order, so the output is identical on every platform. Doubles are
 * used only to draw synthetic values; each amount is then fixed as an exact
 * integer of 分 before it is stored. */
#include "demo.h"

#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/rng.h"
#include "base/str.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "core/tier.h"
#include "core/uscc.h"

#define WAN 1000000LL /* 分 per 万元 */

/* Reporting weight of each district (share of the city's SME pool), the
 * region code stamped into credit codes registered there, and the share of
 * its firms inside a functional zone. Weights are synthetic, shaped like
 * the real city: heavy in the main urban area, light in the mountain
 * counties of 渝东北 and 渝东南. */
static const struct demo_district {
	const char *code;
	double weight;
	const char *reg; /* region digits for USCC positions 3-8 */
	const char *zone;
	double zone_share;
} districts[] = {
    {"5001LJ", 9.0, "500112", "", 0},       {"500103", 1.0, "500103", "", 0},
    {"500104", 1.5, "500104", "", 0},       {"500106", 4.0, "500106", "GXQ", 0.30},
    {"500107", 6.0, "500107", "GXQ", 0.25}, {"500108", 3.0, "500108", "", 0},
    {"500109", 3.5, "500109", "", 0},       {"500110", 2.5, "500110", "WSJK", 0.35},
    {"500111", 2.5, "500111", "", 0},       {"500113", 4.0, "500113", "", 0},
    {"500101", 3.0, "500101", "", 0},       {"500102", 3.5, "500102", "", 0},
    {"500114", 0.8, "500114", "", 0},       {"500115", 2.5, "500115", "", 0},
    {"500116", 4.5, "500116", "", 0},       {"500117", 3.0, "500117", "", 0},
    {"500118", 3.5, "500118", "", 0},       {"500119", 1.2, "500119", "", 0},
    {"500120", 3.5, "500120", "", 0},       {"500151", 2.5, "500151", "", 0},
    {"500152", 1.5, "500152", "", 0},       {"500153", 2.0, "500153", "", 0},
    {"500154", 1.5, "500154", "", 0},       {"500155", 1.5, "500155", "", 0},
    {"500156", 0.5, "500156", "", 0},       {"500229", 0.2, "500229", "", 0},
    {"500230", 0.6, "500230", "", 0},       {"500231", 1.0, "500231", "", 0},
    {"500233", 0.8, "500233", "", 0},       {"500235", 0.8, "500235", "", 0},
    {"500236", 0.6, "500236", "", 0},       {"500237", 0.3, "500237", "", 0},
    {"500238", 0.2, "500238", "", 0},       {"500240", 0.4, "500240", "", 0},
    {"500241", 0.6, "500241", "", 0},       {"500242", 0.3, "500242", "", 0},
    {"500243", 0.3, "500243", "", 0},
};
enum { NDISTRICTS = sizeof districts / sizeof districts[0] };

/* Industry divisions with weights and the words used in firm names. */
static const struct demo_industry {
	const char *code; /* section letter + division */
	double weight;
	const char *words; /* '|'-separated name words */
	int emerging;      /* typical strategic emerging category, 0 = none */
} industries[] = {
    {"C36", 12, "汽车零部件|汽车部件|车辆配件|汽车电子", 5},
    {"C39", 9, "电子科技|微电子|光电科技|半导体|智能终端", 1},
    {"C38", 7, "电气|电机|新能源科技|电池科技", 6},
    {"C34", 7, "机械|精密机械|动力设备|液压设备", 2},
    {"C35", 7, "智能装备|专用设备|自动化设备", 2},
    {"C33", 5, "金属制品|精密铸造|五金制品", 0},
    {"C26", 4, "化工|新材料|精细化工", 3},
    {"C27", 4, "药业|生物医药|制药", 4},
    {"C29", 4, "塑胶|橡胶制品|高分子材料", 3},
    {"C30", 3, "建材|玻璃|陶瓷", 3},
    {"C40", 2.5, "仪器仪表|传感技术|检测仪器", 2},
    {"C37", 3, "摩托车|船舶|航空科技|轨道交通装备", 2},
    {"C13", 1.5, "农产品加工|粮油", 0},
    {"C14", 1.5, "食品|调味品|火锅食品", 0},
    {"C15", 1.0, "饮品|酒业|茶业", 0},
    {"C31", 1.0, "特钢|钢结构", 3},
    {"C32", 1.0, "铝业|有色金属", 3},
    {"C17", 0.6, "纺织", 0},
    {"C22", 0.5, "纸业|包装", 0},
    {"C23", 0.4, "印务", 8},
    {"C24", 0.5, "文体用品", 8},
    {"C28", 0.5, "化纤", 3},
    {"C41", 0.4, "工艺制品", 0},
    {"C42", 0.6, "再生资源", 7},
    {"C43", 0.5, "设备维修", 2},
    {"I65", 7, "软件|信息技术|数字科技|数据科技", 1},
    {"I64", 2, "网络科技|互联网科技", 1},
    {"I63", 1, "通信技术|传输技术", 1},
    {"M73", 2, "研究院|技术研究", 9},
    {"M74", 3, "工程技术|检测技术|设计", 9},
    {"M75", 2, "科技服务|技术服务", 9},
    {"F51", 2, "贸易|供应链", 0},
    {"L72", 1.5, "企业管理|咨询", 0},
    {"E48", 1, "建设工程|市政工程", 0},
    {"N77", 1, "环保科技|环境治理", 7},
    {"D44", 0.5, "能源|电力", 6},
    {"A01", 1, "农业|生态农业|种业", 0},
    {"B10", 0.5, "矿业", 0},
    {"G54", 0.5, "物流|运输", 0},
    {"G59", 0.5, "仓储", 0},
};
enum { NINDUSTRIES = sizeof industries / sizeof industries[0] };

static const char name_chars[] = "华晟鑫瑞博创金恒宏新盛达凯源康科天中远力航智信聚弘卓越永泰隆丰"
                                 "嘉和谷川德润启明锐腾领先合众宇辰佳美欣亿诚精益汇通";
static const char surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田"
    "董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白"
    "邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
static const char given[] = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏"
                            "飞浩宇轩然梓涵欣怡子墨晨阳思远";
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The idx-th 3-byte CJK character of a UTF-8 string of such characters. */
static void cjk_at(const char *s, size_t idx, char out[4])
{
	memcpy(out, s + idx * 3, 3);
	out[3] = '\0';
}

static size_t cjk_count(const char *s)
{
	return strlen(s) / 3;
}

static void pick_cjk(struct rng *r, const char *set, char out[4])
{
	cjk_at(set, rng_below(r, cjk_count(set)), out);
}

/* The n-th '|'-separated word of words. */
static void pick_word(struct rng *r, const char *words, char *out, size_t n)
{
	int count = 1;
	for (const char *p = words; *p; p++)
		count += *p == '|';
	int k = (int)rng_below(r, (uint64_t)count);
	const char *p = words;
	while (k-- > 0)
		p = strchr(p, '|') + 1;
	const char *end = strchr(p, '|');
	size_t len = end ? (size_t)(end - p) : strlen(p);
	str_copy(out, n, p, len);
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* 万元 as a double, rounded to 100 元, as exact 分. */
static int64_t wan_to_fen(double wan)
{
	return (int64_t)llround(wan * 100.0) * (WAN / 100);
}

static long poisson(struct rng *r, double lambda)
{
	if (lambda > 30)
		return lround(clamp(lambda + sqrt(lambda) * rng_normal(r), 0, 1e9));
	double l = exp(-lambda), p = 1.0;
	long k = 0;
	do {
		k++;
		p *= rng_unit(r);
	} while (p > l);
	return k - 1;
}

/* ---- one firm ---- */

struct firm {
	struct enterprise ent;
	double q;     /* latent quality */
	double score; /* q plus noise, for tier assignment */
	enum tier tier;
	int idx;
};

/* A name set, so no two firms share a name or a code. */
struct nameset {
	char **keys;
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool nameset_add(struct nameset *ns, const char *key)
{
	if ((ns->n + 1) * 2 > ns->cap) {
		size_t ncap = ns->cap ? ns->cap * 2 : 4096;
		char **nk = xcalloc(ncap, sizeof *nk);
		for (size_t i = 0; i < ns->cap; i++)
			if (ns->keys[i]) {
				size_t j = fnv(ns->keys[i]) & (ncap - 1);
				while (nk[j])
					j = (j + 1) & (ncap - 1);
				nk[j] = ns->keys[i];
			}
		free(ns->keys);
		ns->keys = nk;
		ns->cap = ncap;
	}
	size_t j = fnv(key) & (ns->cap - 1);
	while (ns->keys[j]) {
		if (strcmp(ns->keys[j], key) == 0)
			return false;
		j = (j + 1) & (ns->cap - 1);
	}
	ns->keys[j] = xstrdup(key);
	ns->n++;
	return true;
}

static void nameset_free(struct nameset *ns)
{
	for (size_t i = 0; i < ns->cap; i++)
		free(ns->keys[i]);
	free(ns->keys);
}

static void make_uscc(struct rng *r, const char *reg, struct nameset *seen, char out[19])
{
	char body[18];
	do {
		memcpy(body, "91", 2);
		memcpy(body + 2, reg, 6);
		if (rng_unit(r) < 0.6) { /* post-2015 codes: MA + 6 */
			memcpy(body + 8, "MA", 2);
			for (int i = 10; i < 16; i++)
				body[i] = uscc_chars[rng_below(r, 31)];
		} else {
			for (int i = 8; i < 16; i++)
				body[i] = (char)('0' + rng_below(r, 10));
		}
		body[16] = '0'; /* replaced by the organisation-code check */
		body[17] = '\0';
		uscc_make(body, true, out);
	} while (!nameset_add(seen, out));
}

static void make_name(struct rng *r, const struct demo_industry *ind, struct nameset *seen,
                      char *out, size_t n)
{
	char a[4], b[4], word[64];
	for (int attempt = 0;; attempt++) {
		pick_cjk(r, name_chars, a);
		pick_cjk(r, name_chars, b);
		pick_word(r, ind->words, word, sizeof word);
		double u = rng_unit(r);
		const char *suffix = u < 0.7   ? "有限公司"
		                     : u < 0.9 ? "股份有限公司"
		                               : "有限责任公司";
		if (attempt < 8)
			snprintf(out, n, "重庆%s%s%s%s", a, b, word, suffix);
		else
			snprintf(out, n, "重庆%s%s%s%s(%d)", a, b, word, suffix, attempt);
		if (nameset_add(seen, out))
			return;
	}
}

static void make_person(struct rng *r, char *out, size_t n)
{
	char s[4], g1[4], g2[4];
	pick_cjk(r, surnames, s);
	pick_cjk(r, given, g1);
	if (rng_unit(r) < 0.6) {
		pick_cjk(r, given, g2);
		snprintf(out, n, "%s%s%s", s, g1, g2);
	} else {
		snprintf(out, n, "%s%s", s, g1);
	}
}

static void make_firm(struct rng *r, struct firm *f, struct nameset *codes, struct nameset *names)
{
	double dw[NDISTRICTS], iw[NINDUSTRIES];
	for (int i = 0; i < NDISTRICTS; i++)
		dw[i] = districts[i].weight;
	for (int i = 0; i < NINDUSTRIES; i++)
		iw[i] = industries[i].weight;
	const struct demo_district *d = &districts[rng_pick(r, dw, NDISTRICTS)];
	const struct demo_industry *ind = &industries[rng_pick(r, iw, NINDUSTRIES)];
	struct enterprise *e = &f->ent;
	memset(e, 0, sizeof *e);
	f->q = rng_normal(r);
	const char *reg = d->reg;
	if (strcmp(d->code, "5001LJ") == 0 && rng_unit(r) < 0.4)
		reg = "500105"; /* registered in the former 江北区 */
	make_uscc(r, reg, codes, e->uscc);
	make_name(r, ind, names, e->name, sizeof e->name);
	snprintf(e->district, sizeof e->district, "%s", d->code);
	if (d->zone[0] && rng_unit(r) < d->zone_share)
		snprintf(e->zone, sizeof e->zone, "%s", d->zone);
	if (strcmp(ind->code, "G59") == 0)
		snprintf(e->industry, sizeof e->industry, "G5920");
	else {
		memcpy(e->industry, ind->code, 3);
		e->industry[3] = (char)('1' + rng_below(r, 9));
		e->industry[4] = (char)('0' + rng_below(r, 10));
		e->industry[5] = '\0';
	}
	e->emerging = ind->emerging && rng_unit(r) < 0.7 ? ind->emerging : 0;
	int fy = 1995 + (int)rng_below(r, 27);
	int fm = 1 + (int)rng_below(r, 12), fd = 1 + (int)rng_below(r, 28);
	date_format(fy, fm, fd, e->founded);
	e->niche_since = fy + (int)rng_below(r, 4);
	if (e->niche_since > 2023)
		e->niche_since = 2023;
	make_person(r, e->contact, sizeof e->contact);
	snprintf(e->phone, sizeof e->phone, "1%d%d%08d", 3 + (int)rng_below(r, 7),
	         (int)rng_below(r, 10), (int)rng_below(r, 100000000));
}

/* ---- annual figures ---- */

static int level_from(struct rng *r, double q, const double *base, int n)
{
	double w[8];
	for (int i = 0; i < n && i < 8; i++)
		w[i] = base[i] * exp(0.6 * q * (i - (n - 1) / 2.0));
	return rng_pick(r, w, n);
}

/* Fills years[0..ny-1] (oldest first) for one firm. Some values and whole
 * years are left missing, as in real data. */
static void make_annual(struct rng *r, const struct firm *f, int first_year, int ny,
                        struct annual *years)
{
	double rev = exp(log(6000) + 1.1 * rng_normal(r) + 0.5 * f->q);
	rev = clamp(rev, 60, 400000);
	double revs[16];
	revs[ny - 1] = rev;
	for (int i = ny - 1; i > 0; i--) {
		double g = clamp(0.08 + 0.04 * f->q + 0.15 * rng_normal(r), -0.5, 1.5);
		revs[i - 1] = revs[i] / (1 + g);
	}
	double per_emp = exp(log(90) + 0.4 * rng_normal(r));
	double rd_base = clamp(exp(log(0.035) + 0.25 * f->q + 0.45 * rng_normal(r)), 0, 0.35);
	double main_ratio = clamp(0.78 + 0.08 * f->q + 0.1 * rng_normal(r), 0.3, 1.0);
	double lev = clamp(0.5 + 0.15 * rng_normal(r) - 0.05 * f->q, 0.05, 1.05);
	double rd_staff_share = clamp(0.15 + 0.05 * f->q + 0.07 * rng_normal(r), 0.01, 0.9);
	double share = clamp(exp(log(4) + 0.4 * f->q + 0.8 * rng_normal(r)), 0.1, 60);
	bool has_fin = rng_unit(r) < 0.1 + 0.05 * (f->q > 1);
	static const double dig_w[] = {1.5, 2, 3, 2.5, 1}, inst_w[] = {3, 2, 2.5, 2, 0.5},
	                    field_w[] = {4, 3, 2};
	int digital = level_from(r, f->q, dig_w, 5);
	int inst = level_from(r, f->q, inst_w, 5);
	int field = level_from(r, f->q, field_w, 3);
	bool cert = rng_unit(r) < 0.7, brand = rng_unit(r) < 0.6;
	bool stdset = rng_unit(r) < clamp(0.3 + 0.15 * f->q, 0.05, 0.9);
	bool honour = rng_unit(r) < clamp(0.45 + 0.15 * f->q, 0.05, 0.95);
	bool missing_first = rng_unit(r) < 0.02;
	for (int i = 0; i < ny; i++) {
		struct annual *a = &years[i];
		memset(a, 0, sizeof *a);
		snprintf(a->uscc, sizeof a->uscc, "%s", f->ent.uscc);
		a->year = first_year + i;
		if (i == 0 && missing_first)
			continue; /* a year never reported */
		double rv = revs[i];
		double rd = rv * clamp(rd_base * (1 + 0.15 * rng_normal(r)), 0, 0.4);
		double margin = 0.06 + 0.02 * f->q + 0.06 * rng_normal(r);
		double assets = rv * (0.7 + 1.1 * rng_unit(r));
		long emp = lround(clamp(rv / per_emp, 3, 5000));
		annual_set(a, AK_REVENUE, wan_to_fen(rv));
		annual_set(a, AK_MAIN_REVENUE,
		           wan_to_fen(rv * clamp(main_ratio + 0.03 * rng_normal(r), 0.2, 1.0)));
		if (a->v[AK_MAIN_REVENUE] > a->v[AK_REVENUE])
			a->v[AK_MAIN_REVENUE] = a->v[AK_REVENUE];
		annual_set(a, AK_NET_PROFIT, wan_to_fen(rv * margin));
		annual_set(a, AK_TOTAL_ASSETS, wan_to_fen(assets));
		annual_set(a, AK_TOTAL_LIABILITIES,
		           wan_to_fen(assets * clamp(lev + 0.04 * rng_normal(r), 0.02, 1.1)));
		annual_set(a, AK_RD_EXPENSE, wan_to_fen(rd));
		annual_set(a, AK_EQUITY_FINANCING,
		           has_fin && rng_unit(r) < 0.5 ? wan_to_fen(exp(log(1500) + rng_normal(r)))
		                                        : 0);
		annual_set(a, AK_EMPLOYEES, emp);
		annual_set(a, AK_RD_STAFF, lround(emp * rd_staff_share));
		long c1 = poisson(r, exp(0.8 + 0.6 * f->q)),
		     c1own = c1 ? (long)rng_below(r, (uint64_t)c1 + 1) : 0;
		long c1high = c1 && rng_unit(r) < 0.25 + 0.1 * f->q
		                  ? 1 + (long)rng_below(r, (uint64_t)(c1 < 3 ? c1 : 3))
		                  : 0;
		annual_set(a, AK_IP_CLASS1, c1);
		annual_set(a, AK_IP_CLASS1_OWN, c1own);
		annual_set(a, AK_IP_CLASS1_HIGH, c1high > c1 ? c1 : c1high);
		annual_set(a, AK_IP_CLASS2, poisson(r, exp(1.5 + 0.5 * f->q)));
		annual_set(a, AK_DIGITAL_LEVEL, digital);
		annual_set(a, AK_QUALITY_AWARD, rng_unit(r) < 0.05 + 0.04 * (f->q > 1));
		annual_set(a, AK_QUALITY_CERT, cert);
		annual_set(a, AK_OWN_BRAND, brand);
		annual_set(a, AK_STANDARD_SETTING, stdset);
		annual_set(a, AK_RD_INSTITUTION, inst);
		annual_set(a, AK_PRODUCT_FIELD, field);
		if (rng_unit(r) < 0.8) /* often not declared */
			annual_set(a, AK_MARKET_SHARE,
			           llround(share * (1 + 0.05 * rng_normal(r)) * 100));
		double u = rng_unit(r);
		int award = u < 0.01 ? 2 : u < 0.05 ? 1 : 0;
		annual_set(a, AK_AWARD, award);
		if (award)
			annual_set(a, AK_AWARD_RANK, 1 + (long)rng_below(r, 6));
		annual_set(a, AK_HONOUR, honour);
		u = rng_unit(r);
		annual_set(a, AK_MAKER_CHINA, u < 0.003 ? 50 : u < 0.02 ? 500 : 0);
		/* a few gaps in otherwise complete rows */
		if (rng_unit(r) < 0.03)
			a->has &= ~((uint64_t)1 << AK_RD_STAFF);
		if (rng_unit(r) < 0.02)
			a->has &= ~((uint64_t)1 << AK_TOTAL_LIABILITIES);
	}
}

/* ---- tiers and their history ---- */

static int cmp_score(const void *a, const void *b)
{
	const struct firm *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->idx - y->idx;
}

static int cmp_idx(const void *a, const void *b)
{
	return ((const struct firm *)a)->idx - ((const struct firm *)b)->idx;
}

/* Current tier mix (shares of the pool, best first): about 40 champions,
 * 100 little giants and 1,000 SRDI firms per 5,000. */
static void assign_tiers(struct rng *r, struct firm *firms, long n)
{
	for (long i = 0; i < n; i++)
		firms[i].score = firms[i].q + 0.35 * rng_normal(r);
	qsort(firms, (size_t)n, sizeof *firms, cmp_score);
	long champ = n * 8 / 1000, lg = n * 20 / 1000, srdi = n * 200 / 1000,
	     innov = n * 360 / 1000, cand = n * 370 / 1000;
	for (long i = 0; i < n; i++) {
		long k = i;
		enum tier t = TIER_NONE;
		if (k < champ)
			t = TIER_CHAMPION;
		else if ((k -= champ) < lg)
			t = TIER_LITTLE_GIANT;
		else if ((k -= lg) < srdi)
			t = TIER_SRDI;
		else if ((k -= srdi) < innov)
			t = TIER_INNOVATIVE;
		else if ((k -= innov) < cand)
			t = TIER_CANDIDATE;
		firms[i].tier = t;
	}
	qsort(firms, (size_t)n, sizeof *firms, cmp_idx);
}

struct hist {
	struct store *s;
	struct demo_stats *st;
	struct app_err *e;
	enum app_status status;
};

static void event(struct hist *h, const char *uscc, enum tier t, enum tier_status status,
                  const char *since, bool term, const char *doc, const char *reason)
{
	if (h->status != APP_OK)
		return;
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.uscc, sizeof ev.uscc, "%s", uscc);
	ev.tier = t;
	ev.status = status;
	snprintf(ev.since, sizeof ev.since, "%s", since);
	if (term)
		date_term_end(since, 3, ev.until);
	snprintf(ev.doc_no, sizeof ev.doc_no, "%s", doc ? doc : "");
	snprintf(ev.reason, sizeof ev.reason, "%s", reason ? reason : "");
	snprintf(ev.actor, sizeof ev.actor, "demo");
	h->status = store_tier_add(h->s, &ev, h->e);
	h->st->tier_events++;
}

/* Public batch dates and (synthetic) document numbers. */
static const struct batch {
	const char *date, *doc;
} srdi_batches[] =
    {
        {"2022-06-20", "渝经信中小〔2022〕12号"},
        {"2023-06-05", "渝经信中小〔2023〕9号"},
        {"2024-06-12", "渝经信中小〔2024〕11号"},
        {"2025-06-26", "渝经信中小〔2025〕15号"},
},
  lg_batches[] =
      {
          {"2019-06-05", "工信部企业函〔2019〕153号"}, {"2020-12-01", "工信部企业函〔2020〕335号"},
          {"2021-07-19", "工信部企业函〔2021〕197号"}, {"2022-08-12", "工信部企业函〔2022〕191号"},
          {"2023-07-14", "工信部企业函〔2023〕160号"}, {"2024-07-26", "工信部企业函〔2024〕178号"},
},
  innov_batches[] = {
      {"2022-11-30", "渝经信中小〔2022〕30号"},
      {"2023-10-31", "渝经信中小〔2023〕28号"},
      {"2024-10-30", "渝经信中小〔2024〕27号"},
      {"2025-10-29", "渝经信中小〔2025〕31号"},
};

static void history(struct rng *r, struct hist *h, const struct firm *f)
{
	const char *u = f->ent.uscc;
	char since[11];
	date_format(2020 + (int)rng_below(r, 5), 1 + (int)rng_below(r, 12), 1, since);
	if (f->tier == TIER_NONE) {
		if (rng_unit(r) < 0.3) { /* left the pool */
			event(h, u, TIER_CANDIDATE, TS_RECOGNIZED, since, false, NULL, "入库培育");
			event(h, u, TIER_CANDIDATE, TS_EXITED, "2025-12-31", false, NULL,
			      "企业申请退出培育库");
		}
		return;
	}
	event(h, u, TIER_CANDIDATE, TS_RECOGNIZED, since, false, NULL, "入库培育");
	if (f->tier == TIER_CANDIDATE)
		return;
	const struct batch *ib = &innov_batches[rng_below(r, 4)];
	event(h, u, TIER_INNOVATIVE, TS_RECOGNIZED, ib->date, true, ib->doc, NULL);
	if (f->tier == TIER_INNOVATIVE)
		return;
	int sb = (int)rng_below(r, 4);
	event(h, u, TIER_SRDI, TS_RECOGNIZED, srdi_batches[sb].date, true, srdi_batches[sb].doc,
	      NULL);
	if (sb == 0) /* the 2022 batch came up for re-review in 2025 */
		event(h, u, TIER_SRDI, TS_RENEWED, srdi_batches[3].date, true, srdi_batches[3].doc,
		      "复核通过");
	if (f->tier == TIER_SRDI)
		return;
	int lb = (int)rng_below(r, 6);
	event(h, u, TIER_LITTLE_GIANT, TS_RECOGNIZED, lg_batches[lb].date, true, lg_batches[lb].doc,
	      NULL);
	if (lb <= 2) /* batches 1-3 re-reviewed three years later */
		event(h, u, TIER_LITTLE_GIANT, TS_RENEWED, lg_batches[lb + 3].date, true,
		      lg_batches[lb + 3].doc, "复核通过");
	if (f->tier == TIER_LITTLE_GIANT)
		return;
	event(h, u, TIER_CHAMPION, TS_RECOGNIZED, rng_unit(r) < 0.5 ? "2019-12-20" : "2020-11-25",
	      false, rng_unit(r) < 0.5 ? "渝经信发〔2019〕86号" : "渝经信发〔2020〕71号",
	      "重庆市隐形冠军企业");
}

void demo_defaults(struct demo_options *o)
{
	o->enterprises = 5000;
	o->seed = 20200615;
	o->last_year = 2025;
	o->years = 3;
	o->months = 24;
	o->today = "2026-11-28";
	o->files_dir = NULL;
}

enum app_status demo_build(struct store *s, const struct demo_options *o, struct demo_stats *st,
                           struct app_err *e)
{
	enum app_status rc = APP_OK;
	long n = o->enterprises;
	int ny = o->years < 1 ? 1 : o->years > 16 ? 16 : o->years;
	struct rng r;
	struct nameset codes = {0}, names = {0};
	struct firm *firms = xcalloc((size_t)n, sizeof *firms);
	struct annual years[16];
	memset(st, 0, sizeof *st);
	rng_seed(&r, o->seed);
	for (long i = 0; i < n; i++) {
		firms[i].idx = (int)i;
		make_firm(&r, &firms[i], &codes, &names);
	}
	assign_tiers(&r, firms, n);
	if ((rc = store_begin(s, e)) != APP_OK)
		goto out;
	struct hist h = {s, st, e, APP_OK};
	for (long i = 0; i < n && rc == APP_OK; i++) {
		const struct firm *f = &firms[i];
		if ((rc = store_enterprise_put(s, &f->ent, NULL, e)) != APP_OK)
			break;
		st->enterprises++;
		make_annual(&r, f, o->last_year - ny + 1, ny, years);
		for (int y = 0; y < ny && rc == APP_OK; y++) {
			if (!years[y].has)
				continue;
			rc = store_annual_put(s, &years[y], ((uint64_t)1 << ANNUAL_KEY_COUNT) - 1,
			                      e);
			st->annual_rows++;
		}
		history(&r, &h, f);
		rc = rc == APP_OK ? h.status : rc;
		st->by_tier[f->tier]++;
	}
	if (rc == APP_OK && o->months > 0)
		rc = demo_monthly(s, o, st, e);
	if (rc == APP_OK && o->files_dir) /* batches, applications, experts, targets */
		rc = demo_flow_build(s, o->seed, o->today ? o->today : "2026-11-28", o->files_dir,
		                     &st->flow, e);
	if (rc == APP_OK)
		rc = store_commit(s, e);
	else
		store_rollback(s, NULL);
out:
	nameset_free(&codes);
	nameset_free(&names);
	free(firms);
	return rc;
}

/* ---- demo accounts ---- */

static const struct {
	const char *username, *display;
	enum role role;
	const char *district;
	bool must_change;
} demo_users[DEMO_ACCOUNTS] = {
    {"city", "市经信委演示", ROLE_CITY, NULL, false},
    {"district", "沙坪坝区演示", ROLE_DISTRICT, "500106", false},
    {"liangjiang", "两江新区演示", ROLE_DISTRICT, "5001LJ", false},
    {"firm", "企业联系人演示", ROLE_ENTERPRISE, NULL, false},
    {DEMO_EXPERT, "评审专家演示", ROLE_EXPERT, NULL, false},
    {"viewer", "领导演示", ROLE_VIEWER, NULL, false},
    {"admin", "系统管理员演示", ROLE_ADMIN, NULL, false},
    {"security", "安全管理员演示", ROLE_SECURITY, NULL, false},
    {"auditor", "审计管理员演示", ROLE_AUDITOR, NULL, false},
    {"newbie", "新用户演示", ROLE_CITY, NULL, true},
};

static int first_firm(void *ctx, const struct enterprise *ent)
{
	*(struct enterprise *)ctx = *ent;
	return 1;
}

/* The firm of the enterprise account: the first SRDI firm of 沙坪坝区 by
 * credit code, else any firm of it, else any firm ("" if none). */
static void demo_firm(struct store *s, struct enterprise *out)
{
	memset(out, 0, sizeof *out);
	struct store_filter f[3] = {
	    {.district = "500106", .tier = TIER_SRDI, .limit = 1},
	    {.district = "500106", .limit = 1},
	    {.limit = 1},
	};
	for (int i = 0; i < 3 && !out->uscc[0]; i++)
		store_enterprise_list(s, &f[i], first_firm, out, NULL, NULL);
}

enum app_status demo_accounts(struct store *s, const struct audit_actor *who,
                              struct demo_account out[DEMO_ACCOUNTS], size_t *n, struct app_err *e)
{
	struct enterprise firm;
	demo_firm(s, &firm);
	*n = 0;
	for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *a = &out[*n];
		memset(a, 0, sizeof *a);
		if (demo_users[i].role == ROLE_ENTERPRISE && !firm.uscc[0])
			continue;
		snprintf(a->username, sizeof a->username, "%s", demo_users[i].username);
		a->role = demo_users[i].role;
		a->must_change = demo_users[i].must_change;
		if (demo_users[i].district) {
			snprintf(a->district, sizeof a->district, "%s", demo_users[i].district);
			snprintf(a->scope_name, sizeof a->scope_name, "%s",
			         district_unit_name(a->district));
		}
		if (a->role == ROLE_ENTERPRISE) {
			snprintf(a->uscc, sizeof a->uscc, "%s", firm.uscc);
			snprintf(a->scope_name, sizeof a->scope_name, "%s", firm.name);
		}
		enum app_status st = user_generate_password(a->password, e);
		if (st != APP_OK)
			return st;
		struct user u;
		if (store_user_find(s, a->username, &u, NULL) == APP_OK) {
			st = user_set_password(s, who, u.id, a->password, a->must_change, NULL,
			                       NULL, e);
		} else {
			struct user_spec spec = {a->username, demo_users[i].display, a->role,
			                         a->district, a->uscc};
			st = user_create(s, who, &spec, a->password, a->must_change, NULL, NULL, e);
			a->created = true;
		}
		if (st != APP_OK)
			return st;
		(*n)++;
	}
	return APP_OK;
}

enum app_status demo_accounts_save(const char *path, const struct demo_account *a, size_t n,
                                   struct app_err *e)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "role", role_key(a[i].role),
		                      "username", a[i].username, "password", a[i].password,
		                      "must_change_password", a[i].must_change);
		json_object_set_new(o, "district",
		                    a[i].district[0] ? json_string(a[i].district) : json_null());
		json_object_set_new(o, "uscc", a[i].uscc[0] ? json_string(a[i].uscc) : json_null());
		json_object_set_new(o, "scope_name", json_string(a[i].scope_name));
		json_array_append_new(arr, o);
	}
	json_t *doc = json_pack("{s:o}", "accounts", arr);
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	enum app_status st = APP_OK;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t len = strlen(text);
	if (fd < 0 || fchmod(fd, 0600) != 0 || write(fd, text, len) != (ssize_t)len ||
	    write(fd, "\n", 1) != 1)
		st = app_err_set(e, APP_EIO, "无法写入演示账号文件 %s", path);
	if (fd >= 0 && close(fd) != 0 && st == APP_OK)
		st = app_err_set(e, APP_EIO, "无法写入演示账号文件 %s", path);
	memset(text, 0, len);
	free(text);
	return st;
}
