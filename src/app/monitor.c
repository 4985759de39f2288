/* monitor.c - the monthly monitoring service: settings, filing,
 * corrections, completeness (see monitor.h). */
#include "monitor.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/tier.h"

/* ---- settings ---- */

const struct monitor_setting_def monitor_setting_defs[] = {
    {"deadline_day", "报送截止日:次月几日(1-28)"},
    {"combine_jan_feb", "1月与2月合并报送(1—2月):1 是,0 否"},
    {"required_tiers", "应报送的梯度(逗号分隔):candidate,innovative,srdi,little_giant,champion"},
    {"notice_threshold_bp", "通报阈值:报送率低于此值(万分之,9000 = 90%)"},
    {"margin_min_bp", "利润率合理下限(万分之,-10000 = -100%)"},
    {"margin_max_bp", "利润率合理上限(万分之,6000 = 60%)"},
    {"headcount_change_bp", "从业人员变动提示阈值(万分之,5000 = 50%)"},
};
const size_t monitor_setting_count = sizeof monitor_setting_defs / sizeof monitor_setting_defs[0];

void monitor_settings_default(struct monitor_settings *s)
{
	monthly_rules_default(&s->rules);
	s->required_tiers = 0;
	for (int t = TIER_CANDIDATE; t < TIER_COUNT; t++)
		s->required_tiers |= 1u << t;
	s->notice_threshold_bp = 9000;
}

static bool parse_tiers(const char *v, unsigned *out)
{
	unsigned set = 0;
	struct strv all = strv_trim(strv_from(v));
	if (strv_eq(all, "none") || all.n == 0) {
		*out = 0;
		return true;
	}
	const char *p = all.p, *end = all.p + all.n;
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		enum tier t = tier_parse(strv_trim((struct strv){p, (size_t)(stop - p)}));
		if (t == TIER_NONE)
			return false;
		set |= 1u << t;
		p = stop + 1;
	}
	*out = set;
	return true;
}

/* Applies one key to cfg; false if the value is malformed. */
static bool apply_setting(struct monitor_settings *cfg, const char *key, const char *value)
{
	long v = 0;
	struct strv t = strv_trim(strv_from(value));
	if (strcmp(key, "required_tiers") == 0)
		return parse_tiers(value, &cfg->required_tiers);
	if (!str_to_int_range(t, -1000000, 1000000, &v))
		return false;
	if (strcmp(key, "deadline_day") == 0) {
		if (v < 1 || v > 28)
			return false;
		cfg->rules.cal.deadline_day = (int)v;
	} else if (strcmp(key, "combine_jan_feb") == 0) {
		if (v != 0 && v != 1)
			return false;
		cfg->rules.cal.combine_jan_feb = v == 1;
	} else if (strcmp(key, "notice_threshold_bp") == 0) {
		if (v < 0 || v > 10000)
			return false;
		cfg->notice_threshold_bp = (int)v;
	} else if (strcmp(key, "margin_min_bp") == 0) {
		cfg->rules.margin_min_bp = (int)v;
	} else if (strcmp(key, "margin_max_bp") == 0) {
		cfg->rules.margin_max_bp = (int)v;
	} else if (strcmp(key, "headcount_change_bp") == 0) {
		if (v < 1 || v > 100000)
			return false;
		cfg->rules.headcount_change_bp = (int)v;
	} else {
		return false;
	}
	return cfg->rules.margin_min_bp < cfg->rules.margin_max_bp;
}

enum app_status monitor_settings_load(struct store *s, struct monitor_settings *out,
                                      struct app_err *err)
{
	monitor_settings_default(out);
	for (size_t i = 0; i < monitor_setting_count; i++) {
		char v[256];
		struct app_err e = {0};
		enum app_status st =
		    store_monthly_setting_get(s, monitor_setting_defs[i].key, v, sizeof v, &e);
		if (st == APP_ENOTFOUND)
			continue;
		if (st != APP_OK) {
			if (err)
				*err = e;
			return st;
		}
		if (!apply_setting(out, monitor_setting_defs[i].key, v))
			return app_err_set(err, APP_EINVAL, "月报设置 %s 的值 \"%s\" 无效",
			                   monitor_setting_defs[i].key, v);
	}
	return APP_OK;
}

static bool known_key(const char *key)
{
	for (size_t i = 0; i < monitor_setting_count; i++)
		if (strcmp(monitor_setting_defs[i].key, key) == 0)
			return true;
	return false;
}

enum app_status monitor_setting_set(struct store *s, const struct audit_actor *who, const char *key,
                                    const char *value, struct app_err *err)
{
	struct monitor_settings cfg;
	if (!known_key(key))
		return app_err_set(err, APP_EINVAL, "未知的月报设置项 \"%s\"", key);
	enum app_status st = monitor_settings_load(s, &cfg, err);
	if (st != APP_OK)
		return st;
	bool combine = cfg.rules.cal.combine_jan_feb;
	char old[256] = "";
	store_monthly_setting_get(s, key, old, sizeof old, NULL);
	if (!apply_setting(&cfg, key, value))
		return app_err_set(err, APP_EINVAL, "月报设置 %s 的值 \"%s\" 无效", key, value);
	bool began = !store_in_transaction(s);
	if (began && (st = store_begin(s, err)) != APP_OK)
		return st;
	st = store_monthly_setting_set(s, key, strv_trim(strv_from(value)).n ? value : "",
	                               who->user, err);
	if (st == APP_OK && combine != cfg.rules.cal.combine_jan_feb)
		st = store_monthly_agg_rebuild(s, &cfg.rules.cal, err);
	if (st == APP_OK) {
		json_t *b = json_pack("{s:s,s:s}", "key", key, "value", old);
		json_t *a = json_pack("{s:s,s:s}", "key", key, "value", value);
		char *bs = json_dumps(b, JSON_COMPACT), *as = json_dumps(a, JSON_COMPACT);
		st = audit_append(s, who, "monthly.settings", "monthly_setting", key, bs, as, err);
		free(bs);
		free(as);
		json_decref(b);
		json_decref(a);
	}
	if (began) {
		if (st == APP_OK)
			st = store_commit(s, err);
		else
			store_rollback(s, NULL);
	}
	return st;
}

/* ---- time ---- */

int64_t monitor_today(void)
{
	time_t t = time(NULL);
	int64_t secs = (int64_t)t + 8 * 3600; /* Beijing, UTC+8 */
	return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

static void utc_now(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;
	char tmp[64];
	gmtime_r(&t, &tm);
	strftime(tmp, sizeof tmp, "%Y-%m-%d %H:%M:%S", &tm);
	str_copy(out, 20, tmp, strlen(tmp));
}

void monitor_pct(double pct, char *buf, size_t n)
{
	if (!isfinite(pct))
		snprintf(buf, n, "—");
	else
		snprintf(buf, n, "%.1f%%", pct);
}

/* ---- filing ---- */

void monitor_filing_init(struct monitor_filing *f, const char *uscc, int period)
{
	memset(f, 0, sizeof *f);
	snprintf(f->m.uscc, sizeof f->m.uscc, "%s", uscc);
	f->m.period = period;
	for (int k = 0; k < MK_COUNT; k++)
		f->units[k] = MONEY_WANYUAN;
}

/* What process() learned about the firm and the period. */
struct context {
	struct monthly_groups groups;   /* the firm's groups now (for a new report) */
	bool known;                     /* the firm exists */
	int period;                     /* of the filing */
	struct monthly_record hist[25]; /* index 0..24 = periods p−12..p+12 */
	bool has[25];
};

static int take_hist(void *vctx, const struct monthly_record *r)
{
	struct context *c = vctx;
	int i = r->r.m.period - (c->period - 12);
	if (i >= 0 && i <= 24) {
		c->hist[i] = *r;
		c->has[i] = true;
	}
	return 0;
}

/* The stored report `back` periods before the filing's (negative: after). */
static const struct monthly_record *hist_rec(const struct context *c, int back)
{
	return c->has[12 - back] ? &c->hist[12 - back] : NULL;
}

static const struct monthly *hist_at(const struct context *c, int back)
{
	const struct monthly_record *r = hist_rec(c, back);
	return r ? &r->r.m : NULL;
}

static const struct monthly_row *hist_row(const struct context *c, int back)
{
	const struct monthly_record *r = hist_rec(c, back);
	return r ? &r->r : NULL;
}

/* Whether the firm exists, and its groups. */
static enum app_status firm_of(struct store *s, const char *uscc, struct context *c,
                               struct app_err *e)
{
	struct enterprise ent;
	enum app_status st = store_enterprise_get(s, uscc, &ent, e);
	c->known = st == APP_OK;
	if (c->known)
		monthly_groups_of(&ent, &c->groups);
	return st == APP_ENOTFOUND ? APP_OK : st;
}

enum proc_kind { PROC_NEW, PROC_CORRECT };

/* Loads the firm and its last year of reports, checks f, and fills out's
 * findings. Returns a storage failure only; the verdict is in out. */
static enum app_status process(struct store *s, const struct monitor_settings *cfg,
                               const struct monitor_filing *f, enum proc_kind kind,
                               struct context *c, struct monitor_result *out, struct app_err *err)
{
	const struct monthly *m = &f->m;
	int64_t today = f->today ? f->today : f->now ? monthly_local_day(f->now) : monitor_today();
	char per[8];
	monthly_period_format(m->period, per);
	/* reset, without clearing the findings array (large, written as used) */
	monthly_findings_init(&out->findings);
	memset(out->confirmed, 0, sizeof out->confirmed);
	out->unconfirmed = 0;
	out->written = false;
	out->version = 0;
	out->on_time = false;
	out->filed_at[0] = '\0';
	memset(c->has, 0, sizeof c->has);
	struct app_err e = {0};
	enum app_status st = firm_of(s, m->uscc, c, &e);
	if (st != APP_OK)
		goto fail;
	if (!c->known)
		monthly_finding_add(&out->findings, MONTHLY_ERROR, MONTHLY_E_UNKNOWN_FIRM, -1,
		                    "未知企业 %s,请先在企业名录中登记", m->uscc);
	c->period = m->period;
	/* the months the checks compare with, and the neighbours the aggregates
	 * pair with (p±1, p±12): one read */
	const int wanted[] = {m->period,      m->period - 1, m->period - 2, m->period - 3,
	                      m->period - 12, m->period + 1, m->period + 12};
	if (c->known &&
	    (st = store_monthly_pick(s, m->uscc, wanted, 7, take_hist, c, &e)) != APP_OK)
		goto fail;
	const struct monthly_record *cur = hist_rec(c, 0);
	if (kind == PROC_NEW && cur)
		monthly_finding_add(&out->findings, MONTHLY_ERROR, MONTHLY_E_DUPLICATE, -1,
		                    "企业 %s 的 %s 月报已于 %s 报送;如需修改请提交更正", m->uscc,
		                    per, cur->filed_at);
	if (kind == PROC_CORRECT) {
		if (!cur && c->known)
			monthly_finding_add(&out->findings, MONTHLY_ERROR, MONITOR_E_NOT_FILED, -1,
			                    "企业 %s 没有 %s 的月报,无法更正;请直接报送", m->uscc,
			                    per);
		if (!f->reason || !strv_trim(strv_from(f->reason)).n)
			monthly_finding_add(&out->findings, MONTHLY_ERROR, MONITOR_E_REASON, -1,
			                    "更正月报必须说明原因");
		if (cur && monthly_same_values(&cur->r.m, m))
			monthly_finding_add(&out->findings, MONTHLY_ERROR, MONITOR_E_UNCHANGED, -1,
			                    "更正后的数值与现有版本相同,无需更正");
	}
	struct monthly_history h = {{hist_at(c, 1), hist_at(c, 2), hist_at(c, 3)}, hist_at(c, 12)};
	monthly_check(&cfg->rules, m, f->units, &h, today, &out->findings);
	for (size_t i = 0; i < out->findings.n; i++) {
		const struct monthly_finding *fd = &out->findings.f[i];
		if (fd->severity == MONTHLY_WARNING)
			out->confirmed[i] =
			    monthly_confirmation_find(f->confirms, f->nconfirms, fd->code) != NULL;
	}
	out->unconfirmed = monthly_unconfirmed(&out->findings, f->confirms, f->nconfirms);
	if (cur) {
		out->version = cur->version;
		snprintf(out->filed_at, sizeof out->filed_at, "%s", cur->filed_at);
	}
	return APP_OK;
fail:
	if (err)
		*err = e;
	return st;
}

/* The verdict of process(): APP_OK, EINVAL or ECONFLICT, with err's line. */
static enum app_status verdict(const struct monitor_result *out, const struct monitor_filing *f,
                               struct app_err *err)
{
	char per[8];
	monthly_period_format(f->m.period, per);
	if (out->findings.errors)
		return app_err_set(err, APP_EINVAL, "%s %s 月报有 %zu 处错误,未保存", f->m.uscc,
		                   per, out->findings.errors);
	if (out->unconfirmed)
		return app_err_set(err, APP_ECONFLICT,
		                   "%s %s 月报有 %zu 项警告需要说明原因并确认后才能保存", f->m.uscc,
		                   per, out->unconfirmed);
	return APP_OK;
}

/* Records the confirmations of out's warnings for version v. */
static enum app_status save_confirmations(struct store *s, const char *by,
                                          const struct monitor_filing *f,
                                          const struct monitor_result *out, int v,
                                          struct app_err *err)
{
	for (size_t i = 0; i < out->findings.n; i++) {
		const struct monthly_finding *fd = &out->findings.f[i];
		if (fd->severity != MONTHLY_WARNING)
			continue;
		const struct monthly_confirmation *c =
		    monthly_confirmation_find(f->confirms, f->nconfirms, fd->code);
		struct monthly_confirmed mc;
		memset(&mc, 0, sizeof mc);
		snprintf(mc.uscc, sizeof mc.uscc, "%s", f->m.uscc);
		mc.period = f->m.period;
		mc.version = v;
		snprintf(mc.code, sizeof mc.code, "%s", fd->code);
		snprintf(mc.message, sizeof mc.message, "%s", fd->msg);
		snprintf(mc.reason, sizeof mc.reason, "%s", c ? c->reason : "");
		snprintf(mc.by, sizeof mc.by, "%s", by);
		enum app_status st = store_monthly_confirm(s, &mc, err);
		if (st != APP_OK)
			return st;
	}
	return APP_OK;
}

/* The report as audit JSON: values in 万元 as exact decimal strings. */
static json_t *report_json(const struct monthly *m, int version)
{
	char per[8];
	monthly_period_format(m->period, per);
	json_t *o = json_object();
	json_object_set_new(o, "uscc", json_string(m->uscc));
	json_object_set_new(o, "period", json_string(per));
	json_object_set_new(o, "version", json_integer(version));
	for (int k = 0; k < MK_COUNT; k++) {
		char v[64];
		if (!monthly_has(m, k)) {
			json_object_set_new(o, monthly_indicators[k].key, json_null());
			continue;
		}
		indicator_format(&monthly_indicators[k], m->v[k], v, sizeof v);
		json_object_set_new(o, monthly_indicators[k].key, json_string(v));
	}
	json_object_set_new(o, MONTHLY_NOTE_KEY, m->note[0] ? json_string(m->note) : json_null());
	return o;
}

static json_t *confirmations_json(const struct monitor_filing *f, const struct monitor_result *out)
{
	json_t *a = json_array();
	for (size_t i = 0; i < out->findings.n; i++) {
		const struct monthly_finding *fd = &out->findings.f[i];
		const struct monthly_confirmation *c =
		    fd->severity == MONTHLY_WARNING
		        ? monthly_confirmation_find(f->confirms, f->nconfirms, fd->code)
		        : NULL;
		if (c)
			json_array_append_new(
			    a, json_pack("{s:s,s:s}", "code", fd->code, "reason", c->reason));
	}
	return a;
}

static enum app_status audit_json(struct store *s, const struct audit_actor *who,
                                  const char *action, const struct monthly *m, json_t *before,
                                  json_t *after, struct app_err *err)
{
	char id[32], per[8];
	monthly_period_format(m->period, per);
	snprintf(id, sizeof id, "%s/%s", m->uscc, per);
	char *bs = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *as = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum app_status st = audit_append(s, who, action, "monthly_report", id, bs, as, err);
	free(bs);
	free(as);
	json_decref(before);
	json_decref(after);
	return st;
}

static enum app_status begin_if_needed(struct store *s, bool *began, struct app_err *err)
{
	*began = !store_in_transaction(s);
	return *began ? store_begin(s, err) : APP_OK;
}

static enum app_status end_if_began(struct store *s, bool began, enum app_status st,
                                    struct app_err *err)
{
	if (!began)
		return st;
	if (st == APP_OK)
		return store_commit(s, err);
	store_rollback(s, NULL);
	return st;
}

enum app_status monitor_check(struct store *s, const struct monitor_settings *cfg,
                              const struct monitor_filing *f, struct monitor_result *out,
                              struct app_err *err)
{
	struct context *c = xmalloc(sizeof *c);
	enum app_status st = process(s, cfg, f, PROC_NEW, c, out, err);
	free(c);
	return st == APP_OK ? verdict(out, f, err) : st;
}

/* Inserts f as a new report (groups from the firm), with confirmations. */
static enum app_status insert(struct store *s, const char *by, const struct monitor_settings *cfg,
                              const struct monitor_filing *f, const struct context *c,
                              struct monitor_result *out, struct app_err *err)
{
	struct monthly_record *rec = xcalloc(1, sizeof *rec);
	rec->r.m = f->m;
	rec->r.g = c->groups;
	if (f->now)
		str_copy(rec->filed_at, sizeof rec->filed_at, f->now, strlen(f->now));
	else
		utc_now(rec->filed_at);
	snprintf(rec->filed_by, sizeof rec->filed_by, "%s", by);
	/* the neighbours the aggregates pair with were read by process() */
	struct monthly_neighbours nb = {hist_row(c, 1), hist_row(c, -1), hist_row(c, 12),
	                                hist_row(c, -12)};
	enum app_status st = store_monthly_insert_known(s, &cfg->rules.cal, rec, &nb, NULL, err);
	if (st == APP_OK)
		st = save_confirmations(s, by, f, out, 1, err);
	if (st == APP_OK) {
		out->written = true;
		out->version = 1;
		snprintf(out->filed_at, sizeof out->filed_at, "%s", rec->filed_at);
	}
	free(rec);
	return st;
}

static enum app_status correct(struct store *s, const char *by, const struct monitor_settings *cfg,
                               const struct monitor_filing *f, const char *reason,
                               struct monitor_result *out, struct app_err *err)
{
	int v = 0;
	enum app_status st = store_monthly_correct(s, &cfg->rules.cal, &f->m, by,
	                                           f->now ? f->now : "", reason, NULL, &v, err);
	if (st == APP_OK)
		st = save_confirmations(s, by, f, out, v, err);
	if (st == APP_OK) {
		out->written = true;
		out->version = v;
	}
	return st;
}

static void set_on_time(const struct monitor_settings *cfg, int p, struct monitor_result *out)
{
	out->on_time = out->filed_at[0] && monthly_on_time(&cfg->rules.cal, p, out->filed_at);
}

enum app_status monitor_file(struct store *s, const struct audit_actor *who,
                             const struct monitor_settings *cfg, const struct monitor_filing *f,
                             struct monitor_result *out, struct app_err *err)
{
	struct context *c = xmalloc(sizeof *c);
	bool began = false;
	enum app_status st = begin_if_needed(s, &began, err);
	if (st != APP_OK)
		goto out;
	st = process(s, cfg, f, PROC_NEW, c, out, err);
	if (st == APP_OK)
		st = verdict(out, f, err);
	if (st == APP_OK)
		st = insert(s, who->user, cfg, f, c, out, err);
	if (st == APP_OK) {
		json_t *after = report_json(&f->m, 1);
		json_object_set_new(after, "confirmed", confirmations_json(f, out));
		st = audit_json(s, who, "monthly.file", &f->m, NULL, after, err);
	}
	st = end_if_began(s, began, st, err);
	if (st != APP_OK)
		out->written = false;
	set_on_time(cfg, f->m.period, out);
out:
	free(c);
	return st;
}

enum app_status monitor_correct(struct store *s, const struct audit_actor *who,
                                const struct monitor_settings *cfg, const struct monitor_filing *f,
                                struct monitor_result *out, struct app_err *err)
{
	struct context *c = xmalloc(sizeof *c);
	bool began = false;
	enum app_status st = begin_if_needed(s, &began, err);
	if (st != APP_OK)
		goto out;
	st = process(s, cfg, f, PROC_CORRECT, c, out, err);
	if (st == APP_OK)
		st = verdict(out, f, err);
	if (st == APP_OK)
		st = correct(s, who->user, cfg, f, f->reason, out, err);
	if (st == APP_OK) {
		json_t *before = report_json(&hist_rec(c, 0)->r.m, hist_rec(c, 0)->version);
		json_t *after = report_json(&f->m, out->version);
		json_object_set_new(after, "reason", json_string(f->reason));
		json_object_set_new(after, "confirmed", confirmations_json(f, out));
		st = audit_json(s, who, "monthly.correct", &f->m, before, after, err);
	}
	st = end_if_began(s, began, st, err);
	if (st != APP_OK)
		out->written = false;
	set_on_time(cfg, f->m.period, out);
out:
	free(c);
	return st;
}

/* ---- completeness ---- */

struct roster {
	struct monthly_roster_entry *v;
	size_t n, cap;
};

static int take_roster(void *ctx, const struct monthly_roster_entry *e)
{
	struct roster *r = ctx;
	xgrow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
	r->v[r->n++] = *e;
	return 0;
}

struct filed {
	char uscc[19];
	char unit[8];
	char filed_at[20];
};

struct filings {
	struct filed *v;
	size_t n, cap;
};

static int take_filed(void *ctx, const struct monthly_record *r)
{
	struct filings *f = ctx;
	xgrow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v);
	struct filed *x = &f->v[f->n++];
	snprintf(x->uscc, sizeof x->uscc, "%s", r->r.m.uscc);
	snprintf(x->unit, sizeof x->unit, "%s", r->r.g.unit);
	snprintf(x->filed_at, sizeof x->filed_at, "%s", r->filed_at);
	return 0;
}

static struct monitor_unit_stat *unit_of(struct monitor_completeness *c, size_t *cap,
                                         const char *unit)
{
	for (size_t i = 0; i < c->nunits; i++)
		if (strcmp(c->units[i].unit, unit) == 0)
			return &c->units[i];
	xgrow((void **)&c->units, cap, c->nunits + 1, sizeof *c->units);
	struct monitor_unit_stat *u = &c->units[c->nunits++];
	memset(u, 0, sizeof *u);
	snprintf(u->unit, sizeof u->unit, "%s", unit);
	snprintf(u->name, sizeof u->name, "%s", district_unit_name(unit));
	return u;
}

static void finish(struct monitor_unit_stat *u)
{
	u->rate = u->expected ? 100.0 * (double)u->filed / (double)u->expected : 100.0;
	u->timely = u->expected ? 100.0 * (double)u->on_time / (double)u->expected : 100.0;
}

static int cmp_rank(const void *a, const void *b)
{
	const struct monitor_unit_stat *x = a, *y = b;
	/* compare exact fractions: filed_x / exp_x vs filed_y / exp_y */
	__int128 l = (__int128)x->filed * y->expected, r = (__int128)y->filed * x->expected;
	if (l != r)
		return l > r ? -1 : 1;
	l = (__int128)x->on_time * y->expected;
	r = (__int128)y->on_time * x->expected;
	if (l != r)
		return l > r ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

static bool same_rank(const struct monitor_unit_stat *x, const struct monitor_unit_stat *y)
{
	return (__int128)x->filed * y->expected == (__int128)y->filed * x->expected &&
	       (__int128)x->on_time * y->expected == (__int128)y->on_time * x->expected;
}

static int cmp_missing(const void *a, const void *b)
{
	const struct monitor_missing *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	return c ? c : strcmp(x->uscc, y->uscc);
}

static void count_filing(struct monitor_completeness *c, const struct monitor_settings *cfg,
                         struct monitor_unit_stat *u, const struct filed *fd)
{
	u->expected++;
	c->city.expected++;
	int64_t day = fd ? monthly_local_day(fd->filed_at) : INT64_MIN;
	if (!fd || day == INT64_MIN || day > c->today) {
		u->missing++;
		c->city.missing++;
		return;
	}
	u->filed++;
	c->city.filed++;
	if (monthly_on_time(&cfg->rules.cal, c->period, fd->filed_at)) {
		u->on_time++;
		c->city.on_time++;
	} else {
		u->late++;
		c->city.late++;
	}
}

static void add_missing(struct monitor_completeness *c, size_t *cap,
                        const struct monthly_roster_entry *e)
{
	xgrow((void **)&c->missing, cap, c->nmissing + 1, sizeof *c->missing);
	struct monitor_missing *m = &c->missing[c->nmissing++];
	snprintf(m->uscc, sizeof m->uscc, "%s", e->uscc);
	snprintf(m->name, sizeof m->name, "%s", e->name);
	snprintf(m->unit, sizeof m->unit, "%s", e->unit);
}

/* Walks the roster and the filings (both by USCC) together. */
static void merge(struct monitor_completeness *c, const struct monitor_settings *cfg,
                  const struct roster *ro, const struct filings *fi)
{
	size_t ucap = 0, mcap = 0, j = 0;
	for (size_t i = 0; i < ro->n; i++) {
		const struct monthly_roster_entry *e = &ro->v[i];
		while (j < fi->n && strcmp(fi->v[j].uscc, e->uscc) < 0) {
			int64_t day = monthly_local_day(fi->v[j].filed_at);
			if (day != INT64_MIN && day <= c->today) {
				unit_of(c, &ucap, fi->v[j].unit)->voluntary++;
				c->city.voluntary++;
			}
			j++;
		}
		const struct filed *fd =
		    j < fi->n && strcmp(fi->v[j].uscc, e->uscc) == 0 ? &fi->v[j++] : NULL;
		count_filing(c, cfg, unit_of(c, &ucap, e->unit), fd);
		int64_t day = fd ? monthly_local_day(fd->filed_at) : INT64_MIN;
		if (!fd || day == INT64_MIN || day > c->today)
			add_missing(c, &mcap, e);
	}
	for (; j < fi->n; j++) {
		int64_t day = monthly_local_day(fi->v[j].filed_at);
		if (day != INT64_MIN && day <= c->today) {
			unit_of(c, &ucap, fi->v[j].unit)->voluntary++;
			c->city.voluntary++;
		}
	}
}

/* True if a firm placed in (district, zone) is within scope (scope.h's rule
 * for a district user: its district or its zone is the unit). */
static bool in_scope(const char *scope, const char *district, const char *zone)
{
	return strcmp(district, scope) == 0 || (zone[0] && strcmp(zone, scope) == 0);
}

static int cmp_roster(const void *a, const void *b)
{
	return strcmp(((const struct monthly_roster_entry *)a)->uscc,
	              ((const struct monthly_roster_entry *)b)->uscc);
}

/* Keeps the roster entries and filings of firms within scope. A filing of a
 * firm on the roster follows its entry; one of a firm that filed without
 * having to (voluntary) is kept if the firm, looked up, is in scope. The
 * roster is sorted by USCC (store_monthly_roster's order). */
static enum app_status restrict_scope(struct store *s, const char *scope, struct roster *ro,
                                      struct filings *fi, struct app_err *err)
{
	size_t k = 0;
	for (size_t i = 0; i < fi->n; i++) {
		struct monthly_roster_entry key;
		snprintf(key.uscc, sizeof key.uscc, "%s", fi->v[i].uscc);
		const struct monthly_roster_entry *e =
		    ro->n ? bsearch(&key, ro->v, ro->n, sizeof *ro->v, cmp_roster) : NULL;
		bool keep;
		if (e) {
			keep = in_scope(scope, e->district, e->zone);
		} else {
			struct enterprise ent;
			struct app_err le = {0};
			enum app_status st = store_enterprise_get(s, fi->v[i].uscc, &ent, &le);
			if (st != APP_OK && st != APP_ENOTFOUND) {
				if (err)
					*err = le;
				return st;
			}
			keep = st == APP_OK && in_scope(scope, ent.district, ent.zone);
		}
		if (keep)
			fi->v[k++] = fi->v[i];
	}
	fi->n = k;
	k = 0;
	for (size_t i = 0; i < ro->n; i++)
		if (in_scope(scope, ro->v[i].district, ro->v[i].zone))
			ro->v[k++] = ro->v[i];
	ro->n = k;
	return APP_OK;
}

enum app_status monitor_completeness(struct store *s, const struct monitor_settings *cfg, int p,
                                     int64_t today, struct monitor_completeness *out,
                                     struct app_err *err)
{
	return monitor_completeness_scoped(s, cfg, p, today, NULL, out, err);
}

enum app_status monitor_completeness_scoped(struct store *s, const struct monitor_settings *cfg,
                                            int p, int64_t today, const char *scope,
                                            struct monitor_completeness *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	char per[8], as_of[11];
	monthly_period_format(p, per);
	if (!today)
		today = monitor_today();
	if (!monthly_period_expected(&cfg->rules.cal, p))
		return app_err_set(err, APP_EINVAL,
		                   "%s 不是单独的报告期(1月与2月合并为 1—2月,按 %04d-02 统计)", per,
		                   monthly_period_year(p));
	if (monthly_period_last_day(p) >= today)
		return app_err_set(err, APP_EINVAL, "报告期 %s 尚未结束", per);
	out->period = p;
	out->today = today;
	out->deadline = monthly_deadline(&cfg->rules.cal, p);
	out->closed = today > out->deadline;
	int y, m, d;
	date_from_days(monthly_period_last_day(p), &y, &m, &d);
	date_format(y, m, d, as_of);
	struct roster ro = {0};
	struct filings fi = {0};
	enum app_status st =
	    store_monthly_roster(s, as_of, cfg->required_tiers, take_roster, &ro, err);
	struct store_monthly_filter f = {p, p, NULL};
	if (st == APP_OK)
		st = store_monthly_list(s, &f, take_filed, &fi, err);
	if (st == APP_OK && scope && *scope)
		st = restrict_scope(s, scope, &ro, &fi, err);
	if (st == APP_OK) {
		merge(out, cfg, &ro, &fi);
		snprintf(out->city.name, sizeof out->city.name, "全市");
		finish(&out->city);
		for (size_t i = 0; i < out->nunits; i++)
			finish(&out->units[i]);
		/* units with nobody expected (only voluntary filings) are not ranked */
		size_t k = 0;
		for (size_t i = 0; i < out->nunits; i++)
			if (out->units[i].expected)
				out->units[k++] = out->units[i];
		out->nunits = k;
		if (out->nunits)
			qsort(out->units, out->nunits, sizeof *out->units, cmp_rank);
		for (size_t i = 0; i < out->nunits; i++)
			out->units[i].rank = i && same_rank(&out->units[i], &out->units[i - 1])
			                         ? out->units[i - 1].rank
			                         : (int)i + 1;
		if (out->nmissing)
			qsort(out->missing, out->nmissing, sizeof *out->missing, cmp_missing);
	}
	free(ro.v);
	free(fi.v);
	if (st != APP_OK)
		monitor_completeness_free(out);
	return st;
}

void monitor_completeness_free(struct monitor_completeness *c)
{
	free(c->units);
	free(c->missing);
	c->units = NULL;
	c->missing = NULL;
	c->nunits = c->nmissing = 0;
}
