/* t_audit.c - the SM3 hash chain of the audit log: known answer, append,
 * verify, and detection of edited and deleted rows. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit.h"
#include "test.h"

static void sm3_known_answers(void)
{
	char h[AUDIT_HASH_HEX + 1];
	/* GB/T 32905-2016 Appendix A example 1 */
	is_int(audit_sm3_hex("abc", 3, h, NULL), APP_OK, "SM3 available");
	is_str(h, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
	       "SM3(\"abc\")");
	/* example 2: "abcd" repeated 16 times */
	char m[65];
	for (int i = 0; i < 16; i++)
		memcpy(m + 4 * i, "abcd", 4);
	audit_sm3_hex(m, 64, h, NULL);
	is_str(h, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
	       "SM3(abcd x16)");
}

static void raw(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	sqlite3_open(path, &db);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		diag("raw sql failed: %s", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
}

static struct store *open_db(const char *path)
{
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(path, 0, &s, &e) != APP_OK)
		diag("open: %s", e.msg);
	return s;
}

static int count_row(void *ctx, const struct audit_row *r)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static void verify_path(const char *path, struct audit_verify_result *r)
{
	struct store *s = open_db(path);
	struct app_err e = {0};
	if (audit_verify(s, r, &e) != APP_OK)
		diag("verify: %s", e.msg);
	store_close(s);
}

static void chain(void)
{
	char path[] = "/tmp/zjtx-t-audit-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	struct store *s = open_db(path);
	struct audit_actor who = {"alice", "city", "10.0.0.1"};
	struct app_err e = {0};
	struct audit_verify_result r;
	ok(audit_verify(s, &r, &e) == APP_OK && r.entries == 0 && r.first_bad == 0,
	   "empty log verifies");
	is_str(r.head, "0000000000000000000000000000000000000000000000000000000000000000",
	       "empty head is 64 zeros");
	is_int(audit_append(s, &who, "enterprise.create", "enterprise", "915000002028133840", NULL,
	                    "{\"name\":\"甲\"}", &e),
	       APP_OK, "append outside a transaction");
	store_begin(s, &e);
	audit_append(s, &who, "enterprise.update", "enterprise", "915000002028133840",
	             "{\"name\":\"甲\"}", "{\"name\":\"乙\"}", &e);
	audit_append(s, &who, "user.disable", "user", "bob", "{\"disabled\":false}",
	             "{\"disabled\":true}", &e);
	store_commit(s, &e);
	store_begin(s, &e);
	audit_append(s, &who, "user.create", "user", "carol", NULL, "{}", &e);
	store_rollback(s, &e);
	ok(audit_verify(s, &r, &e) == APP_OK && r.entries == 3 && r.first_bad == 0,
	   "three committed entries verify (the rolled-back one is gone)");
	char head[AUDIT_HASH_HEX + 1];
	memcpy(head, r.head, sizeof head);
	long n = 0, total = 0;
	struct audit_filter f = {.entity = "enterprise", .entity_id = "915000002028133840"};
	store_audit_list(s, &f, count_row, &n, &total, &e);
	ok(n == 2 && total == 2, "list by entity finds its 2 entries");
	is_int(audit_append(s, &who, "x", "y", "z", NULL, NULL, &e), APP_OK, "fourth entry");
	ok(audit_verify(s, &r, &e) == APP_OK && strcmp(r.head, head) != 0,
	   "head moves with each entry");
	store_close(s);

	/* edit a row, as an attacker with the file would (dropping the guard first) */
	raw(path,
	    "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = '{\"name\":\"丙\"}' "
	    "WHERE seq = 2;");
	verify_path(path, &r);
	ok(r.first_bad == 2 && strstr(r.problem, "被修改"), "edited row 2 is found: %s", r.problem);

	/* re-hash the edited row too: then row 3's prev_hash no longer matches */
	char p2[] = "/tmp/zjtx-t-audit2-XXXXXX";
	fd = mkstemp(p2);
	close(fd);
	unlink(p2);
	s = open_db(p2);
	for (int i = 0; i < 3; i++)
		audit_append(s, &who, "a", "b", "c", NULL, NULL, &e);
	store_close(s);
	raw(p2, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;");
	verify_path(p2, &r);
	ok(r.first_bad == 2 && strstr(r.problem, "删除"), "deleted row 2 is found: %s", r.problem);

	/* the guard itself */
	s = open_db(p2);
	sqlite3 *db = NULL;
	sqlite3_open(p2, &db);
	ok(sqlite3_exec(db, "UPDATE audit_log SET actor = 'x'", NULL, NULL, NULL) != SQLITE_OK,
	   "UPDATE of audit_log is refused");
	sqlite3_close(db);
	store_close(s);
	unlink(path);
	unlink(p2);
}

int main(void)
{
	sm3_known_answers();
	chain();
	return test_done();
}
