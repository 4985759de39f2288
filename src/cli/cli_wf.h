/* cli_wf.h - what the workflow commands (batch, application, expert,
 * manage, targets) share: the acting user from --as/--user, the business
 * date from --today, the attachment directory from --files, and a few
 * parsers. The command line trusts its operator (whoever can open the
 * database file can change it anyway); --as only selects whose rules
 * apply, which is what the HTTP API enforces with real sign-in. */
#ifndef ZJTX_CLI_WF_H
#define ZJTX_CLI_WF_H

#include "app/workflow.h"
#include "cli/cli.h"

struct cli_wf {
	struct wf_actor who;
	struct wf_env env;
	char user[96];
	char scope[24];
	char today[11];
	char files[4096];
};

/* Fills w from ctx: --as ROLE[:SCOPE] (city, viewer, admin, security,
 * auditor; district:CODE-or-NAME; enterprise:USCC; expert:USERNAME;
 * default city), --user NAME (default cli:<login>; for experts the
 * username), --today (default the local date), --files (default
 * DB.files). On a bad value prints the reason and returns a non-zero exit
 * code. */
int cli_wf_setup(struct cli_ctx *ctx, const char *cmd, struct cli_wf *w);

/* A tier key or label; prints and returns non-zero if unknown. */
int cli_wf_tier(struct cli_ctx *ctx, const char *cmd, const char *text, enum tier *out);
/* A canonical date (accepts YYYY/MM/DD and 年月日); prints and returns
 * non-zero if invalid. */
int cli_wf_date(struct cli_ctx *ctx, const char *cmd, const char *what, const char *text,
                char out[11]);
/* A positive id. */
int cli_wf_id(struct cli_ctx *ctx, const char *cmd, const char *text, long *out);

/* "82.35" for a score in hundredths; "—" for -1. */
void cli_wf_score(long x100, char out[16]);

#endif
