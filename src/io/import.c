/* import.c - the all-or-nothing import pipeline (see import.h). */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/mem.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "core/uscc.h"

#include "io/xlsx.h"

enum {
	PROGRESS_EVERY = 4096, /* rows between progress callbacks */
	MIN_YEAR = 1990,       /* earliest fiscal year accepted */
};

/* Special column targets besides field/indicator indexes. */
enum col_target {
	COL_IGNORED = -1,
	COL_USCC = -2,
	COL_YEAR = -3,
	COL_INFO = -4,   /* recognised but not stored here (e.g. the name in an annual file) */
	COL_PERIOD = -5, /* monthly: 报告期 */
	COL_NOTE = -6,   /* monthly: 生产经营情况说明 */
};

struct col {
	int target; /* ent_field / annual_key index, or enum col_target */
	enum money_unit unit;
	char header[96];
};

static const struct {
	enum import_kind kind;
	const char *key, *label;
} kinds[] = {
    {IMPORT_ENTERPRISES, "enterprises", "企业名录"},
    {IMPORT_ANNUAL, "annual", "年度数据"},
    {IMPORT_MONTHLY, "monthly", "月度数据"},
};

const char *import_kind_key(enum import_kind k)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == k)
			return kinds[i].key;
	return "";
}

const char *import_kind_label(enum import_kind k)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == k)
			return kinds[i].label;
	return "";
}

enum import_kind import_kind_parse(const char *s)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(s, kinds[i].key) == 0 || strcmp(s, kinds[i].label) == 0)
			return kinds[i].kind;
	return 0;
}

void import_report_init(struct import_report *r)
{
	memset(r, 0, sizeof *r);
}

void import_report_free(struct import_report *r)
{
	free(r->errors);
	r->errors = NULL;
	r->nerrors = 0;
}

/* ---- the set of keys seen, for duplicate rows ---- */

struct seen_slot {
	uint64_t hash;
	const char *key; /* in the arena; NULL = empty slot */
	long line;
};

struct seen {
	struct seen_slot *slots;
	size_t cap, used;
	struct arena arena;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static void seen_init(struct seen *t)
{
	t->cap = 1024;
	t->used = 0;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
	arena_init(&t->arena);
}

static void seen_free(struct seen *t)
{
	free(t->slots);
	arena_clear(&t->arena);
}

static void seen_grow(struct seen *t)
{
	size_t ncap = t->cap * 2;
	struct seen_slot *ns = xcalloc(ncap, sizeof *ns);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].key)
			continue;
		size_t j = t->slots[i].hash & (ncap - 1);
		while (ns[j].key)
			j = (j + 1) & (ncap - 1);
		ns[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
}

/* Records key at line; returns the earlier line if key was already seen,
 * else 0. */
static long seen_add(struct seen *t, const char *key, long line)
{
	if ((t->used + 1) * 4 > t->cap * 3)
		seen_grow(t);
	uint64_t h = hash_str(key);
	size_t j = h & (t->cap - 1);
	while (t->slots[j].key) {
		if (t->slots[j].hash == h && strcmp(t->slots[j].key, key) == 0)
			return t->slots[j].line;
		j = (j + 1) & (t->cap - 1);
	}
	t->slots[j] = (struct seen_slot){h, arena_strdup(&t->arena, key), line};
	t->used++;
	return 0;
}

/* ---- the run ---- */

struct run {
	struct store *store;
	enum import_kind kind;
	const struct import_options *opt;
	struct import_report *rep;
	struct col cols[MAX_CSV_FIELDS];
	size_t ncols;
	uint64_t annual_cols;            /* annual keys present in the file */
	enum money_unit units[MK_COUNT]; /* monthly: the unit of each money key's column */
	int key_col[MK_COUNT];           /* monthly: 1-based column of each key, 0 if absent */
	int uscc_col, period_col;        /* 1-based, 0 if absent */
	struct seen seen;
	bool writing; /* false once any error was found: validate only */
	int max_year;
	enum app_status failed;      /* a hook's storage failure: stop reading */
	struct monthly *m;           /* monthly: one row's report (scratch, reused) */
	struct monthly_findings *fs; /* monthly: its findings (scratch, reused) */
	struct import_sink *sink;    /* monthly: handed to the hooks */
	long seq;                    /* errors found so far (their order) */
	bool unordered;              /* an error came after one of a later line */
	bool heap;                   /* errors[] is full and kept as a max-heap by line */
};

struct import_sink {
	struct run *r;
};

/* ---- the errors kept: the first MAX_IMPORT_ERRORS by line ---- */

static bool after(const struct import_error *a, const struct import_error *b)
{
	return a->line != b->line ? a->line > b->line : a->seq > b->seq;
}

static void swap_err(struct import_error *a, struct import_error *b)
{
	struct import_error t = *a;
	*a = *b;
	*b = t;
}

static void sift_down(struct import_error *v, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && after(&v[l], &v[m]))
			m = l;
		if (r < n && after(&v[r], &v[m]))
			m = r;
		if (m == i)
			return;
		swap_err(&v[i], &v[m]);
		i = m;
	}
}

/* Keeps e if it is among the first MAX_IMPORT_ERRORS by (line, order):
 * appended while there is room, else it replaces the last kept (a max-heap
 * once full, sorted back by line at the end). */
static void keep_error(struct run *r, const struct import_error *e)
{
	struct import_report *rep = r->rep;
	if (!rep->errors)
		rep->errors = xcalloc(MAX_IMPORT_ERRORS, sizeof *rep->errors);
	if (rep->nerrors < MAX_IMPORT_ERRORS) {
		if (rep->nerrors && e->line < rep->errors[rep->nerrors - 1].line)
			r->unordered = true;
		rep->errors[rep->nerrors++] = *e;
		return;
	}
	if (!r->heap) {
		for (size_t i = rep->nerrors / 2; i-- > 0;)
			sift_down(rep->errors, rep->nerrors, i);
		r->heap = true;
	}
	if (after(e, &rep->errors[0]))
		return;
	rep->errors[0] = *e;
	sift_down(rep->errors, rep->nerrors, 0);
}

static int cmp_error(const void *a, const void *b)
{
	const struct import_error *x = a, *y = b;
	return after(x, y) ? 1 : after(y, x) ? -1 : 0;
}

static void order_errors(struct run *r)
{
	if ((r->unordered || r->heap) && r->rep->nerrors)
		qsort(r->rep->errors, r->rep->nerrors, sizeof *r->rep->errors, cmp_error);
}

static void add_error(struct run *r, long line, int col, const char *value, size_t vlen,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add_error(struct run *r, long line, int col, const char *value, size_t vlen,
                      const char *fmt, ...)
{
	struct import_report *rep = r->rep;
	rep->error_count++;
	r->writing = false;
	struct import_error *e = xcalloc(1, sizeof *e);
	e->line = line;
	e->col = col;
	e->seq = ++r->seq;
	if (col > 0 && (size_t)col <= r->ncols)
		snprintf(e->column, sizeof e->column, "%s", r->cols[col - 1].header);
	if (value)
		str_copy(e->value, sizeof e->value, value, vlen);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	keep_error(r, e);
	free(e);
}

/* A finding of a monthly row: an error (warning or not) of a rejected row,
 * or an accepted warning (a notice that does not count as an error). */
static void add_finding(struct run *r, long line, int col, struct strv value,
                        const struct monthly_finding *f, bool accepted)
{
	struct import_report *rep = r->rep;
	bool warning = f->severity == MONTHLY_WARNING;
	if (warning)
		rep->warning_count++;
	if (!accepted) {
		rep->error_count++;
		r->writing = false;
	}
	struct import_error *e = xcalloc(1, sizeof *e);
	e->line = line;
	e->col = col;
	e->seq = ++r->seq;
	if (col > 0 && (size_t)col <= r->ncols)
		snprintf(e->column, sizeof e->column, "%s", r->cols[col - 1].header);
	if (value.p)
		str_copy(e->value, sizeof e->value, value.p, value.n);
	snprintf(e->msg, sizeof e->msg, "%s", f->msg);
	snprintf(e->code, sizeof e->code, "%s", f->code);
	e->warning = warning;
	e->accepted = accepted;
	keep_error(r, e);
	free(e);
}

static void note_ignored(struct import_report *rep, struct strv h)
{
	size_t len = strlen(rep->ignored);
	if (len + h.n + 3 >= sizeof rep->ignored)
		return;
	snprintf(rep->ignored + len, sizeof rep->ignored - len, "%s%.*s", len ? ", " : "", (int)h.n,
	         h.p);
}

/* Maps one header cell to a column target. */
static int map_header(struct run *r, struct strv name, bool has_unit)
{
	struct strv n = strv_trim(name);
	if (r->kind == IMPORT_ENTERPRISES) {
		int f = ent_field_find(n);
		if (f >= 0)
			return f;
		/* read-only columns written by our own export */
		if (strv_eq(n, "当前梯度") || strv_eq(n, "有效期至") || strv_eq(n, "tier") ||
		    strv_eq(n, "tier_until"))
			return COL_INFO;
		return COL_IGNORED;
	}
	if (strv_eq(n, "uscc") || strv_eq(n, "统一社会信用代码"))
		return COL_USCC;
	if (r->kind == IMPORT_MONTHLY) {
		if (strv_eq(n, "period") || strv_eq(n, "报告期") || strv_eq(n, "所属期") ||
		    strv_eq(n, "月份") || strv_eq(n, "年月"))
			return COL_PERIOD;
		if (strv_eq(n, "name") || strv_eq(n, "企业名称"))
			return COL_INFO;
		int k = monthly_key_find(n);
		if (k == MONTHLY_COL_NOTE)
			return COL_NOTE;
		return k >= 0 ? k : COL_IGNORED;
	}
	if (strv_eq(n, "year") || strv_eq(n, "年度") || strv_eq(n, "年份") ||
	    strv_eq(n, "会计年度"))
		return COL_YEAR;
	if (strv_eq(n, "name") || strv_eq(n, "企业名称"))
		return COL_INFO;
	int k = indicator_find(annual_indicators, ANNUAL_KEY_COUNT, n);
	if (k >= 0 && has_unit && annual_indicators[k].type != IND_MONEY)
		return k; /* a unit on a non-money column is tolerated */
	return k >= 0 ? k : COL_IGNORED;
}

static enum app_status read_header(struct run *r, struct csv_record *rec)
{
	bool have_uscc = false, have_year = false, have_field[EF_COUNT] = {false};
	r->ncols = rec->nfields;
	for (size_t i = 0; i < rec->nfields; i++) {
		struct strv name;
		enum money_unit unit = MONEY_WANYUAN;
		bool has_unit;
		indicator_split_header(rec->fields[i], &name, &unit, &has_unit);
		struct col *c = &r->cols[i];
		str_copy(c->header, sizeof c->header, rec->fields[i].p, rec->fields[i].n);
		c->unit = has_unit ? unit : MONEY_WANYUAN;
		c->target = map_header(r, name, has_unit);
		if (c->target == COL_IGNORED) {
			if (strv_trim(rec->fields[i]).n)
				note_ignored(r->rep, strv_trim(rec->fields[i]));
			continue;
		}
		/* the same target twice is ambiguous */
		for (size_t j = 0; j < i; j++)
			if (r->cols[j].target == c->target && c->target != COL_INFO)
				add_error(r, rec->line, (int)i + 1, NULL, 0,
				          "与第%zu列重复,无法确定使用哪一列", j + 1);
		if (c->target == COL_USCC)
			have_uscc = true;
		else if (c->target == COL_YEAR)
			have_year = true;
		else if (r->kind == IMPORT_ENTERPRISES && c->target >= 0)
			have_field[c->target] = true;
		else if (r->kind == IMPORT_ANNUAL && c->target >= 0)
			r->annual_cols |= (uint64_t)1 << c->target;
		if (r->kind == IMPORT_MONTHLY) {
			if (c->target >= 0) {
				r->key_col[c->target] = (int)i + 1;
				r->units[c->target] = c->unit;
				r->annual_cols |= (uint64_t)1 << c->target;
			} else if (c->target == COL_PERIOD) {
				r->period_col = (int)i + 1;
				have_year = true;
			} else if (c->target == COL_USCC) {
				r->uscc_col = (int)i + 1;
			}
		}
	}
	if (r->kind == IMPORT_ENTERPRISES) {
		for (int f = 0; f < EF_COUNT; f++)
			if (ent_fields[f].required && !have_field[f])
				add_error(r, rec->line, 0, NULL, 0, "缺少必需的列「%s」(%s)",
				          ent_fields[f].label, ent_fields[f].key);
	} else {
		if (!have_uscc)
			add_error(r, rec->line, 0, NULL, 0,
			          "缺少必需的列「统一社会信用代码」(uscc)");
		if (!have_year && r->kind == IMPORT_MONTHLY)
			add_error(r, rec->line, 0, NULL, 0, "缺少必需的列「报告期」(period)");
		else if (!have_year)
			add_error(r, rec->line, 0, NULL, 0, "缺少必需的列「年度」(year)");
		if (!r->annual_cols)
			add_error(r, rec->line, 0, NULL, 0, "没有可识别的指标列");
	}
	return r->rep->error_count ? APP_EINVAL : APP_OK;
}

static void check_duplicate(struct run *r, long line, int col, const char *key, const char *shown)
{
	long prev = seen_add(&r->seen, key, line);
	if (prev)
		add_error(r, line, col, shown, strlen(shown), "与第%ld行重复", prev);
}

static bool scope_has(const struct run *r, const char *district, const char *zone)
{
	const char *sc = r->opt ? r->opt->scope_district : NULL;
	return !sc || !*sc || strcmp(district, sc) == 0 || strcmp(zone, sc) == 0;
}

/* A district user's import: the row's firm must lie in the scope, and so
 * must the stored firm it would update. */
static bool in_scope_enterprise(struct run *r, long line, int col, const struct enterprise *ent)
{
	if (!r->opt || !r->opt->scope_district || !*r->opt->scope_district)
		return true;
	if (!scope_has(r, ent->district, ent->zone)) {
		add_error(r, line, col, ent->uscc, strlen(ent->uscc),
		          "不属于本区县（功能区），无权导入");
		return false;
	}
	struct enterprise old;
	if (store_enterprise_get(r->store, ent->uscc, &old, NULL) == APP_OK &&
	    !scope_has(r, old.district, old.zone)) {
		add_error(r, line, col, ent->uscc, strlen(ent->uscc),
		          "该企业属于其他区县（功能区），无权修改");
		return false;
	}
	return true;
}

static void row_enterprise(struct run *r, struct csv_record *rec)
{
	struct enterprise ent;
	memset(&ent, 0, sizeof ent);
	long before = r->rep->error_count;
	int uscc_col = 0;
	for (size_t i = 0; i < r->ncols && i < rec->nfields; i++) {
		int t = r->cols[i].target;
		if (t < 0)
			continue;
		struct app_err e = {0};
		if (ent_field_set(&ent, (enum ent_field)t, rec->fields[i], &e) != APP_OK)
			add_error(r, rec->line, (int)i + 1, rec->fields[i].p, rec->fields[i].n,
			          "%s", e.msg);
		if (t == EF_USCC)
			uscc_col = (int)i + 1;
	}
	if (r->rep->error_count != before)
		return;
	struct app_err e = {0};
	if (enterprise_validate(&ent, &e) != APP_OK) {
		add_error(r, rec->line, 0, NULL, 0, "%s", e.msg);
		return;
	}
	check_duplicate(r, rec->line, uscc_col, ent.uscc, ent.uscc);
	if (!in_scope_enterprise(r, rec->line, uscc_col, &ent))
		return;
	if (!r->writing)
		return;
	bool created = false;
	if (store_enterprise_put(r->store, &ent, &created, &e) != APP_OK) {
		add_error(r, rec->line, 0, NULL, 0, "写入失败:%s", e.msg);
		return;
	}
	if (created)
		r->rep->created++;
	else
		r->rep->updated++;
}

/* Consistency of figures within one row (core/indicator.h annual_check). */
static void check_annual_consistency(struct run *r, long line, const struct annual *a)
{
	const char *msgs[8];
	int n = annual_check(a, msgs, 8);
	for (int i = 0; i < n && i < 8; i++)
		add_error(r, line, 0, NULL, 0, "%s", msgs[i]);
}

static void row_annual(struct run *r, struct csv_record *rec)
{
	struct annual a;
	memset(&a, 0, sizeof a);
	long before = r->rep->error_count;
	int uscc_col = 0;
	for (size_t i = 0; i < r->ncols && i < rec->nfields; i++) {
		const struct col *c = &r->cols[i];
		struct strv v = rec->fields[i];
		struct app_err e = {0};
		if (c->target == COL_USCC) {
			uscc_col = (int)i + 1;
			if (uscc_check(v.p, v.n, a.uscc, &e) != APP_OK)
				add_error(r, rec->line, (int)i + 1, v.p, v.n, "%s", e.msg);
		} else if (c->target == COL_YEAR) {
			long y;
			if (!str_to_int_range(strv_trim(v), MIN_YEAR, r->max_year, &y))
				add_error(r, rec->line, (int)i + 1, v.p, v.n,
				          "年度应为 %d-%d 之间的四位年份", MIN_YEAR, r->max_year);
			else
				a.year = (int)y;
		} else if (c->target >= 0) {
			int64_t x;
			bool present;
			const struct indicator *ind = &annual_indicators[c->target];
			if (indicator_parse(ind, v, c->unit, &x, &present, &e) != APP_OK)
				add_error(r, rec->line, (int)i + 1, v.p, v.n, "%s", e.msg);
			else if (present)
				annual_set(&a, (enum annual_key)c->target, x);
		}
	}
	if (r->rep->error_count != before)
		return;
	check_annual_consistency(r, rec->line, &a);
	if (r->rep->error_count != before)
		return;
	char key[32];
	snprintf(key, sizeof key, "%s/%d", a.uscc, a.year);
	check_duplicate(r, rec->line, uscc_col, key, a.uscc);
	struct app_err e = {0};
	if (r->opt && r->opt->scope_district && *r->opt->scope_district) {
		/* out of scope reads exactly like unknown */
		struct enterprise ent;
		if (store_enterprise_get(r->store, a.uscc, &ent, NULL) != APP_OK ||
		    !scope_has(r, ent.district, ent.zone)) {
			add_error(r, rec->line, uscc_col, a.uscc, strlen(a.uscc),
			          "未知企业,请先导入企业名录");
			return;
		}
	}
	if (!r->writing) {
		/* still report unknown firms, so the user sees every problem at once */
		struct enterprise ent;
		if (store_enterprise_get(r->store, a.uscc, &ent, &e) == APP_ENOTFOUND)
			add_error(r, rec->line, uscc_col, a.uscc, strlen(a.uscc),
			          "未知企业,请先导入企业名录");
		return;
	}
	enum app_status s = store_annual_put(r->store, &a, r->annual_cols, &e);
	if (s == APP_ENOTFOUND)
		add_error(r, rec->line, uscc_col, a.uscc, strlen(a.uscc),
		          "未知企业,请先导入企业名录");
	else if (s != APP_OK)
		add_error(r, rec->line, 0, NULL, 0, "写入失败:%s", e.msg);
	else
		r->rep->updated++;
}

/* The column a monthly finding is about: its key's, else the USCC's or the
 * period's by code, else the whole row (0). */
static int finding_col(const struct run *r, const struct monthly_finding *f)
{
	if (f->key >= 0 && f->key < MK_COUNT && r->key_col[f->key])
		return r->key_col[f->key];
	if (strcmp(f->code, MONTHLY_E_UNKNOWN_FIRM) == 0 ||
	    strcmp(f->code, MONTHLY_E_DUPLICATE) == 0)
		return r->uscc_col;
	if (strcmp(f->code, MONTHLY_E_FUTURE) == 0 || strcmp(f->code, MONTHLY_E_JANUARY) == 0)
		return r->period_col;
	return 0;
}

static void report_findings(struct run *r, const struct csv_record *rec,
                            const struct monthly_findings *fs, bool accepted)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct monthly_finding *f = &fs->f[i];
		int col = finding_col(r, f);
		struct strv v = {NULL, 0};
		if (col > 0 && (size_t)col <= rec->nfields)
			v = strv_trim(rec->fields[col - 1]);
		add_finding(r, rec->line, col, v, f, accepted && f->severity == MONTHLY_WARNING);
	}
	if (fs->dropped && !accepted)
		add_error(r, rec->line, 0, NULL, 0, "本行另有 %zu 项问题未列出", fs->dropped);
}

/* A period written as the first day of its month ("2025-10-01"): what a
 * spreadsheet makes of "2025-10" typed into a cell formatted as a date. */
static bool period_from_date(struct strv v, int *out)
{
	struct strv t = strv_trim(v);
	if (t.n != 10 || t.p[7] != '-' || t.p[8] != '0' || t.p[9] != '1')
		return false;
	return monthly_period_parse((struct strv){t.p, 7}, out);
}

/* A district user's monthly rows: the firm must lie in the scope; one that
 * does not reads exactly like an unknown firm (the same code and words as
 * the monthly service's finding). */
static bool monthly_in_scope(struct run *r, const struct csv_record *rec, const char *uscc)
{
	if (!r->opt || !r->opt->scope_district || !*r->opt->scope_district)
		return true;
	struct enterprise ent;
	if (store_enterprise_get(r->store, uscc, &ent, NULL) == APP_OK &&
	    scope_has(r, ent.district, ent.zone))
		return true;
	monthly_findings_init(r->fs);
	monthly_finding_add(r->fs, MONTHLY_ERROR, MONTHLY_E_UNKNOWN_FIRM, -1,
	                    "未知企业 %s,请先在企业名录中登记", uscc);
	report_findings(r, rec, r->fs, false);
	return false;
}

static void row_monthly(struct run *r, struct csv_record *rec)
{
	if (!r->m) {
		r->m = xmalloc(sizeof *r->m);
		r->fs = xmalloc(sizeof *r->fs);
	}
	struct monthly *m = r->m;
	struct monthly_findings *fs = r->fs;
	m->uscc[0] = '\0';
	m->period = 0;
	m->has = 0;
	m->note[0] = '\0';
	monthly_findings_init(fs);
	long before = r->rep->error_count;
	for (size_t i = 0; i < r->ncols && i < rec->nfields; i++) {
		const struct col *c = &r->cols[i];
		struct strv v = rec->fields[i];
		if (c->target == COL_USCC) {
			struct app_err e;
			e.msg[0] = '\0';
			if (uscc_check(v.p, v.n, m->uscc, &e) != APP_OK)
				add_error(r, rec->line, (int)i + 1, v.p, v.n, "%s", e.msg);
		} else if (c->target == COL_PERIOD) {
			if (!monthly_period_parse(v, &m->period) &&
			    !period_from_date(v, &m->period))
				add_error(r, rec->line, (int)i + 1, v.p, v.n,
				          "报告期应为 YYYY-MM(如 2025-10),年份 %d-%d",
				          MONTHLY_MIN_YEAR, MONTHLY_MAX_YEAR);
		} else if (c->target == COL_NOTE) {
			monthly_parse_note(m, v, fs);
		} else if (c->target >= 0) {
			int64_t x;
			bool present;
			if (monthly_parse_value((enum monthly_key)c->target, v, c->unit, &x,
			                        &present, fs) &&
			    present)
				monthly_set(m, (enum monthly_key)c->target, x);
		}
	}
	report_findings(r, rec, fs, false); /* parse errors, by column */
	if (r->rep->error_count != before)
		return;
	if (!monthly_in_scope(r, rec, m->uscc))
		return;
	monthly_findings_init(fs);
	struct app_err e;
	app_err_reset(&e);
	enum app_status st = r->opt->monthly_row(r->opt->monthly_ctx, r->store, rec->line, m,
	                                         r->units, fs, r->sink, &e);
	if (st == APP_OK || st == APP_EINVAL) {
		report_findings(r, rec, fs, st == APP_OK);
		if (st == APP_EINVAL && fs->errors + fs->warnings == 0)
			add_error(r, rec->line, 0, NULL, 0, "%s", e.msg);
	} else {
		add_error(r, rec->line, 0, NULL, 0, "写入失败:%s", e.msg);
		r->failed = st;
	}
}

void import_sink_finding(struct import_sink *k, long line, const struct monthly_finding *f,
                         const char *value, bool accepted)
{
	struct run *r = k->r;
	int col = finding_col(r, f);
	struct strv v = {value, value ? strlen(value) : 0};
	add_finding(r, line, col, v, f, accepted && f->severity == MONTHLY_WARNING);
}

static int current_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

/* Reads every data row; stops early only on a store failure. */
static void read_rows(struct run *r, struct row_source *src)
{
	struct csv_record rec;
	struct app_err e = {0};
	enum app_status s;
	while ((s = src->next(src->ctx, &rec, &e)) != APP_ENOTFOUND) {
		if (s != APP_OK) {
			add_error(r, e.line, (int)e.col, NULL, 0, "%s", e.msg);
			app_err_clear(&e);
			continue;
		}
		if (++r->rep->rows > MAX_IMPORT_ROWS) {
			add_error(r, rec.line, 0, NULL, 0, "文件超过 %d 行的上限", MAX_IMPORT_ROWS);
			break;
		}
		if (rec.nfields > r->ncols) {
			bool extra = false;
			for (size_t i = r->ncols; i < rec.nfields; i++)
				extra |= strv_trim(rec.fields[i]).n > 0;
			if (extra)
				add_error(r, rec.line, (int)r->ncols + 1, NULL, 0,
				          "本行有 %zu 个字段,多于表头的 %zu 列", rec.nfields,
				          r->ncols);
		}
		if (r->kind == IMPORT_ENTERPRISES)
			row_enterprise(r, &rec);
		else if (r->kind == IMPORT_MONTHLY)
			row_monthly(r, &rec);
		else
			row_annual(r, &rec);
		if (r->failed)
			break;
		if (r->opt && r->opt->progress && r->rep->rows % PROGRESS_EVERY == 0)
			r->opt->progress(r->opt->progress_ctx,
			                 src->offset ? src->offset(src->ctx) : 0, src->total,
			                 r->rep->rows);
	}
}

enum app_status import_run(struct store *s, enum import_kind kind, struct row_source *src,
                           const struct import_options *opt, struct import_report *rep,
                           struct app_err *e)
{
	struct run *r = xcalloc(1, sizeof *r);
	enum app_status st = APP_OK;
	bool in_tx = false;
	r->store = s;
	r->kind = kind;
	r->opt = opt;
	r->rep = rep;
	r->max_year = current_year();
	for (int k = 0; k < MK_COUNT; k++)
		r->units[k] = MONEY_WANYUAN;
	seen_init(&r->seen);
	struct import_sink sink = {r};
	r->sink = &sink;
	if (kind == IMPORT_MONTHLY && !(opt && opt->monthly_row)) {
		st = app_err_set(e, APP_EINTERNAL, "月度数据导入需要月报服务(monthly_row)");
		goto out;
	}
	rep->kind = kind;
	snprintf(rep->encoding, sizeof rep->encoding, "%s", src->encoding ? src->encoding : "");
	snprintf(rep->where, sizeof rep->where, "%s", src->where ? src->where : "");

	struct csv_record rec;
	struct app_err re = {0};
	enum app_status hs;
	while ((hs = src->next(src->ctx, &rec, &re)) != APP_OK) {
		if (hs == APP_ENOTFOUND) {
			add_error(r, 0, 0, NULL, 0, "文件为空,没有表头");
			st = APP_EINVAL;
			goto out;
		}
		add_error(r, re.line, (int)re.col, NULL, 0, "%s", re.msg);
		app_err_clear(&re);
	}
	if (read_header(r, &rec) != APP_OK) {
		st = APP_EINVAL;
		goto out;
	}
	if ((st = store_begin(s, e)) != APP_OK)
		goto out;
	in_tx = true;
	r->writing = rep->error_count == 0;
	read_rows(r, src);
	if (r->failed) {
		st = r->failed;
		goto out;
	}
	if (kind == IMPORT_MONTHLY && opt->monthly_end &&
	    (st = opt->monthly_end(opt->monthly_ctx, s, &sink, e)) != APP_OK)
		goto out;
	if (rep->error_count || (opt && opt->dry_run)) {
		st = rep->error_count ? APP_EINVAL : APP_OK;
		goto out;
	}
	if (opt && opt->before_commit &&
	    (st = opt->before_commit(opt->before_commit_ctx, s, rep, e)) != APP_OK)
		goto out;
	if ((st = store_commit(s, e)) != APP_OK)
		goto out;
	in_tx = false;
	rep->committed = true;
out:
	if (in_tx)
		store_rollback(s, NULL);
	if (!rep->committed && !(st == APP_OK && opt && opt->dry_run)) {
		/* a dry run keeps what it would have created and updated */
		rep->created = 0;
		rep->updated = 0;
		rep->unchanged = 0;
	}
	order_errors(r);
	if (st == APP_OK && rep->error_count)
		st = APP_EINVAL;
	if (st == APP_EINVAL && e && e->status == APP_OK)
		app_err_set(e, APP_EINVAL, "%s导入失败:发现 %ld 处错误,未写入任何数据",
		            import_kind_label(kind), rep->error_count);
	seen_free(&r->seen);
	free(r->m);
	free(r->fs);
	free(r);
	return st;
}

/* ---- sources ---- */

static enum app_status csv_src_next(void *ctx, struct csv_record *rec, struct app_err *e)
{
	return csv_next(ctx, rec, e);
}

static size_t csv_src_offset(void *ctx)
{
	return csv_offset(ctx);
}

static enum app_status run_csv(struct store *s, enum import_kind kind, struct csv_reader *rd,
                               const struct import_options *opt, struct import_report *rep,
                               struct app_err *e)
{
	struct row_source src = {
	    .next = csv_src_next,
	    .ctx = rd,
	    .where = "",
	    .encoding = csv_encoding_name(csv_encoding(rd)),
	    .offset = csv_src_offset,
	    .total = csv_size(rd),
	};
	enum app_status st = import_run(s, kind, &src, opt, rep, e);
	csv_close(rd);
	return st;
}

static enum app_status xlsx_src_next(void *ctx, struct csv_record *rec, struct app_err *e)
{
	return xlsx_next(ctx, rec, e);
}

static size_t xlsx_src_offset(void *ctx)
{
	return xlsx_offset(ctx);
}

static enum app_status run_xlsx(struct store *s, enum import_kind kind, struct xlsx_reader *x,
                                const struct import_options *opt, struct import_report *rep,
                                struct app_err *e);

/* The same pipeline over one sheet of a workbook (the first, or `sheet`). */
static enum app_status import_xlsx_file(struct store *s, enum import_kind kind, const char *path,
                                        const char *sheet, const struct import_options *opt,
                                        struct import_report *rep, struct app_err *e)
{
	struct xlsx_opts xo = {.sheet = sheet};
	struct xlsx_reader *x = NULL;
	enum app_status st = xlsx_open(path, &xo, &x, e);
	if (st != APP_OK)
		return st;
	return run_xlsx(s, kind, x, opt, rep, e);
}

static enum app_status run_xlsx(struct store *s, enum import_kind kind, struct xlsx_reader *x,
                                const struct import_options *opt, struct import_report *rep,
                                struct app_err *e)
{
	char where[64];
	snprintf(where, sizeof where, "工作表 %s ", xlsx_sheet_name(x));
	struct row_source src = {
	    .next = xlsx_src_next,
	    .ctx = x,
	    .where = where,
	    .encoding = "XLSX",
	    .offset = xlsx_src_offset,
	    .total = xlsx_size(x),
	};
	enum app_status st = import_run(s, kind, &src, opt, rep, e);
	xlsx_close(x);
	return st;
}

enum app_status import_xlsx_mem(struct store *s, enum import_kind kind, const void *data, size_t n,
                                const struct import_options *opt, struct import_report *rep,
                                struct app_err *e)
{
	struct xlsx_opts xo = {.sheet = opt ? opt->sheet : NULL};
	struct xlsx_reader *x = NULL;
	enum app_status st = xlsx_open_mem(data, n, &xo, &x, e);
	if (st != APP_OK)
		return st;
	return run_xlsx(s, kind, x, opt, rep, e);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

enum app_status import_file(struct store *s, enum import_kind kind, const char *path,
                            const struct import_options *opt, struct import_report *rep,
                            struct app_err *e)
{
	if (has_suffix(path, ".xlsx") || has_suffix(path, ".xlsm"))
		return import_xlsx_file(s, kind, path, opt ? opt->sheet : NULL, opt, rep, e);
	if (has_suffix(path, ".xls"))
		return app_err_set(e, APP_EINVAL,
		                   "%s: 不支持旧版 .xls 格式,请在 Excel/WPS 中另存为 .xlsx 或 CSV",
		                   path);
	struct csv_reader *rd = NULL;
	enum app_status st = csv_open(path, &rd, e);
	if (st != APP_OK)
		return st;
	return run_csv(s, kind, rd, opt, rep, e);
}

enum app_status import_csv_mem(struct store *s, enum import_kind kind, const char *data, size_t n,
                               const struct import_options *opt, struct import_report *rep,
                               struct app_err *e)
{
	struct csv_reader *rd = NULL;
	enum app_status st = csv_open_mem(data, n, &rd, e);
	if (st != APP_OK)
		return st;
	return run_csv(s, kind, rd, opt, rep, e);
}

void import_error_format(const struct import_report *r, const struct import_error *err, char *out,
                         size_t n)
{
	char place[200] = "", head[64] = "";
	if (err->warning)
		snprintf(head, sizeof head, "%s [%s] ", err->accepted ? "已确认" : "警告",
		         err->code);
	if (err->line > 0)
		snprintf(place, sizeof place, "%s%s第%ld行", head, r->where, err->line);
	else
		snprintf(place, sizeof place, "%s%s", head, r->where[0] ? r->where : "文件");
	if (err->column[0] && err->value[0])
		snprintf(out, n, "%s %s \"%s\": %s", place, err->column, err->value, err->msg);
	else if (err->column[0])
		snprintf(out, n, "%s %s: %s", place, err->column, err->msg);
	else
		snprintf(out, n, "%s: %s", place, err->msg);
}
