/* t_store_workflow.c - contract tests of the workflow storage domains
 * (store_workflow.h, store_review.h, store_manage.h) on SQLite: round
 * trips, shape checks, filters, append-only logs, and the tier holders on
 * a date with hand-made histories. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/uscc.h"
#include "store/store_manage.h"
#include "store/store_review.h"
#include "store/store_workflow.h"
#include "test.h"

static char u1[19], u2[19], u3[19];

static void make_code(int n, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91500112%08d0", n);
	uscc_make(body, false, out);
}

static void firm(struct store *s, const char *uscc, const char *district, const char *zone)
{
	struct enterprise e = {0};
	snprintf(e.uscc, sizeof e.uscc, "%s", uscc);
	snprintf(e.name, sizeof e.name, "重庆测试%s有限公司", uscc + 12);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.zone, sizeof e.zone, "%s", zone);
	snprintf(e.industry, sizeof e.industry, "C3562");
	struct app_err err = {0};
	if (store_enterprise_put(s, &e, NULL, &err) != APP_OK)
		diag("firm: %s", err.msg);
}

static void event(struct store *s, const char *uscc, enum tier t, enum tier_status st,
                  const char *since, const char *until)
{
	struct tier_event ev = {0};
	snprintf(ev.uscc, sizeof ev.uscc, "%s", uscc);
	ev.tier = t;
	ev.status = st;
	snprintf(ev.since, sizeof ev.since, "%s", since);
	snprintf(ev.until, sizeof ev.until, "%s", until);
	struct app_err err = {0};
	if (store_tier_add(s, &ev, &err) != APP_OK)
		diag("event: %s", err.msg);
}

static struct flow_batch batch_proto(void)
{
	struct flow_batch b = {0};
	snprintf(b.name, sizeof b.name, "2026年度专精特新中小企业申报");
	b.tier = TIER_SRDI;
	b.year = 2026;
	snprintf(b.criteria, sizeof b.criteria, "srdi-2022");
	snprintf(b.opens, sizeof b.opens, "2026-11-01");
	snprintf(b.closes, sizeof b.closes, "2026-12-15");
	b.notice_days = 5;
	b.term_years = 3;
	b.experts = 5;
	b.blind = true;
	b.exclude_linked = true;
	snprintf(b.created_by, sizeof b.created_by, "city1");
	return b;
}

static int count_batch(void *ctx, const struct flow_batch *b)
{
	(void)b;
	(*(int *)ctx)++;
	return 0;
}

static long first_batch_id;

static int remember_batch(void *ctx, const struct flow_batch *b)
{
	(void)ctx;
	first_batch_id = b->id;
	return 1;
}

static void test_batches(struct store *s)
{
	struct app_err e = {0};
	struct flow_batch b = batch_proto(), got;
	is_int(store_batch_add(s, &b, &e), APP_OK, "batch added");
	ok(b.id > 0 && b.created_at[0], "id and created_at filled");
	is_int(store_batch_get(s, b.id, &got, &e), APP_OK, "batch read back");
	ok(strcmp(got.name, b.name) == 0 && got.tier == TIER_SRDI && got.year == 2026 &&
	       strcmp(got.closes, "2026-12-15") == 0 && got.district_due[0] == '\0' && got.blind &&
	       got.exclude_linked && got.experts == 5 && got.notice_days == 5,
	   "fields round-trip");
	snprintf(b.doc_no, sizeof b.doc_no, "渝经信中小〔2026〕20号");
	snprintf(b.district_due, sizeof b.district_due, "2026-12-25");
	b.blind = false;
	is_int(store_batch_update(s, &b, &e), APP_OK, "batch updated");
	store_batch_get(s, b.id, &got, &e);
	ok(strcmp(got.doc_no, b.doc_no) == 0 && !got.blind &&
	       strcmp(got.district_due, "2026-12-25") == 0,
	   "update kept");
	struct flow_batch bad = batch_proto();
	snprintf(bad.closes, sizeof bad.closes, "2026-10-31");
	is_int(store_batch_add(s, &bad, &e), APP_EINVAL, "closes before opens refused");
	bad = batch_proto();
	bad.notice_days = 31;
	is_int(store_batch_add(s, &bad, &e), APP_EINVAL, "notice of 31 working days refused");
	bad.notice_days = 30;
	is_int(store_batch_add(s, &bad, &e), APP_OK, "notice of 30 accepted");
	bad = batch_proto();
	bad.experts = 0;
	is_int(store_batch_add(s, &bad, &e), APP_EINVAL, "0 experts refused");
	bad = batch_proto();
	snprintf(bad.name, sizeof bad.name, "  ");
	is_int(store_batch_add(s, &bad, &e), APP_EINVAL, "blank name refused");
	bad = batch_proto();
	bad.tier = TIER_INNOVATIVE;
	bad.year = 2025;
	store_batch_add(s, &bad, &e);
	int n = 0;
	store_batch_list(s, 0, 0, count_batch, &n, &e);
	is_int(n, 3, "three batches");
	n = 0;
	store_batch_list(s, TIER_SRDI, 0, count_batch, &n, &e);
	is_int(n, 2, "two SRDI batches");
	n = 0;
	store_batch_list(s, 0, 2025, count_batch, &n, &e);
	is_int(n, 1, "one in 2025");
	store_batch_list(s, 0, 0, remember_batch, NULL, &e);
	is_int(first_batch_id, bad.id, "newest first");
	is_int(store_batch_get(s, 999, &got, &e), APP_ENOTFOUND, "unknown batch");
}

static struct flow_app app_proto(long batch, const char *uscc)
{
	struct flow_app a = {0};
	a.batch_id = batch;
	snprintf(a.uscc, sizeof a.uscc, "%s", uscc);
	a.tier = TIER_SRDI;
	a.state = FS_DRAFT;
	snprintf(a.state_since, sizeof a.state_since, "2026-11-20");
	snprintf(a.unit, sizeof a.unit, "500112");
	snprintf(a.district, sizeof a.district, "500112");
	snprintf(a.filed_by, sizeof a.filed_by, "ent1");
	a.filed_role = ROLE_ENTERPRISE;
	a.figures_year = 2025;
	a.score_x100 = -1;
	return a;
}

static int count_app(void *ctx, const struct flow_app *a)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

static int count_any(void *ctx, const void *x)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static int count_event(void *ctx, const struct flow_event *ev)
{
	return count_any(ctx, ev);
}

static long app_count(struct store *s, const struct store_app_filter *f)
{
	int n = 0;
	long total = -1;
	struct app_err e = {0};
	store_app_list(s, f, count_app, &n, &total, &e);
	return f && f->limit ? total : n;
}

static void test_apps(struct store *s)
{
	struct app_err e = {0};
	struct flow_app a = app_proto(1, u1), got;
	is_int(store_app_add(s, &a, "{\"annual\":[]}", &e), APP_OK, "application added");
	ok(a.id > 0 && a.created_at[0], "id filled");
	struct flow_app dup = app_proto(1, u1);
	is_int(store_app_add(s, &dup, "{}", &e), APP_ECONFLICT,
	       "second application in a batch refused");
	ok(strstr(e.msg, u1) != NULL, "message names the firm: %s", e.msg);
	struct flow_app orphan = app_proto(77, u2);
	is_int(store_app_add(s, &orphan, "{}", &e), APP_ENOTFOUND, "unknown batch: not found");
	char nouscc[19];
	make_code(99, nouscc);
	orphan = app_proto(1, nouscc);
	is_int(store_app_add(s, &orphan, "{}", &e), APP_ENOTFOUND, "unknown firm: not found");
	is_int(store_app_get(s, a.id, &got, &e), APP_OK, "read back");
	ok(got.state == FS_DRAFT && got.tier == TIER_SRDI && got.filed_role == ROLE_ENTERPRISE &&
	       got.score_x100 == -1 && got.figures_year == 2025 && got.tier_event_id == 0,
	   "fields round-trip");
	char *snap = NULL, *assess = (char *)"x";
	is_int(store_app_docs(s, a.id, &snap, &assess, &e), APP_OK, "docs");
	ok(snap && strcmp(snap, "{\"annual\":[]}") == 0 && assess == NULL,
	   "snapshot kept, no assessment");
	free(snap);
	store_app_set_assessment(s, a.id, "{\"verdict\":\"pass\"}", &e);
	store_app_docs(s, a.id, NULL, &assess, &e);
	ok(assess && strstr(assess, "pass"), "assessment stored");
	free(assess);
	got.state = FS_PUBLICIZED;
	got.score_x100 = 8234;
	snprintf(got.notice_start, sizeof got.notice_start, "2026-11-30");
	snprintf(got.notice_end, sizeof got.notice_end, "2026-12-04");
	snprintf(got.note, sizeof got.note, "理由");
	is_int(store_app_update(s, &got, &e), APP_OK, "updated");
	store_app_get(s, a.id, &got, &e);
	ok(got.state == FS_PUBLICIZED && got.score_x100 == 8234 &&
	       strcmp(got.notice_end, "2026-12-04") == 0 && strcmp(got.note, "理由") == 0,
	   "update kept");
	got.score_x100 = 10001;
	is_int(store_app_update(s, &got, &e), APP_EINVAL, "score over 100 refused");
	got.score_x100 = 10000;
	is_int(store_app_update(s, &got, &e), APP_OK, "score of 100 accepted");

	struct flow_app b = app_proto(1, u2);
	snprintf(b.unit, sizeof b.unit, "GXQ");
	snprintf(b.district, sizeof b.district, "500106");
	b.state = FS_REJECTED;
	store_app_add(s, &b, "{}", &e);
	struct flow_app c = app_proto(2, u3);
	c.state = FS_RETURNED;
	store_app_add(s, &c, "{}", &e);
	struct store_app_filter f = {0};
	is_int(app_count(s, &f), 3, "three applications");
	f.batch_id = 1;
	is_int(app_count(s, &f), 2, "two in batch 1");
	f = (struct store_app_filter){.unit = "GXQ"};
	is_int(app_count(s, &f), 1, "zone filter matches the unit");
	f = (struct store_app_filter){.unit = "500106"};
	is_int(app_count(s, &f), 1, "district filter matches the district");
	f = (struct store_app_filter){.in_flight = true};
	is_int(app_count(s, &f), 2, "in flight: publicized and returned");
	f = (struct store_app_filter){.open = true};
	is_int(app_count(s, &f), 2, "open: not rejected");
	f = (struct store_app_filter){.state = FS_REJECTED};
	is_int(app_count(s, &f), 1, "by state");
	f = (struct store_app_filter){.limit = 1, .offset = 1};
	is_int(app_count(s, &f), 3, "total ignores the page");
	f = (struct store_app_filter){.limit = -1};
	int n = 0;
	is_int(store_app_list(s, &f, count_app, &n, NULL, &e), APP_EINVAL,
	       "negative limit refused");

	/* events are append-only */
	struct flow_event ev = {0};
	ev.app_id = a.id;
	ev.from = FS_DRAFT;
	ev.to = FS_SUBMITTED;
	snprintf(ev.action, sizeof ev.action, "submit");
	snprintf(ev.actor, sizeof ev.actor, "ent1");
	ev.role = ROLE_ENTERPRISE;
	snprintf(ev.on_date, sizeof ev.on_date, "2026-11-21");
	is_int(store_app_event_add(s, &ev, &e), APP_OK, "event added");
	ev.from = FS_NONE;
	snprintf(ev.action, sizeof ev.action, "create");
	store_app_event_add(s, &ev, &e);
	n = 0;
	store_app_events(s, a.id, count_event, &n, &e);
	is_int(n, 2, "two events");
	snprintf(ev.on_date, sizeof ev.on_date, "2026/11/21");
	is_int(store_app_event_add(s, &ev, &e), APP_EINVAL, "non-canonical date refused");
}

static int count_att(void *ctx, const struct flow_attachment *a)
{
	return count_any(ctx, a);
}

static void test_attachments_objections(struct store *s)
{
	struct app_err e = {0};
	struct flow_attachment a = {0}, got;
	a.app_id = 1;
	snprintf(a.kind, sizeof a.kind, "application_form");
	memset(a.sha256, 'a', 64);
	a.size = 1234;
	snprintf(a.type, sizeof a.type, "pdf");
	snprintf(a.name, sizeof a.name, "申报书.pdf");
	snprintf(a.uploaded_by, sizeof a.uploaded_by, "ent1");
	is_int(store_attachment_add(s, &a, &e), APP_OK, "attachment recorded");
	is_int(store_attachment_get(s, a.id, &got, &e), APP_OK, "read back");
	ok(got.size == 1234 && strcmp(got.name, "申报书.pdf") == 0 && strcmp(got.type, "pdf") == 0,
	   "fields round-trip");
	a.sha256[10] = 'G';
	is_int(store_attachment_add(s, &a, &e), APP_EINVAL, "non-hex digest refused");
	a.sha256[10] = 'a';
	a.app_id = 999;
	is_int(store_attachment_add(s, &a, &e), APP_ENOTFOUND, "unknown application");
	int n = 0;
	store_attachment_list(s, 1, count_att, &n, &e);
	is_int(n, 1, "one attachment");

	struct flow_objection o = {0}, og;
	o.app_id = 1;
	snprintf(o.received, sizeof o.received, "2026-12-01");
	snprintf(o.content, sizeof o.content, "该企业研发费用数据存疑");
	o.status = FO_OPEN;
	snprintf(o.recorded_by, sizeof o.recorded_by, "city1");
	is_int(store_objection_add(s, &o, &e), APP_OK, "objection recorded");
	o.status = FO_DISMISSED;
	snprintf(o.resolution, sizeof o.resolution, "经核实数据无误");
	snprintf(o.resolved_by, sizeof o.resolved_by, "city1");
	snprintf(o.resolved_at, sizeof o.resolved_at, "2026-12-02 10:00:00");
	is_int(store_objection_update(s, &o, &e), APP_OK, "resolved");
	store_objection_get(s, o.id, &og, &e);
	ok(og.status == FO_DISMISSED && strcmp(og.resolution, "经核实数据无误") == 0 &&
	       strcmp(og.content, o.content) == 0,
	   "resolution kept, content unchanged");
	o.content[0] = '\0';
	is_int(store_objection_add(s, &o, &e), APP_EINVAL, "empty content refused");
}

static int count_review(void *ctx, const struct flow_review *r)
{
	return count_any(ctx, r);
}

static int sum_score(void *ctx, const struct flow_review *r)
{
	*(long *)ctx += r->score;
	return 0;
}

static int count_link(void *ctx, long id, const char *uscc, const char *rel)
{
	(void)id;
	(void)uscc;
	(void)rel;
	(*(int *)ctx)++;
	return 0;
}

static void test_review(struct store *s)
{
	struct app_err e = {0};
	struct flow_expert x = {0}, got;
	snprintf(x.username, sizeof x.username, "expert01");
	snprintf(x.name, sizeof x.name, "王伟");
	snprintf(x.field, sizeof x.field, "智能制造");
	snprintf(x.unit, sizeof x.unit, "500106");
	x.active = true;
	bool created = false;
	is_int(store_expert_put(s, &x, &created, &e), APP_OK, "expert added");
	ok(created && x.id > 0, "created");
	snprintf(x.field, sizeof x.field, "新材料");
	is_int(store_expert_put(s, &x, &created, &e), APP_OK, "expert updated by username");
	ok(!created, "not created again");
	is_int(store_expert_get(s, 0, "expert01", &got, &e), APP_OK, "by username");
	ok(strcmp(got.field, "新材料") == 0 && got.id == x.id, "update kept");
	is_int(store_expert_get(s, 42, NULL, &got, &e), APP_ENOTFOUND, "unknown id");
	struct flow_expert y = x;
	snprintf(y.username, sizeof y.username, "expert02");
	y.active = false;
	store_expert_put(s, &y, NULL, &e);
	is_int(store_expert_link(s, x.id, u1, "曾任职", &e), APP_OK, "link");
	is_int(store_expert_link(s, x.id, u1, "持股", &e), APP_OK, "link again is idempotent");
	int n = 0;
	store_expert_links(s, 0, count_link, &n, &e);
	is_int(n, 1, "one link");
	is_int(store_expert_link(s, 4242, u1, NULL, &e), APP_ENOTFOUND, "link of unknown expert");

	is_int(store_review_add(s, 1, x.id, &e), APP_OK, "assigned");
	is_int(store_review_add(s, 1, x.id, &e), APP_ECONFLICT, "assigned twice refused");
	is_int(store_review_score(s, 1, y.id, 800, "", &e), APP_ENOTFOUND, "unassigned expert");
	is_int(store_review_score(s, 1, x.id, 1001, "", &e), APP_EINVAL, "score over 100 refused");
	is_int(store_review_score(s, 1, x.id, 855, "技术领先", &e), APP_OK, "scored");
	store_review_add(s, 1, y.id, &e);
	long sum = 0;
	store_review_list(s, 1, 0, sum_score, &sum, &e);
	is_int(sum, 855 - 1, "one score and one pending (-1)");
	n = 0;
	store_review_list(s, 0, x.id, count_review, &n, &e);
	is_int(n, 1, "by expert");
	is_int(store_review_flag(s, 1, x.id, true, &e), APP_OK, "flagged");
}

static int count_holding(void *ctx, const struct store_holding *h)
{
	(void)h;
	(*(int *)ctx)++;
	return 0;
}

static int holders(struct store *s, enum tier t, const char *date, const char *scope,
                   const char *until_max)
{
	int n = 0;
	struct app_err e = {0};
	if (store_tier_holders(s, t, date, scope, until_max, count_holding, &n, &e) != APP_OK)
		diag("holders: %s", e.msg);
	return n;
}

static void test_manage(struct store *s)
{
	struct app_err e = {0};
	/* u1: SRDI 2022-06-20..2025-06-19, renewed 2025-06-26..2028-06-25
	 * u2: SRDI 2023-06-05..2026-06-04, revoked 2024-03-01
	 * u3: SRDI 2024-06-12..2027-06-11 (zone GXQ) */
	event(s, u1, TIER_SRDI, TS_RECOGNIZED, "2022-06-20", "2025-06-19");
	event(s, u1, TIER_SRDI, TS_RENEWED, "2025-06-26", "2028-06-25");
	event(s, u2, TIER_SRDI, TS_RECOGNIZED, "2023-06-05", "2026-06-04");
	event(s, u2, TIER_SRDI, TS_REVOKED, "2024-03-01", "");
	event(s, u3, TIER_SRDI, TS_RECOGNIZED, "2024-06-12", "2027-06-11");
	is_int(holders(s, TIER_SRDI, "2022-06-19", NULL, NULL), 0, "none before the first");
	is_int(holders(s, TIER_SRDI, "2022-06-20", NULL, NULL), 1, "u1 from its first day");
	is_int(holders(s, TIER_SRDI, "2023-12-31", NULL, NULL), 2, "u1 and u2 at end 2023");
	is_int(holders(s, TIER_SRDI, "2024-03-01", NULL, NULL), 1, "u2 revoked on 2024-03-01");
	is_int(holders(s, TIER_SRDI, "2025-06-19", NULL, NULL), 2, "u1 on its last day, u3");
	is_int(holders(s, TIER_SRDI, "2025-06-20", NULL, NULL), 1, "u1 lapsed until renewed");
	is_int(holders(s, TIER_SRDI, "2025-06-26", NULL, NULL), 2, "u1 renewed");
	is_int(holders(s, TIER_SRDI, "2026-11-28", "GXQ", NULL), 1, "scope by zone: u3");
	is_int(holders(s, TIER_SRDI, "2026-11-28", "500112", NULL), 1, "scope by district: u1");
	is_int(holders(s, TIER_SRDI, "2026-11-28", NULL, "2027-11-28"), 1,
	       "expiring within a year: u3 only");
	is_int(holders(s, TIER_SRDI, "2026-11-28", NULL, "2027-06-10"), 0, "the day before: none");
	is_int(holders(s, TIER_LITTLE_GIANT, "2026-11-28", NULL, NULL), 0, "no little giants");
	int n = 0;
	is_int(store_tier_holders(s, TIER_SRDI, "2026-13-01", NULL, NULL, count_holding, &n, &e),
	       APP_EINVAL, "bad date refused");

	struct flow_target_set set = {"cq-2020", "重庆市2020年通知", "渝经信发〔2020〕", true};
	is_int(store_target_set_put(s, &set, &e), APP_OK, "target set");
	struct flow_target t = {"cq-2020", TIER_SRDI, 2025, "", 1600};
	is_int(store_target_put(s, &t, &e), APP_OK, "target");
	t.target = 1700;
	is_int(store_target_put(s, &t, &e), APP_OK, "target updated");
	t.target = -1;
	is_int(store_target_put(s, &t, &e), APP_EINVAL, "negative target refused");
	struct flow_target t2 = {"nope", TIER_SRDI, 2025, "", 1};
	is_int(store_target_put(s, &t2, &e), APP_ENOTFOUND, "unknown set");

	struct flow_exit_decision x = {0};
	snprintf(x.uscc, sizeof x.uscc, "%s", u2);
	x.tier = TIER_SRDI;
	x.reason = FX_FRAUD;
	snprintf(x.decided, sizeof x.decided, "2024-03-01");
	snprintf(x.bar_until, sizeof x.bar_until, "2027-02-28");
	x.tier_event_id = 4;
	snprintf(x.actor, sizeof x.actor, "city1");
	is_int(store_exit_add(s, &x, &e), APP_OK, "exit decision recorded");
	x.tier_event_id = 999;
	is_int(store_exit_add(s, &x, &e), APP_ENOTFOUND, "unknown tier event refused");
	struct flow_reeval r = {0};
	snprintf(r.run_date, sizeof r.run_date, "2026-11-28");
	snprintf(r.uscc, sizeof r.uscc, "%s", u1);
	r.tier = TIER_SRDI;
	r.proposal = FP_WARN;
	snprintf(r.actor, sizeof r.actor, "city1");
	is_int(store_reeval_add(s, &r, &e), APP_OK, "re-evaluation recorded");
	r.proposal = FP_NONE;
	is_int(store_reeval_add(s, &r, &e), APP_EINVAL, "no proposal refused");
}

int main(void)
{
	char path[] = "/tmp/zjtx-t-store-wf-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(path, 0, &s, &e) != APP_OK) {
		diag("open: %s", e.msg);
		return 1;
	}
	make_code(1, u1);
	make_code(2, u2);
	make_code(3, u3);
	firm(s, u1, "500112", "");
	firm(s, u2, "500106", "GXQ");
	firm(s, u3, "500106", "GXQ");
	test_batches(s);
	test_apps(s);
	test_attachments_objections(s);
	test_review(s);
	test_manage(s);
	/* the logs refuse edits */
	sqlite3 *db = NULL;
	sqlite3_open(path, &db);
	ok(sqlite3_exec(db, "UPDATE application_events SET actor = 'x'", NULL, NULL, NULL) !=
	       SQLITE_OK,
	   "application_events refuses UPDATE");
	ok(sqlite3_exec(db, "DELETE FROM exit_decisions", NULL, NULL, NULL) != SQLITE_OK,
	   "exit_decisions refuses DELETE");
	sqlite3_close(db);
	store_close(s);
	unlink(path);
	char aux[64];
	snprintf(aux, sizeof aux, "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	unlink(aux);
	return test_done();
}
