/* t_auth.c - roles, the user store, account rules (三员分立), sign-in,
 * sessions with their idle and absolute limits on a fake clock, API
 * tokens, and the scope rules. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/password.h"
#include "app/scope.h"
#include "app/user.h"
#include "core/district.h"
#include "test.h"

static int64_t fake_now = 1800000000;
static int64_t clock_fn(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static struct store *mem(void)
{
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(":memory:", 0, &s, &e) != APP_OK)
		diag("open: %s", e.msg);
	return s;
}

static const struct audit_actor cli = {"cli:test", "", ""};

static void put_firm(struct store *s, const char *uscc, const char *district, const char *zone)
{
	struct enterprise e;
	memset(&e, 0, sizeof e);
	snprintf(e.uscc, sizeof e.uscc, "%s", uscc);
	snprintf(e.name, sizeof e.name, "测试企业%s", uscc + 10);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.zone, sizeof e.zone, "%s", zone);
	snprintf(e.industry, sizeof e.industry, "C3562");
	snprintf(e.contact, sizeof e.contact, "张三丰");
	snprintf(e.phone, sizeof e.phone, "13812345678");
	if (store_enterprise_put(s, &e, NULL, NULL) != APP_OK)
		diag("put firm %s failed", uscc);
}

/* Credit codes with their GB 32100-2015 check character. */
#define FIRM_A "91500106MA5U7TQX14" /* 500106 */
#define FIRM_B "91500107MA5U7TQX1J" /* 500107, zone GXQ */

static void roles(void)
{
	static const struct {
		const char *key;
		enum role r;
		bool duty;
		enum role_scope scope;
		bool personal;
	} cases[] = {
	    {"city", ROLE_CITY, false, SCOPE_ALL, true},
	    {"district", ROLE_DISTRICT, false, SCOPE_DISTRICT, true},
	    {"enterprise", ROLE_ENTERPRISE, false, SCOPE_FIRM, true},
	    {"expert", ROLE_EXPERT, false, SCOPE_NONE, false},
	    {"viewer", ROLE_VIEWER, false, SCOPE_ALL, false},
	    {"admin", ROLE_ADMIN, true, SCOPE_NONE, false},
	    {"security", ROLE_SECURITY, true, SCOPE_NONE, false},
	    {"auditor", ROLE_AUDITOR, true, SCOPE_NONE, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		is_int(role_parse(cases[i].key), cases[i].r, cases[i].key);
		is_str(role_key(cases[i].r), cases[i].key, "key round trip");
		is_int(role_parse(role_label(cases[i].r)), cases[i].r, "label parses");
		is_int(role_is_duty(cases[i].r), cases[i].duty, "duty");
		is_int(role_scope(cases[i].r), cases[i].scope, "scope");
		is_int(role_sees_personal(cases[i].r), cases[i].personal, "personal data");
	}
	is_int(role_parse("admin,auditor"), ROLE_NONE, "two roles are no role");
	is_int(role_parse("City"), ROLE_NONE, "keys are exact");
	is_int(role_parse(NULL), ROLE_NONE, "NULL");
	is_str(role_key(ROLE_COUNT), "", "out of range");
}

static void generated_passwords(void)
{
	char pw[USER_INITIAL_PASSWORD_CHARS + 1], prev[sizeof pw] = "";
	int pass = 0, distinct = 0;
	for (int i = 0; i < 200; i++) {
		user_generate_password(pw, NULL);
		pass += strlen(pw) == USER_INITIAL_PASSWORD_CHARS &&
		        password_policy_check(pw, "someone", NULL) == APP_OK &&
		        !strpbrk(pw, "0O1lI\"'\\ !?");
		distinct += strcmp(pw, prev) != 0;
		memcpy(prev, pw, sizeof pw);
	}
	is_int(pass, 200, "200 generated passwords pass the policy, no look-alikes or quotes");
	is_int(distinct, 200, "and differ");
}

static void store_users(void)
{
	struct store *s = mem();
	struct app_err e = {0};
	struct user u;
	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "alice");
	u.role = ROLE_DISTRICT;
	snprintf(u.password_hash, sizeof u.password_hash, "h");
	is_int(store_user_add(s, &u, &e), APP_EINVAL, "district user without district");
	snprintf(u.district, sizeof u.district, "500106");
	is_int(store_user_add(s, &u, &e), APP_OK, "add");
	ok(u.id > 0 && u.created_at[0], "id and times assigned");
	is_int(store_user_add(s, &u, &e), APP_ECONFLICT, "same name again: conflict");
	u.role = ROLE_CITY;
	is_int(store_user_update(s, &u, false, &e), APP_EINVAL, "city user with a district");
	u.district[0] = '\0';
	u.disabled = true;
	is_int(store_user_update(s, &u, false, &e), APP_OK, "update");
	struct user g;
	is_int(store_user_find(s, "alice", &g, &e), APP_OK, "find");
	ok(g.role == ROLE_CITY && g.disabled && !g.district[0], "updated fields read back");
	is_int(store_user_find(s, "ALICE", &g, &e), APP_ENOTFOUND, "names are case-sensitive");
	is_int(store_user_get(s, 999, &g, &e), APP_ENOTFOUND, "unknown id");
	g.id = 999;
	is_int(store_user_update(s, &g, false, &e), APP_ENOTFOUND, "update unknown id");
	struct session_row r = {0};
	snprintf(r.token_hash, sizeof r.token_hash, "%064d", 1);
	r.user_id = u.id;
	r.created_at = r.last_seen = 100;
	is_int(store_session_add(s, &r, &e), APP_OK, "session add");
	struct session_row r2;
	is_int(store_session_get(s, r.token_hash, &r2, &g, &e), APP_OK, "session get");
	ok(r2.id == r.id && g.id == u.id, "session joined with its user");
	is_int(store_session_get(s, "zz", &r2, &g, &e), APP_ENOTFOUND, "malformed hash: not found");
	is_int(store_session_touch(s, r.id, 150, &e), APP_OK, "touch");
	long n = -1;
	is_int(store_session_purge(s, 149, 0, &n, &e), APP_OK, "purge before 149");
	is_int(n, 0, "a session seen at 150 stays");
	store_session_purge(s, 151, 0, &n, &e);
	is_int(n, 1, "idle before 151: purged");
	struct api_token t = {.user_id = u.id, .write = true, .created_at = 5};
	snprintf(t.token_hash, sizeof t.token_hash, "%064d", 2);
	snprintf(t.name, sizeof t.name, "bot");
	is_int(store_token_add(s, &t, &e), APP_OK, "token add");
	struct api_token t2;
	is_int(store_token_get(s, t.token_hash, &t2, &g, &e), APP_OK, "token get");
	ok(t2.write && !t2.revoked_at && !t2.expires_at, "scope and open-ended");
	is_int(store_token_revoke(s, t.id, 77, &e), APP_OK, "revoke");
	is_int(store_token_revoke(s, t.id, 88, &e), APP_OK, "revoke twice");
	store_token_by_id(s, t.id, &t2, &e);
	is_int(t2.revoked_at, 77, "the first revocation time stays");
	is_int(store_token_revoke(s, 4242, 1, &e), APP_ENOTFOUND, "revoke unknown");
	store_close(s);
}

static long sign_in(struct auth *a, struct store *s, const char *user, const char *pw,
                    struct principal *p, char tok[CRYPTO_TOKEN_CHARS + 1], enum app_status *st)
{
	struct app_err e = {0};
	*st = auth_sign_in(a, s, user, pw, "10.0.0.1", tok, p, NULL, &e);
	return *st == APP_OK ? p->session_id : 0;
}

static void accounts_and_sessions(void)
{
	struct store *s = mem();
	put_firm(s, FIRM_A, "500106", "");
	struct app_err e = {0};
	struct user u;
	char initial[USER_INITIAL_PASSWORD_CHARS + 1];
	/* user names: both sides of each rule */
	static const struct {
		const char *name;
		enum app_status want;
	} names[] = {
	    {"ab", APP_EINVAL},
	    {"abc", APP_OK},
	    {"1abc", APP_EINVAL},
	    {"Abcd", APP_EINVAL},
	    {"a.b_c9", APP_OK},
	    {"a-b", APP_EINVAL},
	    {"a23456789012345678901234567890ab", APP_OK},      /* 32 */
	    {"a234567890123456789012345678901ab", APP_EINVAL}, /* 33 */
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct user_spec sp = {names[i].name, NULL, ROLE_VIEWER, NULL, NULL};
		char msg[80];
		snprintf(msg, sizeof msg, "user name \"%s\"", names[i].name);
		is_int(user_create(s, &cli, &sp, "Chongqing#2026", false, NULL, NULL, &e),
		       names[i].want, msg);
	}
	struct user_spec d = {"dist", "区县甲", ROLE_DISTRICT, "沙坪坝区", NULL};
	is_int(user_create(s, &cli, &d, NULL, false, &u, initial, &e), APP_OK, "district by name");
	is_str(u.district, "500106", "canonical code");
	ok(u.must_change && strlen(initial) == USER_INITIAL_PASSWORD_CHARS,
	   "generated password: must change");
	struct user_spec bad[] = {
	    {"dd2", NULL, ROLE_DISTRICT, "渝北区", NULL},               /* abolished 2025-11 */
	    {"dd3", NULL, ROLE_DISTRICT, NULL, NULL},                   /* missing */
	    {"dd4", NULL, ROLE_CITY, "500106", NULL},                   /* not a district user */
	    {"e1x", NULL, ROLE_ENTERPRISE, NULL, "91500000MA5U7TQX18"}, /* not in the pool */
	    {"e2x", NULL, ROLE_VIEWER, NULL, FIRM_A},                   /* not an enterprise user */
	};
	const char *fields[] = {"/district", "/district", "/district", "/uscc", "/uscc"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		app_err_clear(&e);
		enum app_status st =
		    user_create(s, &cli, &bad[i], "Chongqing#2026", false, NULL, NULL, &e);
		ok(st == APP_EINVAL && strcmp(e.field, fields[i]) == 0, "scope rule %zu: %s", i,
		   e.msg);
	}
	struct user_spec ent = {"firm1", NULL, ROLE_ENTERPRISE, NULL, FIRM_A};
	is_int(user_create(s, &cli, &ent, "Chongqing#2026", false, NULL, NULL, &e), APP_OK,
	       "enterprise user of a pooled firm");

	/* 三员分立: role changes, from × to */
	static const enum role all[] = {ROLE_CITY, ROLE_VIEWER, ROLE_ADMIN, ROLE_SECURITY,
	                                ROLE_AUDITOR};
	int checked = 0, right = 0;
	for (size_t i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof name, "role%zu", i);
		struct user_spec sp = {name, NULL, all[i], NULL, NULL};
		struct user v;
		user_create(s, &cli, &sp, "Chongqing#2026", false, &v, NULL, &e);
		for (size_t j = 0; j < 5; j++) {
			struct user_patch p = {.role = all[j], .disabled = -1};
			struct user before;
			store_user_get(s, v.id, &before, NULL);
			enum app_status st = user_update(s, &cli, 0, v.id, &p, NULL, &e);
			bool allowed = before.role == all[j] ||
			               (!role_is_duty(before.role) && !role_is_duty(all[j]));
			checked++;
			right += allowed ? st == APP_OK
			                 : (st == APP_EINVAL && !strcmp(e.field, "/role"));
		}
	}
	is_int(right, checked,
	       "三员分立: no account moves into, out of or between the three duties");
	struct user me;
	store_user_find(s, "dist", &me, NULL);
	struct user_patch own = {.role = ROLE_NONE, .district = "500107", .disabled = -1};
	is_int(user_update(s, &cli, me.id, me.id, &own, NULL, &e), APP_EPERM,
	       "nobody widens own scope");
	struct user_patch off = {.role = ROLE_NONE, .disabled = 1};
	is_int(user_update(s, &cli, me.id, me.id, &off, NULL, &e), APP_EPERM,
	       "nor disables itself");

	/* sign-in and sessions on a fake clock */
	struct auth_config cfg = {.idle_s = 100, .absolute_s = 1000, .now = clock_fn};
	struct auth *a = auth_new(&cfg);
	struct principal p;
	char tok[CRYPTO_TOKEN_CHARS + 1];
	enum app_status st;
	sign_in(a, s, "dist", "wrong-Pass-1", &p, tok, &st);
	is_int(st, APP_EAUTH, "wrong password");
	sign_in(a, s, "ghost", "wrong-Pass-1", &p, tok, &st);
	is_int(st, APP_EAUTH, "unknown user: the same answer");
	long sid = sign_in(a, s, "dist", initial, &p, tok, &st);
	ok(st == APP_OK && sid > 0 && strlen(tok) == CRYPTO_TOKEN_CHARS, "signed in");
	ok(p.user.must_change && !p.user.password_hash[0], "principal: must change, no hash");
	char csrf[AUTH_CSRF_CHARS + 1];
	auth_csrf(tok, csrf);
	is_str(p.csrf, csrf, "the CSRF token is derived from the session token");
	struct principal q;
	int64_t t0 = fake_now;
	fake_now = t0 + 100;
	is_int(auth_session(a, s, tok, "x", &q, &e), APP_OK, "idle exactly the limit: still valid");
	fake_now = t0 + 201;
	is_int(auth_session(a, s, tok, "x", &q, &e), APP_EAUTH, "idle one second longer: ended");
	is_int(auth_session(a, s, tok, "x", &q, &e), APP_EAUTH, "and deleted");
	sign_in(a, s, "dist", initial, &p, tok, &st);
	t0 = fake_now;
	for (int i = 1; i <= 10; i++) { /* busy: every 100 s for 1000 s */
		fake_now = t0 + 100 * i;
		if (auth_session(a, s, tok, "x", &q, &e) != APP_OK)
			diag("session ended early at %d", i);
	}
	fake_now = t0 + 1001;
	is_int(auth_session(a, s, tok, "x", &q, &e), APP_EAUTH,
	       "absolute limit ends a busy session");
	char first[CRYPTO_TOKEN_CHARS + 1];
	sign_in(a, s, "dist", initial, &p, first, &st);
	for (int i = 0; i < AUTH_SESSIONS_PER_USER; i++)
		sign_in(a, s, "dist", initial, &p, tok, &st);
	is_int(auth_session(a, s, first, "x", &q, &e), APP_EAUTH,
	       "the oldest of more than AUTH_SESSIONS_PER_USER sessions is ended");
	is_int(auth_session(a, s, tok, "x", &q, &e), APP_OK, "the newest stays");
	is_int(auth_change_password(a, s, &q, initial, "weak", NULL, &e), APP_EINVAL,
	       "policy applies");
	is_int(auth_change_password(a, s, &q, initial, initial, NULL, &e), APP_EINVAL,
	       "the same password again is refused");
	is_int(auth_change_password(a, s, &q, initial, "Chongqing#2026", NULL, &e), APP_OK,
	       "changed");
	ok(!q.user.must_change, "must_change cleared");

	/* disabling ends sessions */
	struct user_patch dis = {.role = ROLE_NONE, .disabled = 1};
	user_update(s, &cli, 0, me.id, &dis, NULL, &e);
	is_int(auth_session(a, s, tok, "x", &q, &e), APP_EAUTH, "disabled: the session is gone");
	sign_in(a, s, "dist", "Chongqing#2026", &p, tok, &st);
	is_int(st, APP_EAUTH, "disabled: cannot sign in");
	dis.disabled = 0;
	user_update(s, &cli, 0, me.id, &dis, NULL, &e);

	/* lockout after 5 failures, even for the right password */
	for (int i = 0; i < 5; i++)
		sign_in(a, s, "firm1", "Wrong-pass-9", &p, tok, &st);
	sign_in(a, s, "firm1", "Chongqing#2026", &p, tok, &st);
	is_int(st, APP_ETHROTTLED, "locked after 5 failures");

	/* tokens */
	long fid = sign_in(a, s, "dist", "Chongqing#2026", &p, tok, &st);
	ok(fid > 0, "signed in again");
	char bt[AUTH_TOKEN_CHARS + 1];
	struct api_token t;
	is_int(auth_token_create(a, s, &p, "bot", false, 1, bt, &t, &e), APP_OK, "token for 1 day");
	ok(strncmp(bt, AUTH_TOKEN_PREFIX, 5) == 0 && strlen(bt) == AUTH_TOKEN_CHARS,
	   "token format");
	is_int(auth_bearer(a, s, bt, "x", &q, &e), APP_OK, "bearer resolves");
	ok(q.via == AUTH_TOKEN && !q.token_write && q.user.role == ROLE_DISTRICT,
	   "owner's role, read scope");
	is_int(auth_token_create(a, s, &q, "x", false, 0, bt, &t, &e), APP_EPERM,
	       "a token cannot mint tokens");
	auth_token_create(a, s, &p, "bot", false, 1, bt, &t, &e);
	fake_now = t.created_at + 86399;
	is_int(auth_bearer(a, s, bt, "x", &q, &e), APP_OK, "valid one second before expiry");
	fake_now = t.created_at + 86400;
	is_int(auth_bearer(a, s, bt, "x", &q, &e), APP_EAUTH, "expired at expiry");
	fake_now = t.created_at;
	is_int(auth_token_revoke(a, s, &p, t.id, &t, &e), APP_OK, "revoke");
	is_int(auth_bearer(a, s, bt, "x", &q, &e), APP_EAUTH, "revoked");
	struct principal other = p;
	other.user.id = 4242;
	is_int(auth_token_revoke(a, s, &other, t.id, &t, &e), APP_ENOTFOUND,
	       "another user's token is not found");
	auth_free(a);
	store_close(s);
}

static void scope_rules(void)
{
	struct enterprise a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	snprintf(a.uscc, sizeof a.uscc, FIRM_A);
	snprintf(a.district, sizeof a.district, "500106");
	snprintf(b.uscc, sizeof b.uscc, FIRM_B);
	snprintf(b.district, sizeof b.district, "500107");
	snprintf(b.zone, sizeof b.zone, "GXQ");
	static const struct {
		enum role role;
		const char *district, *uscc;
		bool a, b;
	} cases[] = {
	    {ROLE_CITY, "", "", true, true},
	    {ROLE_VIEWER, "", "", true, true},
	    {ROLE_DISTRICT, "500106", "", true, false},
	    {ROLE_DISTRICT, "GXQ", "", false, true},
	    {ROLE_DISTRICT, "500107", "", false, true},
	    {ROLE_ENTERPRISE, "", FIRM_A, true, false},
	    {ROLE_EXPERT, "", "", false, false},
	    {ROLE_ADMIN, "", "", false, false},
	    {ROLE_SECURITY, "", "", false, false},
	    {ROLE_AUDITOR, "", "", false, false},
	    {ROLE_DISTRICT, "", "", false, false}, /* a district user without a district */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct principal p;
		memset(&p, 0, sizeof p);
		p.user.role = cases[i].role;
		snprintf(p.user.district, sizeof p.user.district, "%s", cases[i].district);
		snprintf(p.user.uscc, sizeof p.user.uscc, "%s", cases[i].uscc);
		ok(scope_sees_firm(&p, &a) == cases[i].a && scope_sees_firm(&p, &b) == cases[i].b,
		   "scope case %zu (%s %s)", i, role_key(cases[i].role), cases[i].district);
		struct store_filter f = {0};
		bool any = scope_filter(&p, &f);
		ok(any == (cases[i].a || cases[i].b),
		   "filter reaches firms iff the role does (%zu)", i);
	}
	struct principal v = {.user = {.role = ROLE_VIEWER}};
	snprintf(a.contact, sizeof a.contact, "张三丰");
	snprintf(a.phone, sizeof a.phone, "13812345678");
	struct enterprise m = a;
	scope_mask(&v, &m);
	ok(!strcmp(m.contact, "张**") && !strcmp(m.phone, "138****5678"), "viewer: masked");
	struct principal c = {.user = {.role = ROLE_CITY}};
	m = a;
	scope_mask(&c, &m);
	ok(!strcmp(m.phone, "13812345678"), "city: unmasked");
	struct principal d = {.user = {.role = ROLE_DISTRICT, .district = "500106"}};
	ok(scope_covers(&d, "500106", "") && !scope_covers(&d, "500107", "GXQ") &&
	       scope_covers(&(struct principal){.user = {.role = ROLE_DISTRICT, .district = "GXQ"}},
	                    "500107", "GXQ"),
	   "covers: district or zone");
}

int main(void)
{
	district_init();
	roles();
	generated_passwords();
	store_users();
	accounts_and_sessions();
	scope_rules();
	return test_done();
}
