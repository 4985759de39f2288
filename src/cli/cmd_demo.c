/* cmd_demo.c - `zjtx demo`: build the synthetic demo city. */
#include <getopt.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/demo.h"
#include "cli/cli.h"

static bool db_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && st.st_size > 0;
}

static void remove_db(const char *path)
{
	char aux[4096];
	unlink(path);
	snprintf(aux, sizeof aux, "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	unlink(aux);
}

/* The demo accounts (app/demo.h), printed once and saved to file (default
 * demo-accounts.json beside the database, mode 0600). */
static int demo_make_accounts(struct cli_ctx *ctx, struct store *s, const struct audit_actor *who,
                              const char *file)
{
	char def[4096], dir[4096];
	if (!file) {
		snprintf(dir, sizeof dir, "%s", ctx->db);
		snprintf(def, sizeof def, "%s/demo-accounts.json", dirname(dir));
		file = def;
	}
	struct demo_account acc[DEMO_ACCOUNTS];
	size_t n = 0;
	struct app_err e = {0};
	if (demo_accounts(s, who, acc, &n, &e) != APP_OK ||
	    demo_accounts_save(file, acc, n, &e) != APP_OK)
		return cli_fail_err(ctx, "demo", &e);
	cli_print_accounts(ctx, acc, n, file);
	memset(acc, 0, sizeof acc);
	return EXIT_OK;
}

int cmd_demo(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"enterprises", required_argument, NULL, 'n'},
	                                     {"seed", required_argument, NULL, 's'},
	                                     {"force", no_argument, NULL, 'f'},
	                                     {"accounts-file", required_argument, NULL, 'a'},
	                                     {"no-accounts", no_argument, NULL, 'N'},
	                                     {NULL, 0, NULL, 0}};
	const char *accounts_file = NULL;
	bool accounts = true;
	struct demo_options o;
	demo_defaults(&o);
	bool force = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		long v;
		int64_t seed;
		switch (c) {
		case 'n':
			if (!str_to_int_range(strv_from(optarg), 1, 10000000, &v))
				return cli_fail(ctx, "demo", APP_EINVAL,
				                "--enterprises 应为 1-10000000");
			o.enterprises = v;
			break;
		case 's':
			if (!str_to_i64(strv_from(optarg), &seed))
				return cli_fail(ctx, "demo", APP_EINVAL, "--seed 应为整数");
			o.seed = (uint64_t)seed;
			break;
		case 'f':
			force = true;
			break;
		case 'a':
			accounts_file = optarg;
			break;
		case 'N':
			accounts = false;
			break;
		default:
			return cli_usage(ctx, cli_find("demo"), false);
		}
	}
	if (optind != argc)
		return cli_usage(ctx, cli_find("demo"), false);
	if (db_exists(ctx->db)) {
		if (!force)
			return cli_fail(
			    ctx, "demo", APP_ECONFLICT,
			    "数据库 %s 已存在;演示数据只写入新库,如确要清空重建请加 --force",
			    ctx->db);
		remove_db(ctx->db);
	}
	struct store *s = NULL;
	struct app_err e = {0};
	struct demo_stats st;
	char files[4096];
	snprintf(files, sizeof files, "%s.files", ctx->db);
	o.files_dir = ctx->files ? ctx->files : files;
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK || demo_build(s, &o, &st, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "demo", &e);
		goto out;
	}
	struct audit_actor who;
	char login[96], after[256];
	audit_cli_actor(&who, login, sizeof login);
	snprintf(after, sizeof after,
	         "{\"enterprises\":%ld,\"annual_rows\":%ld,\"tier_events\":%ld,\"seed\":%llu,"
	         "\"applications\":%ld,\"monthly_reports\":%ld}",
	         st.enterprises, st.annual_rows, st.tier_events, (unsigned long long)o.seed,
	         st.flow.applications, st.monthly_reports);
	if (audit_append(s, &who, "demo.build", "database", "demo", NULL, after, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "demo", &e);
		goto out;
	}
	fprintf(
	    ctx->out,
	    "演示城市已生成: %s\n  企业 %ld 家,年度数据 %ld 行,梯度记录 %ld 条\n"
	    "  隐形冠军 %ld,小巨人 %ld,专精特新 %ld,创新型 %ld,储备 %ld,无梯度 %ld\n"
	    "  月报 %ld 份(逾期 %ld,应报未报 %ld;单位错误 %ld,其中已更正 %ld;确认警告 %ld 项)\n",
	    ctx->db, st.enterprises, st.annual_rows, st.tier_events, st.by_tier[TIER_CHAMPION],
	    st.by_tier[TIER_LITTLE_GIANT], st.by_tier[TIER_SRDI], st.by_tier[TIER_INNOVATIVE],
	    st.by_tier[TIER_CANDIDATE], st.by_tier[TIER_NONE], st.monthly_reports, st.monthly_late,
	    st.monthly_missing, st.monthly_slips, st.monthly_corrections, st.monthly_warnings);
	fprintf(ctx->out, "  专家 %ld 名,申报批次 %ld 个,申请 %ld 份(", st.flow.experts,
	        st.flow.batches, st.flow.applications);
	for (int k = FS_DRAFT; k < FS_COUNT; k++)
		fprintf(ctx->out, "%s%s %ld", k > FS_DRAFT ? "," : "",
		        flow_state_label((enum flow_state)k), st.flow.by_state[k]);
	fprintf(ctx->out, "),公示异议 %ld 条,培育目标 %ld 项;业务日期 %s,附件目录 %s\n",
	        st.flow.objections, st.flow.targets, o.today, o.files_dir);
	if (accounts)
		rc = demo_make_accounts(ctx, s, &who, accounts_file);
out:
	store_close(s);
	return rc;
}
