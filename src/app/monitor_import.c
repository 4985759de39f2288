/* monitor_import.c - monthly reports in bulk through the import pipeline
 * (see monitor_import.h).
 *
 * Two passes, so that no row costs a read of the database:
 *
 * 1. As rows are read (hook `row`): the checks a report needs alone
 *    (monthly_check_alone), the firm (known, groups: one lookup per firm),
 *    repeats within the file. Accepted rows are buffered and written
 *    MONITOR_IMPORT_CHUNK at a time in the table's key order
 *    (store_monthly_put_many). A row whose report is already stored is then
 *    compared: the same values are skipped, different ones are an error or,
 *    with a correction reason, a correction (store_monthly_replace).
 * 2. After the last row (hook `end`): firm by firm, in key order, one range
 *    scan of the firm's reports around the periods it wrote
 *    (store_monthly_window), merged with the reports pass 1 wrote new and
 *    kept (struct held: they are not read again); no scan at all when no
 *    report was stored before the load (store_monthly_any). Each report
 *    written is checked against its previous months (monthly_check), its
 *    warnings confirmed or refused; and the change of the aggregates is
 *    summed as Σ contribution after − Σ contribution before over the
 *    reports whose contribution changed: those written and those whose
 *    previous month or same month last year was (core/monthly_agg.h), by
 *    (period, groups) and then spread over the dimensions (struct parts).
 *    The change is applied once, before commit.
 *
 * A row is thus checked against every other row of the file and the stored
 * reports, whatever the order of the file.
 *
 * Memory: per firm of the file about 100 bytes; per row one slot of 16
 * bytes in a hash kept at most 3/4 full (21-43 bytes per row) and, for a
 * new report, 72 bytes of values (at most MONITOR_IMPORT_HELD rows; then
 * the firm is read back); plus one chunk (MONITOR_IMPORT_CHUNK rows of
 * about 130 bytes and their notes) and the aggregate cells touched. */
#include "monitor_import.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* ---- the firms of the file ---- */

struct firm {
	char uscc[19];
	bool known;
	struct monthly_groups g;
	int lo, hi; /* the periods written (new or corrected); lo > hi: none */
	/* which periods were written new / corrected, bit p − base, so that
	 * reading back needs no lookup per report; a firm whose periods do
	 * not fit in 64 months (wide) is looked up in the row hash instead */
	int base;
	bool wide;
	uint64_t new_bits, corrected_bits;
	/* its new reports kept for pass 2 (struct held): the last one's index
	 * + 1 (0: none); unheld: one could not be kept, read them all back */
	uint32_t held;
	bool unheld;
};

struct firms {
	struct firm *v;
	size_t n, cap;
	uint64_t *slot; /* hash << 32 | (index + 1); 0 = empty */
	size_t nslot;
};

/* A code is 18 bytes: hashed as three words, not byte by byte. */
static uint32_t hash_code(const char *s)
{
	uint64_t a, b, c = 0;
	memcpy(&a, s, 8);
	memcpy(&b, s + 8, 8);
	memcpy(&c, s + 16, 2);
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (c << 7);
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	return (uint32_t)(h >> 32) | 1u; /* never 0 */
}

static size_t firm_slot(const struct firms *t, const char *uscc, uint32_t h)
{
	size_t j = h & (t->nslot - 1);
	while (t->slot[j] && ((uint32_t)(t->slot[j] >> 32) != h ||
	                      memcmp(t->v[(uint32_t)t->slot[j] - 1].uscc, uscc, 18) != 0))
		j = (j + 1) & (t->nslot - 1);
	return j;
}

static void firms_grow(struct firms *t)
{
	size_t n = t->nslot ? t->nslot * 2 : 1024;
	free(t->slot);
	t->slot = xcalloc(n, sizeof *t->slot);
	t->nslot = n;
	for (size_t i = 0; i < t->n; i++) {
		uint32_t h = hash_code(t->v[i].uscc);
		t->slot[firm_slot(t, t->v[i].uscc, h)] = (uint64_t)h << 32 | (uint32_t)(i + 1);
	}
}

/* The firm's index, looked up in the store the first time. */
static enum app_status firm_of(struct store *s, struct firms *t, const char *uscc, size_t *out,
                               struct app_err *e)
{
	if ((t->n + 1) * 4 > t->nslot * 3)
		firms_grow(t);
	uint32_t h = hash_code(uscc);
	size_t j = firm_slot(t, uscc, h);
	if (t->slot[j]) {
		*out = (uint32_t)t->slot[j] - 1;
		return APP_OK;
	}
	struct enterprise *ent = xmalloc(sizeof *ent);
	enum app_status st = store_enterprise_get(s, uscc, ent, e);
	if (st == APP_OK || st == APP_ENOTFOUND) {
		xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
		struct firm *f = &t->v[t->n];
		memset(f, 0, sizeof *f);
		str_copy(f->uscc, sizeof f->uscc, uscc, strlen(uscc));
		f->known = st == APP_OK;
		if (f->known)
			monthly_groups_of(ent, &f->g);
		f->lo = INT32_MAX;
		f->hi = INT32_MIN;
		t->slot[j] = (uint64_t)h << 32 | (uint32_t)(t->n + 1);
		*out = t->n++;
		st = APP_OK;
	}
	free(ent);
	return st;
}

/* ---- the rows of the file: (firm, period) → line and what became of it ---- */

enum row_state {
	ROW_READ = 1,  /* refused, waiting in the chunk, or the same as stored */
	ROW_NEW,       /* written as a first filing */
	ROW_CORRECTED, /* replaced a stored report with different values */
};

struct row_slot {
	uint64_t key; /* (firm + 1) << 16 | period; 0 = empty */
	uint32_t line;
	uint32_t state;
};

struct rows {
	struct row_slot *v;
	size_t cap, used;
};

static uint64_t row_key(size_t firm, int period)
{
	return (uint64_t)(firm + 1) << 16 | (uint64_t)(unsigned)period;
}

static size_t row_find(const struct rows *t, uint64_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	size_t j = (size_t)(h >> 20) & (t->cap - 1);
	while (t->v[j].key && t->v[j].key != key)
		j = (j + 1) & (t->cap - 1);
	return j;
}

static void rows_grow(struct rows *t)
{
	struct rows n = {xcalloc(t->cap ? t->cap * 2 : 4096, sizeof *t->v),
	                 t->cap ? t->cap * 2 : 4096, t->used};
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].key)
			n.v[row_find(&n, t->v[i].key)] = t->v[i];
	free(t->v);
	*t = n;
}

/* The slot of (firm, period): created with line if new (*dup = false),
 * else the existing one (*dup = true). */
static struct row_slot *rows_put(struct rows *t, size_t firm, int period, long line, bool *dup)
{
	if ((t->used + 1) * 4 > t->cap * 3)
		rows_grow(t);
	uint64_t key = row_key(firm, period);
	struct row_slot *r = &t->v[row_find(t, key)];
	*dup = r->key != 0;
	if (!*dup) {
		r->key = key;
		r->line = line > 0 && line < UINT32_MAX ? (uint32_t)line : UINT32_MAX;
		r->state = ROW_READ;
		t->used++;
	}
	return r;
}

static struct row_slot *rows_get(const struct rows *t, size_t firm, int period)
{
	if (!t->cap)
		return NULL;
	struct row_slot *r = &t->v[row_find(t, row_key(firm, period))];
	return r->key ? r : NULL;
}

/* ---- the new reports, kept for pass 2 ---- */

/* A report this import wrote as a first filing: its values, so that pass 2
 * reads from the store only the months the import did not write (reading
 * a million rows back cost about a seventh of a bulk load). The firm's
 * groups are its own (struct firm), its version 1. */
struct held {
	int period;
	uint32_t has;
	uint32_t next; /* the firm's previous held report: index + 1, 0 = none */
	int64_t v[MK_COUNT];
};

/* ---- the change of the aggregates, by period and groups ---- */

/* Pass 2 adds each contribution once, to a part keyed by its period and
 * the index of its groups; the parts are spread over the four dimensions'
 * cells at the end (parts_spread): one lookup by integers per report
 * instead of four by text. */
struct part {
	uint64_t key; /* period << 32 | group index */
	struct monthly_agg c;
};

struct parts {
	struct monthly_groups *gv; /* the distinct groups */
	size_t ng, capg;
	uint32_t *gslot; /* group index + 1; 0 = empty */
	size_t ngslot;
	struct part *v;
	size_t n, cap;
	uint32_t *slot; /* part index + 1; 0 = empty */
	size_t nslot;
	struct monthly_groups last; /* the groups looked up last, and their index */
	uint32_t last_i;
	bool has_last;
};

static bool groups_same(const struct monthly_groups *a, const struct monthly_groups *b)
{
	return strcmp(a->unit, b->unit) == 0 && strcmp(a->industry, b->industry) == 0 &&
	       strcmp(a->tier, b->tier) == 0;
}

static uint64_t groups_hash(const struct monthly_groups *g)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a over the three texts */
	const char *t[3] = {g->unit, g->industry, g->tier};
	for (int i = 0; i < 3; i++) {
		for (const char *c = t[i]; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211u;
		h = (h ^ 0xffu) * 1099511628211u;
	}
	return h ^ h >> 29;
}

static size_t gslot_find(const struct parts *t, const struct monthly_groups *g)
{
	size_t j = (size_t)groups_hash(g) & (t->ngslot - 1);
	while (t->gslot[j] && !groups_same(&t->gv[t->gslot[j] - 1], g))
		j = (j + 1) & (t->ngslot - 1);
	return j;
}

/* The index of groups g, added if new. */
static uint32_t group_index(struct parts *t, const struct monthly_groups *g)
{
	if (t->has_last && groups_same(&t->last, g))
		return t->last_i;
	if ((t->ng + 1) * 4 > t->ngslot * 3) {
		free(t->gslot);
		t->ngslot = t->ngslot ? t->ngslot * 2 : 64;
		t->gslot = xcalloc(t->ngslot, sizeof *t->gslot);
		for (size_t i = 0; i < t->ng; i++)
			t->gslot[gslot_find(t, &t->gv[i])] = (uint32_t)(i + 1);
	}
	size_t j = gslot_find(t, g);
	if (!t->gslot[j]) {
		xgrow((void **)&t->gv, &t->capg, t->ng + 1, sizeof *t->gv);
		t->gv[t->ng++] = *g;
		t->gslot[j] = (uint32_t)t->ng;
	}
	t->last = *g;
	t->last_i = t->gslot[j] - 1;
	t->has_last = true;
	return t->last_i;
}

static size_t pslot_find(const struct parts *t, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15u;
	size_t j = (size_t)(h ^ h >> 32) & (t->nslot - 1);
	while (t->slot[j] && t->v[t->slot[j] - 1].key != key)
		j = (j + 1) & (t->nslot - 1);
	return j;
}

/* The part of period p and groups g (zero when new). */
static struct monthly_agg *part_of(struct parts *t, int p, const struct monthly_groups *g)
{
	uint64_t key = (uint64_t)(uint32_t)p << 32 | group_index(t, g);
	if ((t->n + 1) * 4 > t->nslot * 3) {
		free(t->slot);
		t->nslot = t->nslot ? t->nslot * 2 : 256;
		t->slot = xcalloc(t->nslot, sizeof *t->slot);
		for (size_t i = 0; i < t->n; i++)
			t->slot[pslot_find(t, t->v[i].key)] = (uint32_t)(i + 1);
	}
	size_t j = pslot_find(t, key);
	if (!t->slot[j]) {
		xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
		memset(&t->v[t->n], 0, sizeof t->v[t->n]);
		t->v[t->n].key = key;
		t->slot[j] = (uint32_t)++t->n;
	}
	return &t->v[t->slot[j] - 1].c;
}

/* Adds every part to the cells of its period in each dimension, under its
 * groups, and empties the parts. */
static void parts_spread(struct parts *t, struct monthly_aggbuf *b)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct part *x = &t->v[i];
		const struct monthly_groups *g = &t->gv[(uint32_t)x->key];
		for (int d = 0; d < MDIM_COUNT; d++)
			monthly_agg_merge(
			    monthly_aggbuf_cell(b, (int)(x->key >> 32), d, monthly_group_of(g, d)),
			    &x->c);
	}
	t->n = 0;
	if (t->slot)
		memset(t->slot, 0, t->nslot * sizeof *t->slot);
}

static void parts_free(struct parts *t)
{
	free(t->gv);
	free(t->gslot);
	free(t->v);
	free(t->slot);
}

/* ---- one import ---- */

/* A report of the firm being read back in pass 2, in a ring by period. */
struct seen_report {
	bool has;
	enum row_state state; /* 0: stored before and not in the file */
	int version;
	struct monthly_row now;    /* as stored now */
	struct monthly_row before; /* corrected reports: as they were */
};

struct glue {
	struct store *store;
	const struct monitor_settings *cfg;
	const struct monitor_import_options *o;
	struct import_report *rep;
	const char *actor;
	int64_t today;
	const enum money_unit *units; /* the file's unit per key (the pipeline's) */
	struct import_sink *sink;
	struct firms firms;
	struct rows rows;
	struct store_monthly_put *chunk;
	size_t nchunk, capchunk;
	struct arena notes;
	size_t note_bytes;
	struct monthly_aggbuf agg;
	struct parts parts; /* pass 2's contributions before they go to agg */
	struct held *held;  /* at most MONITOR_IMPORT_HELD */
	size_t nheld, capheld;
	struct monthly_confirmation all; /* MONTHLY_CONFIRM_ALL with the reason */
	/* asked: whether any report was stored before the first write; fresh:
	 * none was, so pass 2 has nothing to read but the held reports */
	bool asked, fresh;
	/* pass 2 */
	size_t firm;                 /* the firm being read back */
	struct seen_report ring[13]; /* indexed by period % 13 */
	struct monthly_findings fs;
	struct monthly *scratch;
};

static void report_one(struct glue *g, long line, const struct monthly_finding *f,
                       const char *value, bool accepted)
{
	import_sink_finding(g->sink, line, f, value, accepted);
}

/* An error about the row at line that is not one of monthly_check's. */
static void row_error(struct glue *g, long line, const char *code, const char *value,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void row_error(struct glue *g, long line, const char *code, const char *value,
                      const char *fmt, ...)
{
	struct monthly_finding *f = xcalloc(1, sizeof *f);
	f->severity = MONTHLY_ERROR;
	f->key = -1;
	f->likely_unit = -1;
	snprintf(f->code, sizeof f->code, "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
	report_one(g, line, f, value, false);
	free(f);
}

/* ---- pass 1: writing ---- */

static void chunk_to_monthly(const struct store_monthly_put *p, struct monthly *m)
{
	str_copy(m->uscc, sizeof m->uscc, p->uscc, 18);
	m->period = p->period;
	m->has = p->has;
	memcpy(m->v, p->v, sizeof m->v);
	str_copy(m->note, sizeof m->note, p->note, strlen(p->note));
}

/* Notes that the row of (firm, period) was written as `state`. */
static void wrote(struct glue *g, size_t firm, int period, enum row_state state)
{
	struct firm *f = &g->firms.v[firm];
	if (f->lo > f->hi)
		f->base = period - 15; /* room for 15 months before, 48 after */
	f->lo = period < f->lo ? period : f->lo;
	f->hi = period > f->hi ? period : f->hi;
	int bit = period - f->base;
	if (!f->wide && bit >= 0 && bit < 64) {
		uint64_t m = (uint64_t)1 << bit;
		if (state == ROW_NEW)
			f->new_bits |= m;
		else
			f->corrected_bits |= m;
		return;
	}
	if (!f->wide) { /* from now on the hash says it: copy the bits there */
		f->wide = true;
		for (int b = 0; b < 64; b++)
			if ((f->new_bits | f->corrected_bits) >> b & 1u)
				rows_get(&g->rows, firm, f->base + b)->state =
				    f->new_bits >> b & 1u ? ROW_NEW : ROW_CORRECTED;
	}
	rows_get(&g->rows, firm, period)->state = state;
}

/* What became of the firm's row of period p: ROW_NEW, ROW_CORRECTED, or 0
 * (not written by this import). */
static enum row_state written(const struct glue *g, size_t firm, int p)
{
	const struct firm *f = &g->firms.v[firm];
	if (p < f->lo || p > f->hi)
		return 0;
	if (!f->wide) {
		int bit = p - f->base;
		return f->new_bits >> bit & 1u         ? ROW_NEW
		       : f->corrected_bits >> bit & 1u ? ROW_CORRECTED
		                                       : 0;
	}
	const struct row_slot *r = rows_get(&g->rows, firm, p);
	return r && (r->state == ROW_NEW || r->state == ROW_CORRECTED) ? r->state : 0;
}

/* A row whose report was already stored: the same, a correction, or an
 * error. */
static enum app_status existing(struct glue *g, const struct store_monthly_put *p, long line,
                                size_t firm, struct app_err *e)
{
	struct monthly_record *cur = xmalloc(sizeof *cur);
	struct monthly *m = g->scratch;
	chunk_to_monthly(p, m);
	enum app_status st = store_monthly_get(g->store, m->uscc, m->period, cur, e);
	if (st != APP_OK)
		goto out;
	if (monthly_same_values(&cur->r.m, m)) {
		g->rep->unchanged++;
		goto out;
	}
	const char *reason = g->o->correction_reason;
	if (!reason || !strv_trim(strv_from(reason)).n) {
		char per[8];
		monthly_period_format(m->period, per);
		row_error(g, line, MONTHLY_E_DUPLICATE, m->uscc,
		          "企业 %s 的 %s 月报已报送且数值不同;如需更正请提供更正原因", m->uscc,
		          per);
		goto out;
	}
	st = store_monthly_replace(g->store, m, g->actor, g->o->now ? g->o->now : "", reason, NULL,
	                           e);
	if (st == APP_OK) {
		wrote(g, firm, m->period, ROW_CORRECTED);
		g->rep->updated++;
	}
out:
	free(cur);
	return st;
}

/* Keeps the new report p of firm for pass 2, or marks the firm to be read
 * back whole when the budget is spent. */
static void keep(struct glue *g, size_t firm, const struct store_monthly_put *p)
{
	struct firm *f = &g->firms.v[firm];
	if (f->unheld)
		return;
	size_t cap = g->o->held_rows && g->o->held_rows < MONITOR_IMPORT_HELD ? g->o->held_rows
	                                                                      : MONITOR_IMPORT_HELD;
	if (g->nheld >= cap) {
		f->unheld = true;
		return;
	}
	xgrow((void **)&g->held, &g->capheld, g->nheld + 1, sizeof *g->held);
	struct held *h = &g->held[g->nheld++];
	h->period = p->period;
	h->has = p->has;
	memcpy(h->v, p->v, sizeof h->v);
	h->next = f->held;
	f->held = (uint32_t)g->nheld;
}

/* Writes the chunk: new reports in key order, then the stored ones. */
static enum app_status flush(struct glue *g, struct app_err *e)
{
	if (!g->nchunk)
		return APP_OK;
	for (size_t i = 0; i < g->nchunk; i++) /* the firm table may have moved */
		g->chunk[i].uscc = g->firms.v[g->chunk[i].tag >> 32].uscc;
	if (!g->asked) {
		bool any = true;
		enum app_status st = store_monthly_any(g->store, &any, e);
		if (st != APP_OK)
			return st;
		g->asked = true;
		g->fresh = !any;
	}
	enum app_status st = store_monthly_put_many(g->store, g->chunk, g->nchunk,
	                                            g->o->now ? g->o->now : "", g->actor, e);
	for (size_t i = 0; st == APP_OK && i < g->nchunk; i++) {
		const struct store_monthly_put *p = &g->chunk[i];
		size_t firm = (size_t)(p->tag >> 32);
		if (p->exists) {
			st = existing(g, p, (long)(uint32_t)p->tag, firm, e);
		} else {
			wrote(g, firm, p->period, ROW_NEW);
			keep(g, firm, p);
			g->rep->created++;
		}
	}
	g->nchunk = 0;
	arena_clear(&g->notes);
	g->note_bytes = 0;
	return st;
}

static enum app_status hold(struct glue *g, size_t firm, const struct monthly *m, uint32_t line,
                            struct app_err *e)
{
	size_t note = strlen(m->note);
	size_t cap = g->o->chunk_rows && g->o->chunk_rows < MONITOR_IMPORT_CHUNK
	                 ? g->o->chunk_rows
	                 : MONITOR_IMPORT_CHUNK;
	if (g->nchunk == cap || g->note_bytes + note > MONITOR_IMPORT_CHUNK_NOTES) {
		enum app_status st = flush(g, e);
		if (st != APP_OK)
			return st;
	}
	xgrow((void **)&g->chunk, &g->capchunk, g->nchunk + 1, sizeof *g->chunk);
	struct store_monthly_put *p = &g->chunk[g->nchunk++];
	const struct firm *f = &g->firms.v[firm];
	p->uscc = NULL; /* set by flush */
	p->period = m->period;
	p->has = m->has;
	memcpy(p->v, m->v, sizeof p->v);
	p->note = note ? arena_strndup(&g->notes, m->note, note) : "";
	g->note_bytes += note;
	p->g = f->g;
	p->tag = (uint64_t)firm << 32 | line;
	p->exists = false;
	return APP_OK;
}

/* The pipeline's hook for each row. The findings of the checks that need
 * the firm's other months come in pass 2 (they are not in fs). */
static enum app_status row(void *ctx, struct store *s, long line, const struct monthly *m,
                           const enum money_unit *units, struct monthly_findings *fs,
                           struct import_sink *sink, struct app_err *e)
{
	struct glue *g = ctx;
	g->units = units;
	g->sink = sink;
	size_t firm;
	enum app_status st = firm_of(s, &g->firms, m->uscc, &firm, e);
	if (st != APP_OK)
		return st;
	bool dup;
	struct row_slot *r = rows_put(&g->rows, firm, m->period, line, &dup);
	if (dup) {
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_DUPLICATE, -1,
		                    "与第%" PRIu32 "行重复(同一企业同一报告期)", r->line);
		return APP_EINVAL;
	}
	if (!g->firms.v[firm].known)
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_UNKNOWN_FIRM, -1,
		                    "未知企业 %s,请先在企业名录中登记", m->uscc);
	monthly_check_alone(&g->cfg->rules, m, g->today, fs);
	if (fs->errors)
		return APP_EINVAL;
	monthly_findings_init(fs); /* its warnings come again with the others in pass 2 */
	return hold(g, firm, m, r->line, e);
}

/* ---- pass 2: reading back, checks and aggregates ---- */

static const struct seen_report *at(const struct glue *g, int p)
{
	const struct seen_report *x = &g->ring[p % 13];
	return x->has && x->now.m.period == p ? x : NULL;
}

static bool changed(const struct seen_report *x)
{
	return x && (x->state == ROW_NEW || x->state == ROW_CORRECTED);
}

/* The report of period p as it was before the import (NULL if none). */
static const struct monthly_row *before(const struct seen_report *x)
{
	if (!x || x->state == ROW_NEW)
		return NULL;
	return x->state == ROW_CORRECTED ? &x->before : &x->now;
}

static const struct monthly_row *now(const struct seen_report *x)
{
	return x ? &x->now : NULL;
}

/* The text of a finding's value as the file had it: the stored value in
 * the unit of its column. */
static void value_text(const struct glue *g, const struct monthly *m,
                       const struct monthly_finding *f, char *buf, size_t n)
{
	buf[0] = '\0';
	if (f->key < 0 || f->key >= MK_COUNT || !monthly_has(m, f->key))
		return;
	if (monthly_indicators[f->key].type == IND_MONEY)
		money_format_exact(m->v[f->key], g->units ? g->units[f->key] : MONEY_WANYUAN, buf,
		                   n);
	else
		snprintf(buf, n, "%" PRId64, m->v[f->key]);
}

static enum app_status confirm(struct glue *g, const struct monthly *m, int version,
                               const struct monthly_finding *f, struct app_err *e)
{
	struct monthly_confirmed *mc = xcalloc(1, sizeof *mc);
	str_copy(mc->uscc, sizeof mc->uscc, m->uscc, strlen(m->uscc));
	mc->period = m->period;
	mc->version = version;
	snprintf(mc->code, sizeof mc->code, "%s", f->code);
	snprintf(mc->message, sizeof mc->message, "%s", f->msg);
	snprintf(mc->reason, sizeof mc->reason, "%s", g->all.reason);
	snprintf(mc->by, sizeof mc->by, "%s", g->actor);
	if (g->o->now)
		snprintf(mc->at, sizeof mc->at, "%s", g->o->now);
	enum app_status st = store_monthly_confirm(g->store, mc, e);
	free(mc);
	return st;
}

/* Checks a report written by the import against its previous months. */
static enum app_status check(struct glue *g, const struct seen_report *x, struct app_err *e)
{
	const struct monthly *m = &x->now.m;
	int p = m->period;
	const struct monthly_row *r1 = now(at(g, p - 1)), *r2 = now(at(g, p - 2)),
	                         *r3 = now(at(g, p - 3)), *ly = now(at(g, p - 12));
	struct monthly_history h = {{r1 ? &r1->m : NULL, r2 ? &r2->m : NULL, r3 ? &r3->m : NULL},
	                            ly ? &ly->m : NULL};
	monthly_findings_init(&g->fs);
	monthly_check(&g->cfg->rules, m, g->units, &h, g->today, &g->fs);
	if (!g->fs.n && !g->fs.dropped)
		return APP_OK;
	long line = rows_get(&g->rows, g->firm, p)->line;
	bool accept = g->o->confirm_reason && !g->fs.errors;
	for (size_t i = 0; i < g->fs.n; i++) {
		const struct monthly_finding *f = &g->fs.f[i];
		char v[64];
		value_text(g, m, f, v, sizeof v);
		report_one(g, line, f, v[0] ? v : NULL, accept);
		if (accept && f->severity == MONTHLY_WARNING) {
			enum app_status st = confirm(g, m, x->version, f, e);
			if (st != APP_OK)
				return st;
		}
	}
	if (g->fs.dropped && !accept)
		row_error(g, line, "", NULL, "本行另有 %zu 项问题未列出", g->fs.dropped);
	return APP_OK;
}

/* Adds the change of x's contribution to the aggregates, if it changed. */
static void account(struct glue *g, const struct seen_report *x)
{
	int p = x->now.m.period;
	const struct seen_report *prev = at(g, p - 1), *ly = at(g, p - 12);
	if (!changed(x) && !changed(prev) && !changed(ly))
		return;
	const struct monthly_calendar *cal = &g->cfg->rules.cal;
	monthly_agg_contrib_to(part_of(&g->parts, p, &x->now.g), cal, &x->now, now(prev), now(ly),
	                       +1);
	const struct monthly_row *was = before(x);
	if (was)
		monthly_agg_contrib_to(part_of(&g->parts, p, &was->g), cal, was, before(prev),
		                       before(ly), -1);
}

struct old_version {
	int want;
	struct monthly *m;
	bool found;
};

static int take_version(void *ctx, const struct monthly_version *v)
{
	struct old_version *o = ctx;
	if (v->version != o->want)
		return 0;
	o->m->has = v->m.has;
	memcpy(o->m->v, v->m.v, sizeof o->m->v);
	o->found = true;
	return 1;
}

struct back {
	struct glue *g;
	enum app_status st;
	struct app_err *e;
};

/* One report of the firm read back (period order). */
static int take(void *ctx, const struct monthly_row *r, int version)
{
	struct back *b = ctx;
	struct glue *g = b->g;
	int p = r->m.period;
	struct seen_report *x = &g->ring[p % 13];
	x->has = true;
	x->state = written(g, g->firm, p);
	x->version = version;
	/* the values and groups only: the note (2 KB) is not needed here */
	x->now.m.period = p;
	x->now.m.has = r->m.has;
	memcpy(x->now.m.v, r->m.v, sizeof x->now.m.v);
	x->now.g = r->g;
	if (x->state == ROW_CORRECTED) {
		struct old_version o = {version - 1, &x->before.m, false};
		x->before.m.period = p;
		x->before.g = r->g;
		b->st = store_monthly_versions(g->store, r->m.uscc, p, take_version, &o, b->e);
		if (b->st == APP_OK && !o.found)
			b->st = app_err_set(b->e, APP_EINTERNAL, "更正前的月报版本缺失");
		if (b->st != APP_OK)
			return 1;
	}
	if (x->state) {
		b->st = check(g, x, b->e);
		if (b->st != APP_OK)
			return 1;
	}
	account(g, x);
	return 0;
}

/* The months of a firm's window that pass 2 needs, as a mask from lo − 12
 * (0: all of them): for each month p written, p − 12 and p − 3 .. p − 1 (its
 * checks, its single month and pair) and p + 1, p + 12 (the reports whose
 * single month or pair it changes). Their other neighbours (p − 11 of p + 1,
 * p + 11 of p + 12) are not needed: a part of a contribution between two
 * reports the import did not change is the same before and after, and is
 * left out of both. A firm that wrote one month reads 7 reports, not 25. */
static uint64_t wanted(const struct firm *f)
{
	static const int around[] = {-12, -3, -2, -1, 0, 1, 12};
	int from = f->lo - 12;
	if (f->wide || f->hi + 12 - from >= 64)
		return 0;
	uint64_t written = f->new_bits | f->corrected_bits, mask = 0;
	for (int b = 0; b < 64; b++)
		if (written >> b & 1u)
			for (size_t i = 0; i < sizeof around / sizeof around[0]; i++)
				mask |= (uint64_t)1 << (f->base + b + around[i] - from);
	return mask;
}

struct firm_ref {
	const char *uscc;
	size_t i;
};

static int cmp_firm(const void *a, const void *b)
{
	return strcmp(((const struct firm_ref *)a)->uscc, ((const struct firm_ref *)b)->uscc);
}

/* A firm's reports in pass 2: its held new ones merged, in period order,
 * with those the store returns (the other months). */
struct merge {
	struct back *b;
	const struct firm *f;
	struct held **h; /* by period */
	size_t n, next;
	struct monthly_row *r;
};

/* Passes the held reports before period p (INT32_MAX: all) to take. */
static int feed_held(struct merge *mg, int p)
{
	for (; mg->next < mg->n && mg->h[mg->next]->period < p; mg->next++) {
		const struct held *h = mg->h[mg->next];
		mg->r->m.period = h->period;
		mg->r->m.has = h->has;
		memcpy(mg->r->m.v, h->v, sizeof mg->r->m.v);
		if (take(mg->b, mg->r, 1))
			return 1;
	}
	return 0;
}

static int take_merged(void *ctx, const struct monthly_row *r, int version)
{
	struct merge *mg = ctx;
	return feed_held(mg, r->m.period) || take(mg->b, r, version);
}

/* Reads the firm back: its held reports and, from the store, the other
 * months pass 2 needs (none when nothing was stored before the import: the
 * held reports are then all it has); all from the store when its reports
 * were not all held or its months do not fit a mask. */
static enum app_status read_firm(struct glue *g, const struct firm *f, struct back *b,
                                 struct app_err *e)
{
	bool own = g->fresh && !f->unheld && !f->wide && f->held;
	uint64_t mask = own ? 0 : wanted(f);
	if (!own && (!mask || f->unheld || f->wide || !f->held))
		return store_monthly_window(g->store, f->uscc, f->lo - 12, f->hi + 12, mask, take,
		                            b, e);
	struct held *h[64]; /* a firm's new months fit in the mask's 64 */
	size_t n = 0;
	int from = f->lo - 12;
	for (uint32_t i = f->held; i && n < 64; i = g->held[i - 1].next) {
		struct held *x = &g->held[i - 1];
		size_t j = n++; /* insertion by period */
		for (; j > 0 && h[j - 1]->period > x->period; j--)
			h[j] = h[j - 1];
		h[j] = x;
		if (!own)
			mask &= ~((uint64_t)1 << (x->period - from)); /* not read again */
	}
	/* the note stays empty, the rest is set per row */
	struct monthly_row *r = xmalloc(sizeof *r);
	str_copy(r->m.uscc, sizeof r->m.uscc, f->uscc, 18);
	r->m.note[0] = '\0';
	r->g = f->g;
	struct merge mg = {b, f, h, n, 0, r};
	enum app_status st = APP_OK;
	/* one scan per run of wanted months: a gap of 4 months or more (the
	 * held ones, typically) is skipped by a new descent rather than
	 * stepped through */
	for (int a = 0; a < 64 && mask >> a && st == APP_OK && b->st == APP_OK;) {
		while (!(mask >> a & 1u))
			a++;
		int z = a, gap = 0;
		for (int i = a + 1; i < 64 && mask >> i && gap < 4; i++) {
			gap = mask >> i & 1u ? 0 : gap + 1;
			z = mask >> i & 1u ? i : z;
		}
		uint64_t run =
		    (mask >> a) & (z - a == 63 ? ~(uint64_t)0 : ((uint64_t)1 << (z - a + 1)) - 1);
		st = store_monthly_window(g->store, f->uscc, from + a, from + z, run, take_merged,
		                          &mg, e);
		a = z + 1;
	}
	if (st == APP_OK && b->st == APP_OK)
		feed_held(&mg, INT32_MAX);
	free(r);
	return st;
}

/* Reads back every firm that wrote a report, in key order. */
static enum app_status read_back(struct glue *g, struct app_err *e)
{
	size_t n = 0;
	struct firm_ref *order = xmalloc((g->firms.n ? g->firms.n : 1) * sizeof *order);
	for (size_t i = 0; i < g->firms.n; i++)
		if (g->firms.v[i].lo <= g->firms.v[i].hi)
			order[n++] = (struct firm_ref){g->firms.v[i].uscc, i};
	qsort(order, n, sizeof *order, cmp_firm);
	struct back b = {g, APP_OK, e};
	for (size_t i = 0; i < n && b.st == APP_OK; i++) {
		const struct firm *f = &g->firms.v[order[i].i];
		g->firm = order[i].i;
		for (int j = 0; j < 13; j++) {
			struct seen_report *x = &g->ring[j];
			x->has = false;
			str_copy(x->now.m.uscc, sizeof x->now.m.uscc, f->uscc, 18);
			str_copy(x->before.m.uscc, sizeof x->before.m.uscc, f->uscc, 18);
			x->now.m.note[0] = x->before.m.note[0] = '\0';
		}
		enum app_status st = read_firm(g, f, &b, e);
		if (st != APP_OK && b.st == APP_OK)
			b.st = st;
	}
	free(order);
	return b.st;
}

/* The pipeline's hook after the last row. */
static enum app_status end(void *ctx, struct store *s, struct import_sink *sink, struct app_err *e)
{
	(void)s;
	struct glue *g = ctx;
	g->sink = sink;
	enum app_status st = flush(g, e);
	if (st == APP_OK)
		st = read_back(g, e);
	parts_spread(&g->parts, &g->agg);
	return st;
}

static enum app_status before_commit(void *ctx, struct store *s, const struct import_report *rep,
                                     struct app_err *e)
{
	struct glue *g = ctx;
	enum app_status st = store_monthly_agg_apply(s, &g->agg, e);
	if (st == APP_OK && g->o->before_commit)
		st = g->o->before_commit(g->o->before_commit_ctx, s, rep, e);
	return st;
}

/* ---- entry points ---- */

static struct glue *setup(struct store *s, const struct monitor_settings *cfg,
                          const struct monitor_import_options *o, struct import_report *rep,
                          struct import_options *io)
{
	struct glue *g = xcalloc(1, sizeof *g);
	g->store = s;
	g->cfg = cfg;
	g->o = o;
	g->rep = rep;
	g->actor = o->actor ? o->actor : "import";
	g->today = o->today ? o->today : o->now ? monthly_local_day(o->now) : monitor_today();
	g->scratch = xmalloc(sizeof *g->scratch);
	arena_init(&g->notes);
	monthly_aggbuf_init(&g->agg);
	snprintf(g->all.code, sizeof g->all.code, "%s", MONTHLY_CONFIRM_ALL);
	if (o->confirm_reason)
		str_copy(g->all.reason, sizeof g->all.reason, o->confirm_reason,
		         strlen(o->confirm_reason));
	memset(io, 0, sizeof *io);
	io->actor = o->actor;
	io->dry_run = o->dry_run;
	io->scope_district = o->scope_district;
	io->sheet = o->sheet;
	io->before_commit = before_commit;
	io->before_commit_ctx = g;
	io->progress = o->progress;
	io->progress_ctx = o->progress_ctx;
	io->monthly_row = row;
	io->monthly_end = end;
	io->monthly_ctx = g;
	store_monthly_bulk(s, true, NULL);
	return g;
}

static void finish(struct glue *g)
{
	store_monthly_bulk(g->store, false, NULL);
	free(g->firms.v);
	free(g->firms.slot);
	free(g->rows.v);
	free(g->chunk);
	free(g->held);
	arena_clear(&g->notes);
	monthly_aggbuf_free(&g->agg);
	parts_free(&g->parts);
	free(g->scratch);
	free(g);
}

enum app_status monitor_import_file(struct store *s, const struct monitor_settings *cfg,
                                    const char *path, const struct monitor_import_options *o,
                                    struct import_report *rep, struct app_err *err)
{
	struct import_options io;
	struct glue *g = setup(s, cfg, o, rep, &io);
	enum app_status st = import_file(s, IMPORT_MONTHLY, path, &io, rep, err);
	finish(g);
	return st;
}

enum app_status monitor_import_csv_mem(struct store *s, const struct monitor_settings *cfg,
                                       const char *data, size_t n,
                                       const struct monitor_import_options *o,
                                       struct import_report *rep, struct app_err *err)
{
	struct import_options io;
	struct glue *g = setup(s, cfg, o, rep, &io);
	enum app_status st = import_csv_mem(s, IMPORT_MONTHLY, data, n, &io, rep, err);
	finish(g);
	return st;
}

enum app_status monitor_import_xlsx_mem(struct store *s, const struct monitor_settings *cfg,
                                        const void *data, size_t n,
                                        const struct monitor_import_options *o,
                                        struct import_report *rep, struct app_err *err)
{
	struct import_options io;
	struct glue *g = setup(s, cfg, o, rep, &io);
	enum app_status st = import_xlsx_mem(s, IMPORT_MONTHLY, data, n, &io, rep, err);
	finish(g);
	return st;
}
