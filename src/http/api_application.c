/* api_application.c - applications (docs/API.md "Workflow"): lists and
 * exports, the application with its snapshot and self-assessment, the
 * transition log, declarations and attachments, moves, expert scores and
 * appointments, objections during the public notice. Each handler calls one
 * service function of app/workflow.h; the service decides role, scope,
 * state and guards (403 / 404 / 409 with its Chinese reason). */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api_wf.h"
#include "app/workflow_export.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/filetype.h"
#include "core/uscc.h"
#include "http/multipart.h"

/* ---- lists ---- */

struct page_rows {
	json_t *items;
};

static int app_row(void *ctx, const struct wf_app_view *v)
{
	json_array_append_new(((struct page_rows *)ctx)->items, api_wf_app_json(v));
	return 0;
}

API_HANDLER(api_app_list)
{
	struct api_wf w;
	struct api_wf_filter af;
	long page, size, total = 0;
	api_wf_init(req, &w);
	enum app_status st = api_wf_filter(req, &af, err);
	if (st == APP_OK)
		st = api_page(req, &page, &size, err);
	if (st != APP_OK)
		return st;
	struct page_rows r = {json_array()};
	if (af.overdue) {
		/* overdue is known only after the deadline is computed: page here */
		json_t *all = json_array();
		struct page_rows a = {all};
		st = wf_app_list(api_ctx(req)->store, &w.env, &w.who, &af.f, true, app_row, &a,
		                 &total, err);
		for (size_t i = (size_t)((page - 1) * size);
		     st == APP_OK && i < json_array_size(all) && i < (size_t)(page * size); i++)
			json_array_append(r.items, json_array_get(all, i));
		json_decref(all);
	} else {
		af.f.limit = size;
		af.f.offset = (page - 1) * size;
		st = wf_app_list(api_ctx(req)->store, &w.env, &w.who, &af.f, false, app_row, &r,
		                 &total, err);
	}
	if (st != APP_OK) {
		json_decref(r.items);
		return st;
	}
	json_t *o = api_paged(r.items, total, page, size);
	json_object_set_new(o, "today", json_string(w.today)); /* the server's business date */
	return js_reply(resp, 200, o);
}

/* ---- exports ---- */

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *tmp_root(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

static void dated(char *out, size_t n, const char *ext)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	snprintf(out, n, "申报清单-%04d%02d%02d.%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	         ext);
}

static enum app_status fd_write(void *ctx, const char *p, size_t n)
{
	int fd = *(int *)ctx;
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k <= 0)
			return APP_EIO;
		p += k;
		n -= (size_t)k;
	}
	return APP_OK;
}

API_HANDLER(api_app_export_csv)
{
	struct api_wf w;
	struct api_wf_filter af;
	api_wf_init(req, &w);
	enum app_status st = api_wf_filter(req, &af, err);
	if (st != APP_OK)
		return st;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/zjtx-apps-XXXXXX", tmp_root());
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return app_err_set(err, APP_EIO, "无法创建临时文件");
	unlink(path);
	struct export_sink sink = {fd_write, &fd};
	st =
	    wf_export_csv(api_ctx(req)->store, &w.env, &w.who, &af.f, af.overdue, &sink, NULL, err);
	off_t size = st == APP_OK ? lseek(fd, 0, SEEK_CUR) : -1;
	if (st == APP_OK && (size < 0 || lseek(fd, 0, SEEK_SET) != 0))
		st = app_err_set(err, APP_EIO, "无法读取生成的文件");
	if (st != APP_OK) {
		close(fd);
		return st;
	}
	char name[64];
	dated(name, sizeof name, "csv");
	api_attachment(resp, "text/csv; charset=utf-8", fd, (uint64_t)size, "applications.csv",
	               name);
	return APP_OK;
}

API_HANDLER(api_app_export_xlsx)
{
	struct api_wf w;
	struct api_wf_filter af;
	api_wf_init(req, &w);
	enum app_status st = api_wf_filter(req, &af, err);
	if (st != APP_OK)
		return st;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/zjtx-XXXXXX", tmp_root());
	if (!mkdtemp(dir))
		return app_err_set(err, APP_EIO, "无法创建临时目录");
	snprintf(path, sizeof path, "%s/a.xlsx", dir);
	st =
	    wf_export_xlsx(api_ctx(req)->store, &w.env, &w.who, &af.f, af.overdue, path, NULL, err);
	int fd = st == APP_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat sb;
	bool ok = fd >= 0 && fstat(fd, &sb) == 0;
	unlink(path);
	rmdir(dir);
	if (st != APP_OK)
		return st;
	if (!ok) {
		if (fd >= 0)
			close(fd);
		return app_err_set(err, APP_EIO, "无法读取生成的文件");
	}
	char name[64];
	dated(name, sizeof name, "xlsx");
	api_attachment(resp, XLSX_TYPE, fd, (uint64_t)sb.st_size, "applications.xlsx", name);
	return APP_OK;
}

/* ---- one application ---- */

struct detail {
	json_t *reviews, *objections;
	struct store *s;
};

static int review_row(void *ctx, const struct flow_review *r)
{
	struct detail *d = ctx;
	struct flow_expert x;
	bool known = store_expert_get(d->s, r->expert_id, NULL, &x, NULL) == APP_OK;
	json_t *o = json_object();
	json_object_set_new(o, "expert", json_integer(r->expert_id));
	json_object_set_new(o, "expert_name", known ? json_string(x.name) : json_null());
	json_object_set_new(o, "expert_field", known ? api_str(x.field) : json_null());
	json_object_set_new(o, "score", r->score >= 0 ? json_real(r->score / 10.0) : json_null());
	json_object_set_new(o, "outlier", json_boolean(r->outlier));
	json_object_set_new(o, "comment", api_str(r->comment));
	json_object_set_new(o, "assigned_at", api_time(r->assigned_at));
	json_object_set_new(o, "scored_at", api_time(r->scored_at));
	json_array_append_new(d->reviews, o);
	return 0;
}

static json_t *objection_json(const struct flow_objection *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "application", json_integer(o->app_id));
	json_object_set_new(j, "received", json_string(o->received));
	json_object_set_new(j, "source", api_str(o->source));
	json_object_set_new(j, "content", json_string(o->content));
	json_object_set_new(j, "status", json_string(flow_objection_key(o->status)));
	json_object_set_new(j, "status_label", json_string(flow_objection_label(o->status)));
	json_object_set_new(j, "resolution", api_str(o->resolution));
	json_object_set_new(j, "recorded_by", api_str(o->recorded_by));
	json_object_set_new(j, "resolved_by", api_str(o->resolved_by));
	json_object_set_new(j, "resolved_at", api_time(o->resolved_at));
	return j;
}

static int objection_row(void *ctx, const struct flow_objection *o)
{
	json_array_append_new(((struct detail *)ctx)->objections, objection_json(o));
	return 0;
}

/* A JSON text stored by the service as a value (null if absent or bad). */
static json_t *stored_json(const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	return v ? v : json_null();
}

/* The full Application: the view, the batch, snapshot, self-assessment,
 * and the reviews and objections when the caller may see them. */
static enum app_status app_detail(struct http_req *req, const struct api_wf *w, long id,
                                  json_t **out, struct app_err *err)
{
	struct store *s = api_ctx(req)->store;
	struct wf_app_view v;
	char *snap = NULL, *as = NULL;
	enum app_status st = wf_app_get(s, &w->env, &w->who, id, &v, err);
	if (st == APP_OK)
		st = wf_app_docs(s, &w->who, id, &snap, &as, err);
	if (st != APP_OK)
		return st;
	json_t *o = api_wf_app_json(&v);
	json_object_set_new(o, "batch_detail", api_wf_batch_json(&v.batch, w->today));
	json_object_set_new(o, "snapshot", stored_json(snap));
	json_object_set_new(o, "self_assessment", stored_json(as));
	free(snap);
	free(as);
	struct detail d = {json_array(), json_array(), s};
	struct app_err ignore = {0};
	bool reviews =
	    w->who.role == ROLE_CITY || w->who.role == ROLE_VIEWER || w->who.role == ROLE_EXPERT;
	if (reviews && wf_app_reviews(s, &w->who, id, review_row, &d, &ignore) == APP_OK)
		json_object_set_new(o, "reviews", d.reviews);
	else
		json_decref(d.reviews), json_object_set_new(o, "reviews", json_null());
	if (w->who.role != ROLE_EXPERT &&
	    wf_app_objections(s, &w->who, id, objection_row, &d, &ignore) == APP_OK)
		json_object_set_new(o, "objections", d.objections);
	else
		json_decref(d.objections), json_object_set_new(o, "objections", json_null());
	*out = o;
	return APP_OK;
}

API_HANDLER(api_app_get)
{
	struct api_wf w;
	long id;
	json_t *o = NULL;
	api_wf_init(req, &w);
	enum app_status st = api_wf_id(req, "id", &id, err);
	if (st == APP_OK)
		st = app_detail(req, &w, id, &o, err);
	return st == APP_OK ? js_reply(resp, 200, o) : st;
}

API_HANDLER(api_app_create)
{
	static const char *const keys[] = {"batch", "uscc", NULL};
	struct api_wf w;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	int64_t batch = 0;
	const char *uscc = NULL;
	char code[19] = "";
	struct app_err fe = {0};
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_i64(&root, "batch", JS_REQUIRED, 1, 2000000000, &batch, err);
	if (st == APP_OK && w.who.role == ROLE_ENTERPRISE)
		str_copy(code, sizeof code, w.who.uscc, strlen(w.who.uscc)); /* its own firm */
	if (st == APP_OK)
		st = js_get_str(&root, "uscc", code[0] ? JS_OPTIONAL : JS_REQUIRED, 18, &uscc, err);
	if (st == APP_OK && uscc && uscc_check(uscc, strlen(uscc), code, &fe) != APP_OK) {
		app_err_field(err, "/uscc");
		st = app_err_set(err, APP_EINVAL, "统一社会信用代码无效：%s", fe.msg);
	}
	json_decref(body);
	long id = 0;
	if (st == APP_OK)
		st = wf_apply(api_ctx(req)->store, &w.env, &w.who, (long)batch, code, &id, err);
	json_t *o = NULL;
	if (st == APP_OK)
		st = app_detail(req, &w, id, &o, err);
	if (st != APP_OK)
		return st;
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/applications/%ld", id);
	http_resp_header(resp, "Location", loc);
	return js_reply(resp, 201, o);
}

/* The application exists and is in the caller's scope: checked before a
 * body is read, so out of scope is 404 whatever the body says. */
static enum app_status visible_id(struct http_req *req, const struct api_wf *w, long *id,
                                  struct app_err *err)
{
	struct wf_app_view v;
	enum app_status st = api_wf_id(req, "id", id, err);
	return st == APP_OK ? wf_app_get(api_ctx(req)->store, &w->env, &w->who, *id, &v, err) : st;
}

/* ---- the transition log ---- */

static int event_row(void *ctx, const struct flow_event *ev)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(ev->id));
	json_object_set_new(o, "on_date", json_string(ev->on_date));
	json_object_set_new(o, "action", json_string(ev->action));
	json_object_set_new(o, "label", json_string(flow_action_label(ev->action)));
	json_object_set_new(o, "from",
	                    ev->from ? json_string(flow_state_key(ev->from)) : json_null());
	json_object_set_new(o, "to", ev->to ? json_string(flow_state_key(ev->to)) : json_null());
	json_object_set_new(o, "to_label",
	                    ev->to ? json_string(flow_state_label(ev->to)) : json_null());
	json_object_set_new(o, "actor", api_str(ev->actor));
	json_object_set_new(o, "role", ev->role ? json_string(role_key(ev->role)) : json_null());
	json_object_set_new(o, "role_label",
	                    ev->role ? json_string(role_label(ev->role)) : json_null());
	json_object_set_new(o, "comment", api_str(ev->comment));
	json_object_set_new(o, "at", api_time(ev->at));
	json_array_append_new(ctx, o);
	return 0;
}

API_HANDLER(api_app_events)
{
	struct api_wf w;
	long id;
	api_wf_init(req, &w);
	enum app_status st = api_wf_id(req, "id", &id, err);
	json_t *items = json_array();
	if (st == APP_OK)
		st = wf_app_events(api_ctx(req)->store, &w.who, id, event_row, items, err);
	if (st != APP_OK) {
		json_decref(items);
		return st;
	}
	return js_reply(resp, 200, items);
}

/* ---- declarations and attachments ---- */

static json_t *attachment_json(const struct flow_attachment *a)
{
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from(a->kind));
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "application", json_integer(a->app_id));
	json_object_set_new(o, "kind", json_string(a->kind));
	json_object_set_new(o, "kind_label", json_string(k ? k->label : a->kind));
	json_object_set_new(o, "declaration", json_boolean(!a->type[0]));
	json_object_set_new(o, "name", json_string(a->name));
	json_object_set_new(o, "type", api_str(a->type));
	json_object_set_new(o, "size", a->type[0] ? json_integer(a->size) : json_null());
	json_object_set_new(o, "sha256", json_string(a->sha256));
	json_object_set_new(o, "uploaded_by", api_str(a->uploaded_by));
	json_object_set_new(o, "uploaded_at", api_time(a->uploaded_at));
	return o;
}

static int attachment_row(void *ctx, const struct flow_attachment *a)
{
	json_array_append_new(ctx, attachment_json(a));
	return 0;
}

API_HANDLER(api_app_attachments)
{
	struct api_wf w;
	long id;
	api_wf_init(req, &w);
	enum app_status st = api_wf_id(req, "id", &id, err);
	json_t *items = json_array();
	if (st == APP_OK)
		st =
		    wf_app_attachments(api_ctx(req)->store, &w.who, id, attachment_row, items, err);
	if (st != APP_OK) {
		json_decref(items);
		return st;
	}
	return js_reply(resp, 200, items);
}

/* The attachment with this id among the application's (for the answer). */
struct find_att {
	long id;
	json_t *found;
};

static int find_att(void *ctx, const struct flow_attachment *a)
{
	struct find_att *f = ctx;
	if (a->id != f->id)
		return 0;
	f->found = attachment_json(a);
	return 1;
}

static enum app_status attachment_reply(struct http_req *req, struct http_resp *resp,
                                        const struct api_wf *w, long app_id, long att_id,
                                        struct app_err *err)
{
	struct find_att f = {att_id, NULL};
	enum app_status st =
	    wf_app_attachments(api_ctx(req)->store, &w->who, app_id, find_att, &f, err);
	if (st != APP_OK || !f.found) {
		json_decref(f.found);
		return st != APP_OK ? st : app_err_set(err, APP_EINTERNAL, "附件记录未找到");
	}
	return js_reply(resp, 201, f.found);
}

struct att_found {
	long id;
};

static int last_att(void *ctx, const struct flow_attachment *a)
{
	((struct att_found *)ctx)->id = a->id;
	return 0;
}

API_HANDLER(api_app_declare)
{
	static const char *const keys[] = {"kind", NULL};
	struct api_wf w;
	long id;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = visible_id(req, &w, &id, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *kind = NULL;
	char k[32] = "";
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_str(&root, "kind", JS_REQUIRED, 24, &kind, err);
	if (st == APP_OK)
		str_copy(k, sizeof k, kind, strlen(kind));
	json_decref(body);
	if (st == APP_OK)
		st = wf_declare(api_ctx(req)->store, &w.env, &w.who, id, k, err);
	if (st == APP_EINVAL && !err->field[0])
		app_err_field(err, "/kind");
	if (st != APP_OK)
		return st;
	struct att_found f = {0};
	wf_app_attachments(api_ctx(req)->store, &w.who, id, last_att, &f, err);
	return attachment_reply(req, resp, &w, id, f.id, err);
}

API_HANDLER(api_app_attach)
{
	struct api_wf w;
	long id, att = 0;
	api_wf_init(req, &w);
	enum app_status st = visible_id(req, &w, &id, err);
	if (st != APP_OK)
		return st;
	const char *kind = http_req_query(req, "kind");
	const char *data = req->body, *name = http_req_query(req, "filename");
	size_t len = req->body_len;
	const char *ct = http_req_header(req, "Content-Type");
	if (ct && strncasecmp(ct, "multipart/", 10) == 0) {
		char boundary[71];
		struct multipart_part part;
		st = multipart_boundary(ct, boundary, err);
		if (st == APP_OK)
			st = multipart_find(req->body, req->body_len, boundary, "file", req->arena,
			                    &part, err);
		if (st == APP_ENOTFOUND) {
			app_err_field(err, "file");
			return app_err_set(err, APP_EINVAL, "表单中缺少文件字段 file");
		}
		if (st != APP_OK)
			return st;
		data = part.data;
		len = part.len;
		name = part.filename;
	}
	if (!kind || !*kind) {
		app_err_field(err, "kind");
		return app_err_set(err, APP_EINVAL,
		                   "缺少材料类别 kind(application_form、financial_audit、ip_proof、"
		                   "other)");
	}
	if (name && !utf8_valid(name, strlen(name)))
		name = "";
	st = wf_attach(api_ctx(req)->store, &w.env, &w.who, id, kind, name, data, len, &att, err);
	if (st == APP_EINVAL || st == APP_ETOOLARGE)
		app_err_field(err, strstr(err->msg, "类别") ? "kind" : "file");
	if (st != APP_OK)
		return st;
	return attachment_reply(req, resp, &w, id, att, err);
}

API_HANDLER(api_attachment_get)
{
	struct api_wf w;
	long id;
	struct flow_attachment meta;
	char *data = NULL;
	size_t n = 0;
	api_wf_init(req, &w);
	enum app_status st = api_wf_id(req, "id", &id, err);
	if (st == APP_OK)
		st = wf_attachment_read(api_ctx(req)->store, &w.env, &w.who, id, &meta, &data, &n,
		                        err);
	if (st != APP_OK)
		return st;
	enum filetype t = filetype_sniff(data, n);
	st = http_resp_set(resp, 200, filetype_mime(t), data, n);
	free(data);
	if (st != APP_OK)
		return st;
	/* the display name as the service gives it (附件N for a blind expert) */
	struct find_att f = {id, NULL};
	char shown[MAX_ATTACH_NAME_BYTES];
	str_copy(shown, sizeof shown, meta.name, strlen(meta.name));
	wf_app_attachments(api_ctx(req)->store, &w.who, meta.app_id, find_att, &f, NULL);
	if (f.found) {
		const char *nm = json_string_value(json_object_get(f.found, "name"));
		if (nm)
			str_copy(shown, sizeof shown, nm, strlen(nm));
		json_decref(f.found);
	}
	char ascii[32];
	snprintf(ascii, sizeof ascii, "attachment-%ld%s", id, filetype_ext(t));
	api_disposition(resp, ascii, shown);
	return APP_OK;
}

/* ---- moves ---- */

API_HANDLER(api_app_move)
{
	static const char *const keys[] = {"action", "to", "comment", "doc_no", "since", NULL};
	struct api_wf w;
	long id;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = visible_id(req, &w, &id, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *action = NULL, *to = NULL, *comment = NULL, *doc_no = NULL, *since = NULL;
	char sdate[11];
	struct wf_step step = {0};
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_str(&root, "action", JS_OPTIONAL, 32, &action, err);
	if (st == APP_OK)
		st = js_get_str(&root, "to", JS_OPTIONAL, 32, &to, err);
	if (st == APP_OK)
		st = js_get_str(&root, "comment", JS_OPTIONAL, MAX_COMMENT_CHARS, &comment, err);
	if (st == APP_OK)
		st = js_get_str(&root, "doc_no", JS_OPTIONAL, 60, &doc_no, err);
	if (st == APP_OK)
		st = js_get_str(&root, "since", JS_OPTIONAL, 10, &since, err);
	if (st == APP_OK && action) {
		const struct flow_transition *t = flow_transition_find(strv_from(action));
		if (!t) {
			app_err_field(err, "/action");
			st = app_err_set(err, APP_EINVAL,
			                 "未知操作「%s」;见 GET /workflow/transitions", action);
		} else {
			step.to = t->to;
		}
	}
	if (st == APP_OK && to && !action &&
	    (step.to = flow_state_parse(strv_from(to))) == FS_NONE) {
		app_err_field(err, "/to");
		st = app_err_set(err, APP_EINVAL, "未知状态「%s」", to);
	}
	if (st == APP_OK && !step.to) {
		app_err_field(err, "/action");
		st = app_err_set(err, APP_EINVAL, "缺少 action(操作)或 to(目标状态)");
	}
	if (st == APP_OK && since && !str_to_date(strv_from(since), sdate)) {
		app_err_field(err, "/since");
		st = app_err_set(err, APP_EINVAL, "应为日期 YYYY-MM-DD");
	}
	struct wf_step_result res;
	if (st == APP_OK) {
		step.comment = comment;
		step.doc_no = doc_no;
		step.since = since ? sdate : NULL;
		st = wf_transition(api_ctx(req)->store, &w.env, &w.who, id, &step, &res, err);
	}
	json_decref(body);
	json_t *app = NULL;
	if (st == APP_OK)
		st = app_detail(req, &w, id, &app, err);
	if (st != APP_OK)
		return st;
	json_t *o = json_object();
	json_object_set_new(o, "application", app);
	json_object_set_new(o, "action", json_string(res.t->key));
	json_object_set_new(o, "label", json_string(res.t->label));
	if (res.t->action == FA_ASSIGN) {
		json_object_set_new(o, "experts_drawn", json_integer(res.experts_drawn));
		json_object_set_new(o, "pool_eligible", json_integer(res.pool_eligible));
		json_object_set_new(o, "pool_excluded", json_integer(res.pool_excluded));
	}
	if (res.t->action == FA_FINALIZE)
		json_object_set_new(o, "score",
		                    json_pack("{s:o, s:o, s:i, s:i}", "mean",
		                              api_wf_score(res.score.mean_x100), "median",
		                              api_wf_score(res.score.median_x100), "scores",
		                              res.score.n, "outliers", res.score.outliers));
	if (res.t->action == FA_PUBLICIZE) {
		json_object_set_new(o, "notice_start", json_string(res.notice_start));
		json_object_set_new(o, "notice_end", json_string(res.notice_end));
		json_object_set_new(o, "calendar_gap", json_boolean(res.calendar_gap));
	}
	if (res.t->action == FA_RECOGNIZE) {
		json_object_set_new(o, "valid_from", json_string(res.valid_from));
		json_object_set_new(o, "valid_until", api_str(res.valid_until));
		json_object_set_new(o, "tier_event", json_integer(res.tier_event_id));
	}
	return js_reply(resp, 200, o);
}

/* ---- scores and experts ---- */

API_HANDLER(api_app_score)
{
	static const char *const keys[] = {"score", "comment", NULL};
	struct api_wf w;
	long id;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = visible_id(req, &w, &id, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root, m;
	js_root(body, &root);
	const char *comment = NULL;
	int tenths = 0;
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_member(&root, "score", JS_REQUIRED, &m, err);
	if (st == APP_OK) {
		double v = json_number_value(m.v);
		double t10 = v * 10.0;
		long r = (long)(t10 + (t10 >= 0 ? 0.5 : -0.5));
		if (!json_is_number(m.v) || v < 0 || v > FLOW_SCORE_MAX / 10.0 ||
		    t10 - (double)r > 1e-6 || (double)r - t10 > 1e-6) {
			app_err_field(err, "/score");
			st = app_err_set(err, APP_EINVAL, "评分应为 0-100 的数,最多一位小数");
		}
		tenths = (int)r;
	}
	if (st == APP_OK)
		st = js_get_str(&root, "comment", JS_OPTIONAL, MAX_COMMENT_CHARS, &comment, err);
	if (st == APP_OK)
		st = wf_score(api_ctx(req)->store, &w.env, &w.who, id, tenths, comment, err);
	json_decref(body);
	json_t *o = NULL;
	if (st == APP_OK)
		st = app_detail(req, &w, id, &o, err);
	return st == APP_OK ? js_reply(resp, 200, o) : st;
}

API_HANDLER(api_app_appoint)
{
	static const char *const keys[] = {"username", "reason", NULL};
	struct api_wf w;
	long id;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = visible_id(req, &w, &id, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *user = NULL, *reason = NULL;
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_str(&root, "username", JS_REQUIRED, 32, &user, err);
	if (st == APP_OK)
		st = js_get_str(&root, "reason", JS_OPTIONAL, MAX_COMMENT_CHARS, &reason, err);
	if (st == APP_OK)
		st = wf_review_appoint(api_ctx(req)->store, &w.env, &w.who, id, user, reason, err);
	json_decref(body);
	json_t *o = NULL;
	if (st == APP_OK)
		st = app_detail(req, &w, id, &o, err);
	return st == APP_OK ? js_reply(resp, 201, o) : st;
}

/* ---- objections ---- */

API_HANDLER(api_objection_add)
{
	static const char *const keys[] = {"content", "source", "received", NULL};
	struct api_wf w;
	long id, oid = 0;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = visible_id(req, &w, &id, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *content = NULL, *source = NULL, *received = NULL;
	char rdate[11];
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_str(&root, "content", JS_REQUIRED, MAX_COMMENT_CHARS, &content, err);
	if (st == APP_OK)
		st = js_get_str(&root, "source", JS_OPTIONAL, 40, &source, err);
	if (st == APP_OK)
		st = js_get_str(&root, "received", JS_OPTIONAL, 10, &received, err);
	if (st == APP_OK && received && !str_to_date(strv_from(received), rdate)) {
		app_err_field(err, "/received");
		st = app_err_set(err, APP_EINVAL, "应为日期 YYYY-MM-DD");
	}
	if (st == APP_OK)
		st = wf_objection_add(api_ctx(req)->store, &w.env, &w.who, id, source, content,
		                      received ? rdate : NULL, &oid, err);
	json_decref(body);
	if (st != APP_OK)
		return st;
	struct flow_objection o;
	if ((st = store_objection_get(api_ctx(req)->store, oid, &o, err)) != APP_OK)
		return st;
	return js_reply(resp, 201, objection_json(&o));
}

API_HANDLER(api_objection_resolve)
{
	static const char *const keys[] = {"upheld", "resolution", NULL};
	struct api_wf w;
	long id;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = api_wf_id(req, "id", &id, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	bool upheld = false;
	const char *resolution = NULL;
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_bool(&root, "upheld", JS_REQUIRED, &upheld, err);
	if (st == APP_OK)
		st = js_get_str(&root, "resolution", JS_OPTIONAL, MAX_COMMENT_CHARS, &resolution,
		                err);
	if (st == APP_OK)
		st = wf_objection_resolve(api_ctx(req)->store, &w.env, &w.who, id, upheld,
		                          resolution, err);
	json_decref(body);
	if (st != APP_OK)
		return st;
	struct flow_objection o;
	if ((st = store_objection_get(api_ctx(req)->store, id, &o, err)) != APP_OK)
		return st;
	return js_reply(resp, 200, objection_json(&o));
}
