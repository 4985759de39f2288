/* workflow_read.c - what each user may see of applications: views with
 * deadlines and the moves available, lists narrowed to the user's scope,
 * the blind view of experts, logs, attachments, reviews, objections (see
 * workflow.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/filestore.h"
#include "app/workflow_int.h"
#include "base/mem.h"

struct counts {
	int assigned, scored, open;
};

static int count_review(void *ctx, const struct flow_review *r)
{
	struct counts *c = ctx;
	c->assigned++;
	c->scored += r->score >= 0;
	return 0;
}

static int count_objection(void *ctx, const struct flow_objection *o)
{
	struct counts *c = ctx;
	c->open += o->status == FO_OPEN;
	return 0;
}

static bool is_blind(const struct wf_actor *who, const struct flow_batch *b)
{
	return who->role == ROLE_EXPERT && b->blind;
}

static void build_view(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                       const struct flow_app *a, const struct flow_batch *b, struct wf_app_view *v)
{
	memset(v, 0, sizeof *v);
	v->app = *a;
	v->batch = *b;
	v->blind = is_blind(who, b);
	if (v->blind) {
		v->app.uscc[0] = v->app.unit[0] = v->app.district[0] = '\0';
		v->app.filed_by[0] = '\0';
	} else {
		struct enterprise ent;
		if (store_enterprise_get(s, a->uscc, &ent, NULL) == APP_OK)
			memcpy(v->firm_name, ent.name, sizeof v->firm_name);
	}
	struct flow_due_dates due = {b->closes, b->district_due, b->city_due, b->review_due};
	flow_deadline(a->state, a->state_since, &due, a->notice_end, v->deadline, NULL);
	v->overdue = v->deadline[0] && env && env->today && strcmp(env->today, v->deadline) > 0;
	struct counts c = {0};
	if (a->state >= FS_EXPERT_REVIEW)
		store_review_list(s, a->id, 0, count_review, &c, NULL);
	if (a->state == FS_PUBLICIZED)
		store_objection_list(s, a->id, count_objection, &c, NULL);
	v->reviews_assigned = c.assigned;
	v->reviews_scored = c.scored;
	v->open_objections = c.open;
	v->nnext = flow_next(a->state, who->role, v->next, sizeof v->next / sizeof v->next[0]);
	if (v->nnext > sizeof v->next / sizeof v->next[0])
		v->nnext = sizeof v->next / sizeof v->next[0];
}

enum app_status wf_app_get(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                           long id, struct wf_app_view *out, struct app_err *e)
{
	struct flow_app a;
	struct flow_batch b;
	enum app_status rc = wfi_load(s, who, id, &a, e);
	if (rc != APP_OK || (rc = store_batch_get(s, a.batch_id, &b, e)) != APP_OK)
		return rc;
	build_view(s, env, who, &a, &b, out);
	return APP_OK;
}

struct list_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	bool overdue_only;
	wf_view_cb cb;
	void *ctx;
	struct flow_batch batch; /* cache of the last batch read */
	long shown;
	enum app_status rc;
	struct app_err *e;
};

static int list_row(void *ctx, const struct flow_app *a)
{
	struct list_job *j = ctx;
	if (j->batch.id != a->batch_id &&
	    (j->rc = store_batch_get(j->s, a->batch_id, &j->batch, j->e)) != APP_OK)
		return 1;
	struct wf_app_view v;
	build_view(j->s, j->env, j->who, a, &j->batch, &v);
	if (j->overdue_only && !v.overdue)
		return 0;
	j->shown++;
	return j->cb(j->ctx, &v);
}

/* Narrows f to who's scope; false if who can see none of what f asks. */
static bool narrow(struct store *s, const struct wf_actor *who, struct store_app_filter *f)
{
	switch (who->role) {
	case ROLE_DISTRICT:
		if (!who->district || !*who->district ||
		    (f->unit && *f->unit && strcmp(f->unit, who->district) != 0))
			return false;
		f->unit = who->district;
		return true;
	case ROLE_ENTERPRISE:
		if (!who->uscc || !*who->uscc ||
		    (f->uscc && *f->uscc && strcmp(f->uscc, who->uscc) != 0))
			return false;
		f->uscc = who->uscc;
		return true;
	case ROLE_EXPERT:
		f->expert_id = wfi_expert_id(s, who);
		f->uscc = NULL; /* blind: an expert cannot search by firm */
		return f->expert_id != 0;
	default:
		return true;
	}
}

enum app_status wf_app_list(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                            const struct store_app_filter *fin, bool overdue_only, wf_view_cb cb,
                            void *ctx, long *total, struct app_err *e)
{
	struct store_app_filter f = {0};
	enum app_status rc = wfi_business(who, e);
	if (rc != APP_OK)
		return rc;
	if (fin)
		f = *fin;
	if (total)
		*total = 0;
	if (!narrow(s, who, &f))
		return APP_OK;
	struct list_job j = {s, env, who, overdue_only, cb, ctx, {0}, 0, APP_OK, e};
	rc = store_app_list(s, &f, list_row, &j, overdue_only ? NULL : total, e);
	if (rc == APP_OK)
		rc = j.rc;
	if (overdue_only && total)
		*total = j.shown;
	return rc;
}

struct count_job {
	struct store *s;
	const struct wf_env *env;
	struct flow_batch batch;
	long *counts, *overdue;
	enum app_status rc;
	struct app_err *e;
};

static int count_row(void *ctx, const struct flow_app *a)
{
	struct count_job *j = ctx;
	if (j->batch.id != a->batch_id &&
	    (j->rc = store_batch_get(j->s, a->batch_id, &j->batch, j->e)) != APP_OK)
		return 1;
	if ((unsigned)a->state < FS_COUNT)
		j->counts[a->state]++;
	char deadline[11];
	struct flow_due_dates due = {j->batch.closes, j->batch.district_due, j->batch.city_due,
	                             j->batch.review_due};
	flow_deadline(a->state, a->state_since, &due, a->notice_end, deadline, NULL);
	if (deadline[0] && j->env && j->env->today && strcmp(j->env->today, deadline) > 0)
		(*j->overdue)++;
	return 0;
}

enum app_status wf_app_counts(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              long batch_id, long counts[FS_COUNT], long *overdue,
                              struct app_err *e)
{
	long late = 0;
	memset(counts, 0, FS_COUNT * sizeof *counts);
	if (overdue)
		*overdue = 0;
	enum app_status rc = wfi_business(who, e);
	struct store_app_filter f = {.batch_id = batch_id};
	if (rc != APP_OK || !narrow(s, who, &f))
		return rc;
	struct count_job j = {s, env, {0}, counts, &late, APP_OK, e};
	rc = store_app_list(s, &f, count_row, &j, NULL, e);
	if (rc == APP_OK)
		rc = j.rc;
	if (overdue)
		*overdue = late;
	return rc;
}

enum app_status wf_app_docs(struct store *s, const struct wf_actor *who, long id, char **snapshot,
                            char **assessment, struct app_err *e)
{
	struct flow_app a;
	struct flow_batch b;
	enum app_status rc = wfi_load(s, who, id, &a, e);
	if (rc != APP_OK || (rc = store_batch_get(s, a.batch_id, &b, e)) != APP_OK)
		return rc;
	rc = store_app_docs(s, id, snapshot, assessment, e);
	if (rc == APP_OK && is_blind(who, &b) && snapshot && *snapshot) {
		/* drop the identity members of the snapshot */
		json_t *o = json_loads(*snapshot, 0, NULL);
		if (o) {
			json_object_del(o, "uscc");
			json_object_del(o, "name");
			json_object_del(o, "district");
			json_object_del(o, "zone");
			free(*snapshot);
			*snapshot = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
			json_decref(o);
		}
	}
	return rc;
}

struct mask_job {
	bool blind;
	bool hide_experts;
	long expert_id;
	int n;
	union {
		store_event_cb ev;
		store_attachment_cb att;
		store_review_cb rev;
	} cb;
	void *ctx;
};

/* A blind expert does not see who filed; the firm and its district do not
 * see which expert scored what. */
static int masked_event(void *ctx, const struct flow_event *ev)
{
	struct mask_job *m = ctx;
	struct flow_event copy = *ev;
	if (m->blind && (copy.role == ROLE_ENTERPRISE || copy.role == ROLE_DISTRICT))
		snprintf(copy.actor, sizeof copy.actor, "***");
	else if (m->hide_experts && copy.role == ROLE_EXPERT) {
		snprintf(copy.actor, sizeof copy.actor, "***");
		copy.comment[0] = '\0';
	} else
		return m->cb.ev(m->ctx, ev);
	return m->cb.ev(m->ctx, &copy);
}

enum app_status wf_app_events(struct store *s, const struct wf_actor *who, long id,
                              store_event_cb cb, void *ctx, struct app_err *e)
{
	struct flow_app a;
	struct flow_batch b;
	enum app_status rc = wfi_load(s, who, id, &a, e);
	if (rc != APP_OK || (rc = store_batch_get(s, a.batch_id, &b, e)) != APP_OK)
		return rc;
	struct mask_job m = {.blind = is_blind(who, &b),
	                     .hide_experts =
	                         who->role == ROLE_ENTERPRISE || who->role == ROLE_DISTRICT,
	                     .ctx = ctx};
	m.cb.ev = cb;
	return store_app_events(s, id, masked_event, &m, e);
}

static int masked_att(void *ctx, const struct flow_attachment *a)
{
	struct mask_job *m = ctx;
	m->n++;
	if (!m->blind)
		return m->cb.att(m->ctx, a);
	struct flow_attachment copy = *a;
	const char *ext = strrchr(a->name, '.');
	snprintf(copy.name, sizeof copy.name, "附件%d%s", m->n, ext && a->type[0] ? ext : "");
	copy.uploaded_by[0] = '\0';
	return m->cb.att(m->ctx, &copy);
}

enum app_status wf_app_attachments(struct store *s, const struct wf_actor *who, long id,
                                   store_attachment_cb cb, void *ctx, struct app_err *e)
{
	struct flow_app a;
	struct flow_batch b;
	enum app_status rc = wfi_load(s, who, id, &a, e);
	if (rc != APP_OK || (rc = store_batch_get(s, a.batch_id, &b, e)) != APP_OK)
		return rc;
	struct mask_job m = {.blind = is_blind(who, &b), .ctx = ctx};
	m.cb.att = cb;
	return store_attachment_list(s, id, masked_att, &m, e);
}

enum app_status wf_attachment_read(struct store *s, const struct wf_env *env,
                                   const struct wf_actor *who, long att_id,
                                   struct flow_attachment *meta, char **data, size_t *n,
                                   struct app_err *e)
{
	struct flow_app a;
	*data = NULL;
	*n = 0;
	enum app_status rc = wfi_business(who, e);
	if (rc != APP_OK)
		return rc;
	if ((rc = store_attachment_get(s, att_id, meta, e)) != APP_OK)
		return rc == APP_ENOTFOUND ? app_err_set(e, rc, "附件 %ld 不存在", att_id) : rc;
	if ((rc = wfi_load(s, who, meta->app_id, &a, e)) != APP_OK)
		return rc == APP_ENOTFOUND ? app_err_set(e, rc, "附件 %ld 不存在", att_id) : rc;
	if (!meta->type[0])
		return app_err_set(e, APP_EINVAL, "附件 %ld 是声明,没有文件内容", att_id);
	return filestore_get(env->files_dir, meta->sha256, MAX_ATTACH_BYTES, data, n, e);
}

static int own_review(void *ctx, const struct flow_review *r)
{
	struct mask_job *m = ctx;
	if (m->expert_id && r->expert_id != m->expert_id)
		return 0;
	return m->cb.rev(m->ctx, r);
}

enum app_status wf_app_reviews(struct store *s, const struct wf_actor *who, long id,
                               store_review_cb cb, void *ctx, struct app_err *e)
{
	struct flow_app a;
	enum app_status rc = wfi_load(s, who, id, &a, e);
	if (rc != APP_OK)
		return rc;
	if (who->role != ROLE_CITY && who->role != ROLE_VIEWER && who->role != ROLE_EXPERT)
		return app_err_set(e, APP_EPERM, "角色「%s」不能查看专家评审(申请当前状态为「%s」)",
		                   role_label(who->role), flow_state_label(a.state));
	struct mask_job m = {.expert_id = who->role == ROLE_EXPERT ? wfi_expert_id(s, who) : 0,
	                     .ctx = ctx};
	m.cb.rev = cb;
	return store_review_list(s, id, 0, own_review, &m, e);
}

enum app_status wf_app_objections(struct store *s, const struct wf_actor *who, long id,
                                  store_objection_cb cb, void *ctx, struct app_err *e)
{
	struct flow_app a;
	enum app_status rc = wfi_load(s, who, id, &a, e);
	if (rc != APP_OK)
		return rc;
	if (who->role == ROLE_EXPERT)
		return app_err_set(e, APP_EPERM, "角色「%s」不能查看公示异议(申请当前状态为「%s」)",
		                   role_label(who->role), flow_state_label(a.state));
	return store_objection_list(s, id, cb, ctx, e);
}
