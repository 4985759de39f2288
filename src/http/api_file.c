/* api_file.c - files: CSV and XLSX exports of the lists, CSV and XLSX
 * imports (raw body or multipart/form-data), blank import templates. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api_int.h"
#include "app/audit.h"
#include "app/scope.h"
#include "base/str.h"
#include "http/multipart.h"
#include "io/export.h"
#include "io/import.h"
#include "io/template.h"

#define XLSX_TYPE API_XLSX_TYPE

static const char *tmp_root(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

enum app_status api_temp_dir(char out[PATH_MAX], struct app_err *err)
{
	snprintf(out, PATH_MAX, "%s/zjtx-XXXXXX", tmp_root());
	if (!mkdtemp(out))
		return app_err_set(err, APP_EIO, "无法创建临时目录");
	return APP_OK;
}

enum app_status api_take_file(const char *dir, const char *path, int *fd, uint64_t *size,
                              struct app_err *err)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool ok = *fd >= 0 && fstat(*fd, &st) == 0;
	unlink(path);
	rmdir(dir);
	if (!ok) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return app_err_set(err, APP_EIO, "无法读取生成的文件");
	}
	*size = (uint64_t)st.st_size;
	return APP_OK;
}

void api_dated_name(char *out, size_t n, const char *stem, const char *ext)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	snprintf(out, n, "%s-%04d%02d%02d.%s", stem, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	         ext);
}

static bool masked(struct http_req *req)
{
	return !role_sees_personal(api_ctx(req)->p.user.role);
}

/* ---- CSV ---- */

static enum app_status fd_write(void *ctx, const char *p, size_t n)
{
	int fd = *(int *)ctx;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return APP_EIO;
		p += w;
		n -= (size_t)w;
	}
	return APP_OK;
}

/* Writes an export into an anonymous temporary file and answers with it. */
static enum app_status csv_answer(struct http_req *req, struct http_resp *resp, bool annual,
                                  int year, const struct store_filter *f, struct app_err *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/zjtx-export-XXXXXX", tmp_root());
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return app_err_set(err, APP_EIO, "无法创建临时文件");
	unlink(path);
	struct export_sink sink = {fd_write, &fd};
	struct export_options opt = {.mask_personal = masked(req)};
	struct store *s = api_ctx(req)->store;
	enum app_status st = annual ? export_annual_csv(s, f, year, &opt, &sink, err)
	                            : export_enterprises_csv(s, f, &opt, &sink, err);
	off_t size = st == APP_OK ? lseek(fd, 0, SEEK_CUR) : -1;
	if (st == APP_OK && (size < 0 || lseek(fd, 0, SEEK_SET) != 0))
		st = app_err_set(err, APP_EIO, "无法读取生成的文件");
	if (st != APP_OK) {
		close(fd);
		return st;
	}
	char name[64];
	api_dated_name(name, sizeof name, annual ? "年度数据" : "企业名录", "csv");
	api_attachment(resp, "text/csv; charset=utf-8", fd, (uint64_t)size,
	               annual ? "annual.csv" : "enterprises.csv", name);
	return APP_OK;
}

enum app_status api_send_bytes(struct http_resp *resp, const char *ctype, const char *data,
                               size_t n, const char *ascii_name, const char *utf8_name,
                               struct app_err *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/zjtx-export-XXXXXX", tmp_root());
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return app_err_set(err, APP_EIO, "无法创建临时文件");
	unlink(path);
	if (fd_write(&fd, data, n) != APP_OK || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return app_err_set(err, APP_EIO, "无法写入临时文件");
	}
	api_attachment(resp, ctype, fd, n, ascii_name, utf8_name);
	return APP_OK;
}

static enum app_status year_query(const struct http_req *req, int *year, struct app_err *err)
{
	const char *v = http_req_query(req, "year");
	long y = 0;
	if (v && *v && !str_to_int_range(strv_from(v), 1900, 2999, &y))
		return api_bad_param(err, "year", "年度应为 1900-2999 之间的四位年份");
	*year = (int)y;
	return APP_OK;
}

API_HANDLER(api_export_firms_csv)
{
	struct api_filter af;
	enum app_status st = api_filter(req, &af, err);
	return st == APP_OK ? csv_answer(req, resp, false, 0, &af.f, err) : st;
}

API_HANDLER(api_export_annual_csv)
{
	struct api_filter af;
	int year = 0;
	enum app_status st = api_filter(req, &af, err);
	if (st == APP_OK)
		st = year_query(req, &year, err);
	return st == APP_OK ? csv_answer(req, resp, true, year, &af.f, err) : st;
}

/* ---- XLSX ---- */

static enum app_status xlsx_answer(struct http_req *req, struct http_resp *resp, bool annual,
                                   int year, const struct store_filter *f, struct app_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	enum app_status st = api_temp_dir(dir, err);
	if (st != APP_OK)
		return st;
	snprintf(path, sizeof path, "%s/x.xlsx", dir);
	struct export_options opt = {.mask_personal = masked(req)};
	struct store *s = api_ctx(req)->store;
	st = annual ? export_annual_xlsx(s, f, year, &opt, path, err)
	            : export_enterprises_xlsx(s, f, &opt, path, err);
	int fd = -1;
	uint64_t size = 0;
	if (st == APP_OK)
		st = api_take_file(dir, path, &fd, &size, err);
	if (st != APP_OK) {
		unlink(path);
		rmdir(dir);
		return st;
	}
	char name[64];
	api_dated_name(name, sizeof name, annual ? "年度数据" : "企业名录", "xlsx");
	api_attachment(resp, XLSX_TYPE, fd, size, annual ? "annual.xlsx" : "enterprises.xlsx",
	               name);
	return APP_OK;
}

API_HANDLER(api_export_firms_xlsx)
{
	struct api_filter af;
	enum app_status st = api_filter(req, &af, err);
	return st == APP_OK ? xlsx_answer(req, resp, false, 0, &af.f, err) : st;
}

API_HANDLER(api_export_annual_xlsx)
{
	struct api_filter af;
	int year = 0;
	enum app_status st = api_filter(req, &af, err);
	if (st == APP_OK)
		st = year_query(req, &year, err);
	return st == APP_OK ? xlsx_answer(req, resp, true, year, &af.f, err) : st;
}

API_HANDLER(api_template)
{
	enum template_kind k;
	const char *v = http_req_param(req, "kind");
	if (!v || !template_parse(v, &k))
		return app_err_set(err, APP_ENOTFOUND,
		                   "没有模板 %s；可选 enterprises、annual、monthly", v ? v : "");
	char dir[PATH_MAX], path[PATH_MAX + 16];
	enum app_status st = api_temp_dir(dir, err);
	if (st != APP_OK)
		return st;
	snprintf(path, sizeof path, "%s/t.xlsx", dir);
	int fd = -1;
	uint64_t size = 0;
	st = template_write(k, path, err);
	if (st == APP_OK)
		st = api_take_file(dir, path, &fd, &size, err);
	if (st != APP_OK) {
		unlink(path);
		rmdir(dir);
		return st;
	}
	char name[64];
	snprintf(name, sizeof name, "%s导入模板.xlsx", template_sheet(k));
	api_attachment(resp, XLSX_TYPE, fd, size,
	               k == TEMPLATE_ENTERPRISES ? "enterprises-template.xlsx"
	               : k == TEMPLATE_ANNUAL    ? "annual-template.xlsx"
	                                         : "monthly-template.xlsx",
	               name);
	http_resp_header(resp, "Cache-Control", "no-cache");
	return APP_OK;
}

/* ---- imports ---- */

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

enum app_status api_read_upload(struct http_req *req, struct api_upload *u, struct app_err *err)
{
	const char *ct = http_req_header(req, "Content-Type");
	memset(u, 0, sizeof *u);
	u->filename = "";
	const char *type = ct ? ct : "";
	if (ct && strncasecmp(ct, "multipart/", 10) == 0) {
		char boundary[71];
		struct multipart_part part;
		enum app_status st = multipart_boundary(ct, boundary, err);
		if (st == APP_OK)
			st = multipart_find(req->body, req->body_len, boundary, "file", req->arena,
			                    &part, err);
		if (st == APP_ENOTFOUND) {
			app_err_field(err, "file");
			return app_err_set(err, APP_EINVAL, "表单中缺少文件字段 file");
		}
		if (st != APP_OK)
			return st;
		u->data = part.data;
		u->len = part.len;
		u->filename = part.filename;
		type = part.content_type;
	} else {
		u->data = req->body;
		u->len = req->body_len;
		const char *fn = http_req_query(req, "filename");
		u->filename = fn ? fn : "";
	}
	if (!u->len) {
		app_err_field(err, "file");
		return app_err_set(err, APP_EINVAL, "上传的文件为空");
	}
	if (ends_with(u->filename, ".xls") || ends_with(u->filename, ".et")) {
		app_err_field(err, "file");
		return app_err_set(err, APP_EINVAL,
		                   "不支持旧版 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 或 CSV");
	}
	u->xlsx = ends_with(u->filename, ".xlsx") || ends_with(u->filename, ".xlsm") ||
	          strncasecmp(type, XLSX_TYPE, strlen(XLSX_TYPE)) == 0 ||
	          (u->len >= 4 && memcmp(u->data, "PK\x03\x04", 4) == 0);
	return APP_OK;
}

struct import_audit {
	const struct principal *p;
	char file[64];
	char sm3[AUDIT_HASH_HEX + 1];
};

static enum app_status import_audit(void *ctx, struct store *s, const struct import_report *rep,
                                    struct app_err *e)
{
	struct import_audit *ia = ctx;
	struct audit_actor who;
	auth_actor(ia->p, &who);
	json_t *after =
	    json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "file", ia->file, "sm3", ia->sm3,
	              "encoding", rep->encoding, "rows", (json_int_t)rep->rows, "created",
	              (json_int_t)rep->created, "updated", (json_int_t)rep->updated);
	char *text = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char action[48];
	snprintf(action, sizeof action, "import.%s", import_kind_key(rep->kind));
	enum app_status st = audit_append(s, &who, action, "import", ia->file, NULL, text, e);
	free(text);
	json_decref(after);
	return st;
}

static json_t *ignored_json(const char *list)
{
	json_t *a = json_array();
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		struct strv v = strv_trim((struct strv){p, n});
		if (v.n)
			json_array_append_new(a, json_stringn(v.p, v.n));
		p += n + (p[n] == ',');
	}
	return a;
}

static json_t *errors_json(const struct import_report *rep)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct import_error *ie = &rep->errors[i];
		char text[1024];
		import_error_format(rep, ie, text, sizeof text);
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(ie->line));
		json_object_set_new(o, "col", json_integer(ie->col));
		json_object_set_new(o, "column", api_str(ie->column));
		json_object_set_new(o, "value", api_str(ie->value));
		json_object_set_new(o, "message", api_str(ie->msg));
		json_object_set_new(o, "text", api_str(text));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *report_json(const struct import_report *rep, bool dry_run)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(import_kind_key(rep->kind)));
	json_object_set_new(o, "committed", json_boolean(rep->committed));
	json_object_set_new(o, "dry_run", json_boolean(dry_run));
	json_object_set_new(o, "rows", json_integer(rep->rows));
	json_object_set_new(o, "encoding", json_string(rep->encoding));
	if (rep->error_count) {
		json_object_set_new(o, "error_count", json_integer(rep->error_count));
		json_object_set_new(o, "errors", errors_json(rep));
	} else {
		json_object_set_new(o, "created", json_integer(rep->created));
		json_object_set_new(o, "updated", json_integer(rep->updated));
	}
	json_object_set_new(o, "ignored", ignored_json(rep->ignored));
	return o;
}

enum app_status api_flag_query(const struct http_req *req, const char *name, bool *out,
                               struct app_err *err)
{
	const char *v = http_req_query(req, name);
	*out = false;
	if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return APP_OK;
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return APP_OK;
	}
	return api_bad_param(err, name, "应为 0 或 1");
}

API_HANDLER(api_import)
{
	const char *k = http_req_param(req, "kind");
	enum import_kind kind = k ? import_kind_parse(k) : 0;
	if (kind != IMPORT_ENTERPRISES && kind != IMPORT_ANNUAL) /* monthly: its own route (F4) */
		return app_err_set(err, APP_ENOTFOUND, "未知导入类型 %s；可选 enterprises、annual",
		                   k ? k : "");
	bool dry = false;
	struct api_upload up;
	enum app_status st = api_flag_query(req, "dry_run", &dry, err);
	if (st == APP_OK)
		st = api_read_upload(req, &up, err);
	if (st != APP_OK)
		return st;
	struct api_req *ar = api_ctx(req);
	struct import_audit ia = {.p = &ar->p};
	const char *fn = up.filename[0] && utf8_valid(up.filename, strlen(up.filename))
	                     ? up.filename
	                     : (up.xlsx ? "upload.xlsx" : "upload.csv");
	str_copy(ia.file, sizeof ia.file, fn, strlen(fn));
	if ((st = audit_sm3_hex(up.data, up.len, ia.sm3, err)) != APP_OK)
		return st;
	struct import_options opt = {
	    .actor = ar->p.user.username,
	    .dry_run = dry,
	    .sheet = http_req_query(req, "sheet"),
	    .scope_district =
	        role_scope(ar->p.user.role) == SCOPE_DISTRICT ? ar->p.user.district : NULL,
	    .before_commit = import_audit,
	    .before_commit_ctx = &ia,
	};
	if (opt.sheet && !*opt.sheet)
		opt.sheet = NULL;
	struct import_report rep;
	import_report_init(&rep);
	struct app_err ie = {0};
	st = up.xlsx ? import_xlsx_mem(ar->store, kind, up.data, up.len, &opt, &rep, &ie)
	             : import_csv_mem(ar->store, kind, up.data, up.len, &opt, &rep, &ie);
	if (st == APP_OK || (st == APP_EINVAL && rep.error_count)) {
		int status = st == APP_OK ? 200 : 422;
		st = js_reply(resp, status, report_json(&rep, dry));
	} else {
		*err = ie;
		if (st == APP_EINVAL || st == APP_ETOOLARGE || st == APP_ENOTFOUND) {
			app_err_field(err, "file");
			if (st == APP_ENOTFOUND) /* a sheet that does not exist */
				st = APP_EINVAL;
		}
	}
	import_report_free(&rep);
	return st;
}
