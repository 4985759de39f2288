/* cmd_audit.c - `zjtx audit verify|list`, and the audit entry the command
 * line writes for its own changes. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "app/audit.h"
#include "cli/cli.h"

enum app_status cli_audit_import(void *ctx, struct store *s, const struct import_report *rep,
                                 struct app_err *e)
{
	const char *path = ctx;
	struct audit_actor who;
	char login[96];
	audit_cli_actor(&who, login, sizeof login);
	json_t *after = json_pack("{s:s, s:s, s:I, s:I, s:I}", "file", path, "encoding",
	                          rep->encoding, "rows", (json_int_t)rep->rows, "created",
	                          (json_int_t)rep->created, "updated", (json_int_t)rep->updated);
	char *text = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char action[48];
	snprintf(action, sizeof action, "import.%s", import_kind_key(rep->kind));
	const char *base = strrchr(path, '/');
	enum app_status st =
	    audit_append(s, &who, action, "import", base ? base + 1 : path, NULL, text, e);
	free(text);
	json_decref(after);
	return st;
}

static int audit_verify_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"expect-head", required_argument, NULL, 'e'},
	                                     {NULL, 0, NULL, 0}};
	const char *expect = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'e')
			return cli_usage(ctx, cli_find("audit"), false);
		expect = optarg;
	}
	struct store *s = NULL;
	struct app_err e = {0};
	struct audit_verify_result r;
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK || audit_verify(s, &r, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "audit", &e);
		goto out;
	}
	if (r.first_bad) {
		rc = cli_fail(ctx, "audit", APP_EINVAL, "审计链校验失败:%s(已校验 %ld 条)",
		              r.problem, r.entries);
		goto out;
	}
	if (expect && strcmp(expect, r.head) != 0) {
		rc =
		    cli_fail(ctx, "audit", APP_EINVAL,
		             "审计链末端哈希 %s 与预期 %s 不符:末尾记录可能被删除", r.head, expect);
		goto out;
	}
	fprintf(ctx->out, "审计链完好:共 %ld 条,末端哈希 %s\n", r.entries, r.head);
out:
	store_close(s);
	return rc;
}

static int print_row(void *vctx, const struct audit_row *r)
{
	struct cli_ctx *ctx = vctx;
	fprintf(ctx->out, "%ld\t%s\t%s\t%s\t%s\t%s:%s\t%s\n", r->seq, r->time, r->actor, r->ip,
	        r->action, r->entity, r->entity_id, r->after ? r->after : "");
	return 0;
}

static int audit_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"entity", required_argument, NULL, 'e'},
	                                     {"id", required_argument, NULL, 'i'},
	                                     {"actor", required_argument, NULL, 'a'},
	                                     {"limit", required_argument, NULL, 'l'},
	                                     {NULL, 0, NULL, 0}};
	struct audit_filter f = {.desc = true, .limit = 50};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			f.entity = optarg;
		else if (c == 'i')
			f.entity_id = optarg;
		else if (c == 'a')
			f.actor = optarg;
		else if (c == 'l' && str_to_int_range(strv_from(optarg), 0, 1000000, &f.limit))
			;
		else
			return cli_usage(ctx, cli_find("audit"), false);
	}
	struct store *s = NULL;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    store_audit_list(s, &f, print_row, ctx, NULL, &e) != APP_OK)
		rc = cli_fail_err(ctx, "audit", &e);
	store_close(s);
	return rc;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify_cmd(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return audit_list_cmd(ctx, argc - 1, argv + 1);
	return cli_usage(ctx, cli_find("audit"), false);
}
