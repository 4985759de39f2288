/* cmd_wfcommon.c - shared pieces of the workflow commands (see cli_wf.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli_filter.h"
#include "cli/cli_wf.h"
#include "core/uscc.h"

static const char *login_user(char *buf, size_t n)
{
	struct audit_actor a;
	audit_cli_actor(&a, buf, n);
	return buf;
}

int cli_wf_setup(struct cli_ctx *ctx, const char *cmd, struct cli_wf *w)
{
	struct app_err e = {0};
	memset(w, 0, sizeof *w);
	const char *as = ctx->as && *ctx->as ? ctx->as : "city";
	const char *colon = strchr(as, ':');
	size_t rn = colon ? (size_t)(colon - as) : strlen(as);
	const char *arg = colon ? colon + 1 : "";
	w->who.role = role_parse_n(as, rn);
	if (!w->who.role)
		return cli_fail(
		    ctx, cmd, APP_EINVAL,
		    "--as 角色 \"%.*s\" 无效;可选 city、district:区县、enterprise:信用代码、"
		    "expert:用户名、viewer、admin、security、auditor",
		    (int)rn, as);
	if (ctx->user && *ctx->user)
		snprintf(w->user, sizeof w->user, "%s", ctx->user);
	else
		login_user(w->user, sizeof w->user);
	switch (w->who.role) {
	case ROLE_DISTRICT:
		if (cli_filter_district(arg, w->scope, &e) != APP_OK)
			return cli_fail(ctx, cmd, APP_EINVAL, "--as district:区县 无效:%s", e.msg);
		w->who.district = w->scope;
		break;
	case ROLE_ENTERPRISE:
		if (uscc_check(arg, strlen(arg), w->scope, &e) != APP_OK)
			return cli_fail(ctx, cmd, APP_EINVAL, "--as enterprise:信用代码 无效:%s",
			                e.msg);
		w->who.uscc = w->scope;
		break;
	case ROLE_EXPERT:
		if (*arg)
			snprintf(w->user, sizeof w->user, "%s", arg);
		break;
	default:
		break;
	}
	w->who.user = w->user;
	w->who.ip = "";
	if (ctx->today) {
		if (cli_wf_date(ctx, cmd, "--today", ctx->today, w->today))
			return EXIT_USAGE;
	} else {
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		date_format(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, w->today);
	}
	if (ctx->files)
		snprintf(w->files, sizeof w->files, "%s", ctx->files);
	else
		snprintf(w->files, sizeof w->files, "%.4080s.files", ctx->db);
	w->env = (struct wf_env){w->today, w->files, false, 0};
	return EXIT_OK;
}

int cli_wf_tier(struct cli_ctx *ctx, const char *cmd, const char *text, enum tier *out)
{
	*out = tier_parse(strv_from(text ? text : ""));
	if (*out == TIER_NONE)
		return cli_fail(ctx, cmd, APP_EINVAL,
		                "梯度 \"%s\" 无效;可选 innovative(创新型)、srdi(专精特新)、"
		                "little_giant(小巨人)、champion(隐形冠军)、candidate(储备)",
		                text ? text : "");
	return EXIT_OK;
}

int cli_wf_date(struct cli_ctx *ctx, const char *cmd, const char *what, const char *text,
                char out[11])
{
	if (!text || !str_to_date(strv_from(text), out))
		return cli_fail(ctx, cmd, APP_EINVAL, "%s \"%s\" 不是有效日期(YYYY-MM-DD)", what,
		                text ? text : "");
	return EXIT_OK;
}

int cli_wf_id(struct cli_ctx *ctx, const char *cmd, const char *text, long *out)
{
	if (!text || !str_to_int_range(strv_from(text), 1, 2000000000L, out))
		return cli_fail(ctx, cmd, APP_EINVAL, "编号 \"%s\" 无效", text ? text : "");
	return EXIT_OK;
}

void cli_wf_score(long x100, char out[16])
{
	if (x100 < 0)
		snprintf(out, 16, "—");
	else
		snprintf(out, 16, "%d.%02d", (int)(x100 / 100 % 100000), (int)(x100 % 100));
}
