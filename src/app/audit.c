/* audit.c - the SM3 hash chain over the audit log (see audit.h). */
#include "audit.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/crypto.h"
#include "base/buf.h"

enum { AUDIT_CANON_MAX = 16 * 1024 * 1024 }; /* bytes of one canonical entry */

enum app_status audit_sm3_hex(const void *data, size_t n, char out[AUDIT_HASH_HEX + 1],
                              struct app_err *err)
{
	uint8_t md[CRYPTO_DIGEST_BYTES];
	enum app_status st = crypto_sm3(data, n, md, err);
	if (st == APP_OK)
		crypto_hex(md, sizeof md, out);
	return st;
}

/* Each field as "<length>:<bytes>" (NULL as "-1:"), so no two different
 * rows share a canonical form. */
static void put_field(struct buf *b, const char *v)
{
	if (!v) {
		buf_puts(b, "-1:");
		return;
	}
	buf_printf(b, "%zu:", strlen(v));
	buf_puts(b, v);
}

enum app_status audit_row_hash(const struct audit_row *r, char out[AUDIT_HASH_HEX + 1],
                               struct app_err *err)
{
	struct buf b;
	buf_init(&b, AUDIT_CANON_MAX);
	buf_printf(&b, "zjtx-audit-v1|%ld|", r->seq);
	const char *fields[] = {r->time,   r->actor,     r->role,   r->ip,    r->action,
	                        r->entity, r->entity_id, r->before, r->after, r->prev_hash};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		put_field(&b, fields[i]);
	enum app_status st = b.len >= b.max ? app_err_set(err, APP_ETOOLARGE, "审计记录过大")
	                                    : audit_sm3_hex(b.p, b.len, out, err);
	buf_free(&b);
	return st;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

enum app_status audit_append(struct store *s, const struct audit_actor *who, const char *action,
                             const char *entity, const char *entity_id, const char *before,
                             const char *after, struct app_err *err)
{
	bool own = !store_in_transaction(s);
	enum app_status st = APP_OK;
	if (own && (st = store_begin(s, err)) != APP_OK)
		return st;
	struct audit_row r;
	memset(&r, 0, sizeof r);
	long last = 0;
	if ((st = store_audit_last(s, &last, r.prev_hash, err)) != APP_OK)
		goto out;
	r.seq = last + 1;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(r.time, sizeof r.time, "%Y-%m-%d %H:%M:%S", &tm);
	copy(r.actor, sizeof r.actor, who ? who->user : "system");
	copy(r.role, sizeof r.role, who ? who->role : "");
	copy(r.ip, sizeof r.ip, who ? who->ip : "");
	copy(r.action, sizeof r.action, action);
	copy(r.entity, sizeof r.entity, entity);
	copy(r.entity_id, sizeof r.entity_id, entity_id);
	r.before = (char *)before;
	r.after = (char *)after;
	if ((st = audit_row_hash(&r, r.hash, err)) != APP_OK)
		goto out;
	st = store_audit_insert(s, &r, err);
out:
	if (own)
		st = st == APP_OK ? store_commit(s, err) : (store_rollback(s, NULL), st);
	return st;
}

struct verify_ctx {
	struct audit_verify_result *res;
	struct app_err *err;
	enum app_status st;
	char prev[AUDIT_HASH_HEX + 1];
};

static int verify_row(void *vctx, const struct audit_row *r)
{
	struct verify_ctx *v = vctx;
	struct audit_verify_result *res = v->res;
	char h[AUDIT_HASH_HEX + 1];
	long want = res->entries + 1;
	res->entries++;
	if (r->seq != want) {
		res->first_bad = want;
		snprintf(res->problem, sizeof res->problem,
		         "第 %ld 条缺失(下一条为第 %ld 条):记录被删除", want, r->seq);
		return 1;
	}
	if (strcmp(r->prev_hash, v->prev) != 0) {
		res->first_bad = r->seq;
		snprintf(res->problem, sizeof res->problem, "第 %ld 条的前序哈希与第 %ld 条不符",
		         r->seq, r->seq - 1);
		return 1;
	}
	if ((v->st = audit_row_hash(r, h, v->err)) != APP_OK)
		return 1;
	if (strcmp(h, r->hash) != 0) {
		res->first_bad = r->seq;
		snprintf(res->problem, sizeof res->problem, "第 %ld 条内容与其哈希不符:记录被修改",
		         r->seq);
		return 1;
	}
	memcpy(v->prev, r->hash, sizeof v->prev);
	return 0;
}

enum app_status audit_verify(struct store *s, struct audit_verify_result *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	struct verify_ctx v = {.res = out, .err = err, .st = APP_OK};
	memset(v.prev, '0', AUDIT_HASH_HEX);
	v.prev[AUDIT_HASH_HEX] = '\0';
	struct audit_filter f = {0};
	enum app_status st = store_audit_list(s, &f, verify_row, &v, NULL, err);
	if (st == APP_OK)
		st = v.st;
	memcpy(out->head, v.prev, sizeof out->head);
	return st;
}

void audit_cli_actor(struct audit_actor *a, char *buf, size_t n)
{
	const char *login = getenv("SUDO_USER");
	struct passwd *pw = login ? NULL : getpwuid(getuid());
	if (!login)
		login = pw && pw->pw_name ? pw->pw_name : "unknown";
	snprintf(buf, n, "cli:%s", login);
	a->user = buf;
	a->role = "";
	a->ip = "";
}
