/* user.h - managing accounts: creation, changes, password resets, with
 * the rules of the security administrator's job and 等保 2.0 level 3.
 *
 * Rules:
 * - user names are 3-32 characters of a-z, 0-9, '_' and '.', starting with
 *   a letter; display names 1-USER_DISPLAY_MAX_CHARS characters;
 * - one role per account; a district user names a current district or a
 *   functional zone (its scope), an enterprise user a firm of the pool, and
 *   no other role carries either;
 * - 三员分立: the roles admin, security and auditor are fixed for the life
 *   of an account: no account moves into, out of or between them (create a
 *   new account instead), so no account ever holds two of the duties, even
 *   one after the other;
 * - nobody changes their own role or scope, or disables themselves;
 * - there is no default account: accounts start with a random initial
 *   password (shown once) that must be changed at the first sign-in, or
 *   with a password the operator types (command line), which is checked
 *   against the policy;
 * - disabling an account or resetting its password ends its sessions;
 * - every change is written to the audit log (entity "user", id = user id)
 *   in the same transaction. */
#ifndef ZJTX_USER_H
#define ZJTX_USER_H

#include <stdbool.h>

#include "app/audit.h"
#include "base/err.h"
#include "store/store.h"
#include "store/store_user.h"

#define USER_DISPLAY_MAX_CHARS      50 /* characters of a display name */
#define USER_INITIAL_PASSWORD_CHARS 16 /* length of a generated password */

/* A new account. district and uscc may be NULL or "" where not needed;
 * district is a code or a name (canonicalised to the code); display_name
 * NULL or "" means the user name. */
struct user_spec {
	const char *username;
	const char *display_name;
	enum role role;
	const char *district;
	const char *uscc;
};

/* Changes to an account; NULL / ROLE_NONE / -1 members keep the value. A
 * role change drops a district or firm the new role does not carry. */
struct user_patch {
	const char *display_name;
	enum role role;
	const char *district; /* "" = none */
	const char *uscc;     /* "" = none */
	int disabled;         /* -1 keep, 0 enable, 1 disable */
};

/* Writes a random password of USER_INITIAL_PASSWORD_CHARS characters that
 * passes the policy (upper, lower, digits, a symbol; no look-alike
 * characters) into out. APP_EIO if no randomness. */
enum app_status user_generate_password(char out[USER_INITIAL_PASSWORD_CHARS + 1],
                                       struct app_err *err);

/* Creates an account. password NULL: a random one is generated into
 * initial (may then not be NULL) and must_change is forced on; otherwise
 * password is checked against the policy and must_change is as given.
 * Fills *out (may be NULL). Errors: APP_EINVAL naming the field
 * ("/username", "/role", "/district", "/uscc", "/display_name",
 * "/password"), APP_ECONFLICT for a taken name, APP_EDB. */
enum app_status user_create(struct store *s, const struct audit_actor *who,
                            const struct user_spec *spec, const char *password, bool must_change,
                            struct user *out, char initial[USER_INITIAL_PASSWORD_CHARS + 1],
                            struct app_err *err);

/* Applies p to account id on behalf of actor_id (the signed-in user, 0 for
 * the command line). APP_ENOTFOUND, APP_EINVAL (rules above, field named),
 * APP_EPERM for changes to oneself that are not allowed. Fills *out. */
enum app_status user_update(struct store *s, const struct audit_actor *who, long actor_id, long id,
                            const struct user_patch *p, struct user *out, struct app_err *err);

/* Sets a new password for account id: password NULL generates one into
 * initial and sets must_change (a reset by the security administrator);
 * otherwise the policy applies and must_change is as given. Ends the
 * account's sessions. Fills *out (may be NULL). */
enum app_status user_set_password(struct store *s, const struct audit_actor *who, long id,
                                  const char *password, bool must_change, struct user *out,
                                  char initial[USER_INITIAL_PASSWORD_CHARS + 1],
                                  struct app_err *err);

/* The JSON text written to the audit log for an account (no hash). Caller
 * frees. */
char *user_audit_json(const struct user *u);

/* Canonical scope code of a district user's district: a current district
 * or a zone, by code or name. APP_EINVAL if neither. */
enum app_status user_district_code(const char *text, char out[8], struct app_err *err);

#endif
