/* cmd_serve.c - `zjtx serve`: the HTTP API and the web UI. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo.h"
#include "cli/cli.h"
#include "http/api.h"
#include "http/server.h"
#include "store/store_user.h"

/* Worker threads by default: 2 per core, at least 4. Each worker serves
 * the connections it accepted, one request at a time, and a sign-in holds
 * its worker for one argon2id hash (~0.2 s; at most PASSWORD_MAX_CONCURRENT
 * = 2 hash at once, others wait for a slot). With 4 workers on 2 cores, two
 * sign-ins hashing at once still leave two workers for everybody else,
 * while the API itself needs only the cores: a firm lookup is ~30 µs of
 * CPU. More workers than that only add context switches: with
 * bench/http.sh on 2 cores, 6 workers gave no more throughput than 4 and
 * longer tails. */
static unsigned default_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long n = 2 * (cpus < 1 ? 1 : cpus);
	if (n < 4)
		n = 4;
	return (unsigned)(n > MAX_HTTP_THREADS ? MAX_HTTP_THREADS : n);
}

/* $(BUILD)/web beside the binary ($(BUILD)/zjtx), if built. */
static bool default_web(char out[PATH_MAX])
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	snprintf(out, PATH_MAX, "%s/web", dirname(exe));
	char index[PATH_MAX + 16];
	snprintf(index, sizeof index, "%s/index.html", out);
	struct stat st;
	return stat(index, &st) == 0;
}

static void default_accounts_file(const char *db, char out[PATH_MAX])
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db);
	snprintf(out, PATH_MAX, "%s/demo-accounts.json", dirname(tmp));
}

void cli_print_accounts(struct cli_ctx *ctx, const struct demo_account *a, size_t n,
                        const char *file)
{
	fprintf(ctx->out,
	        "演示账号(密码随机生成,只显示这一次;数据库中只存哈希) / demo accounts:\n");
	for (size_t i = 0; i < n; i++) {
		char scope[MAX_NAME_BYTES + 32] = "";
		if (a[i].district[0])
			snprintf(scope, sizeof scope, "  %s %s", a[i].district, a[i].scope_name);
		else if (a[i].uscc[0])
			snprintf(scope, sizeof scope, "  %s %s", a[i].uscc, a[i].scope_name);
		fprintf(ctx->out, "  %-10s %-11s 密码 %s%s%s\n", role_key(a[i].role), a[i].username,
		        a[i].password, scope, a[i].must_change ? "  (首次登录须改密码)" : "");
	}
	if (file)
		fprintf(ctx->out, "  (也已写入 %s,权限 0600)\n", file);
	fflush(ctx->out);
}

static int make_demo_accounts(struct cli_ctx *ctx, const char *file)
{
	struct store *s = NULL;
	struct app_err e = {0};
	struct demo_account acc[DEMO_ACCOUNTS];
	size_t n = 0;
	struct audit_actor who;
	char login[96];
	audit_cli_actor(&who, login, sizeof login);
	enum app_status st = cli_open_store(ctx, &s, &e);
	if (st == APP_OK)
		st = demo_accounts(s, &who, acc, &n, &e);
	store_close(s);
	if (st == APP_OK && file)
		st = demo_accounts_save(file, acc, n, &e);
	if (st != APP_OK)
		return cli_fail_err(ctx, "serve", &e);
	cli_print_accounts(ctx, acc, n, file);
	memset(acc, 0, sizeof acc);
	return EXIT_OK;
}

/* There is no default account: say how to make the first one. */
static void warn_no_accounts(struct cli_ctx *ctx)
{
	struct store *s = NULL;
	long n = -1;
	if (cli_open_store(ctx, &s, NULL) == APP_OK)
		store_user_count(s, ROLE_NONE, &n, NULL);
	store_close(s);
	if (n == 0)
		fprintf(ctx->err,
		        "zjtx: 还没有任何账号(系统不设默认账号)。先创建安全管理员:\n"
		        "      zjtx --db %s user add 用户名 --role security\n"
		        "      (或用 --demo-accounts 建演示账号)\n",
		        ctx->db);
}

static int serve(struct cli_ctx *ctx, struct http_server_config *sc, const struct api_config *ac)
{
	struct api *api = NULL;
	struct http_server *srv = NULL;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (api_new(ac, &api, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "serve", &e);
		goto out;
	}
	sc->routes = api_routes(&sc->n_routes);
	sc->app = api;
	sc->pre_handler = api_pre_handler;
	sc->post_handler = api_post_handler;
	sc->db_size_bytes = api_db_size;
	if (http_server_start(sc, &srv, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "serve", &e);
		goto out;
	}
	http_server_handle_signals(srv);
	warn_no_accounts(ctx);
	char host[256];
	const char *colon = strrchr(sc->listen, ':');
	snprintf(host, sizeof host, "%.*s", (int)(colon - sc->listen), sc->listen);
	fprintf(ctx->out, "zjtx: listening on http://%s:%u\n", host[0] ? host : "0.0.0.0",
	        (unsigned)http_server_port(srv));
	fflush(ctx->out);
	fprintf(ctx->err, "zjtx: %u 个工作线程;界面 %s;Ctrl-C 或 SIGTERM 停止\n", sc->threads,
	        sc->static_root ? sc->static_root : "(未提供)");
	if (http_server_wait(srv) != APP_OK)
		fprintf(ctx->err, "zjtx: 停止时仍有请求未完成,已强制关闭\n");
	fprintf(ctx->err, "zjtx: 已停止\n");
out:
	http_server_free(srv);
	api_free(api);
	return rc;
}

enum {
	OPT_LISTEN = 1,
	OPT_THREADS,
	OPT_WEB,
	OPT_DEMO,
	OPT_ACCOUNTS,
	OPT_SECURE,
	OPT_LOG,
	OPT_PROXY,
	OPT_PRINT_ROUTES,
	OPT_IDLE,
	OPT_ABSOLUTE,
};

static bool num_opt(const char *arg, long min, long max, long *out)
{
	return str_to_int_range(strv_from(arg), min, max, out);
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"threads", required_argument, NULL, OPT_THREADS},
	    {"web", required_argument, NULL, OPT_WEB},
	    {"demo-accounts", no_argument, NULL, OPT_DEMO},
	    {"accounts-file", required_argument, NULL, OPT_ACCOUNTS},
	    {"secure-cookie", no_argument, NULL, OPT_SECURE},
	    {"access-log", required_argument, NULL, OPT_LOG},
	    {"trusted-proxy", required_argument, NULL, OPT_PROXY},
	    /* hidden: for tests */
	    {"print-routes", no_argument, NULL, OPT_PRINT_ROUTES},
	    {"session-idle", required_argument, NULL, OPT_IDLE},
	    {"session-absolute", required_argument, NULL, OPT_ABSOLUTE},
	    {NULL, 0, NULL, 0}};
	struct http_server_config sc = {.listen = "127.0.0.1:8080", .threads = default_threads()};
	struct api_config ac = {.db = ctx->db, .files_dir = ctx->files};
	char today[11];
	char web[PATH_MAX], accounts[PATH_MAX], proxy[48];
	const char *web_arg = NULL, *accounts_arg = NULL, *log = NULL;
	bool demo = false;
	long v;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			sc.listen = optarg;
			break;
		case OPT_THREADS:
			if (!num_opt(optarg, 1, MAX_HTTP_THREADS, &v))
				return cli_fail(ctx, "serve", APP_EINVAL, "--threads 应为 1-%d",
				                MAX_HTTP_THREADS);
			sc.threads = (unsigned)v;
			break;
		case OPT_WEB:
			web_arg = optarg;
			break;
		case OPT_DEMO:
			demo = true;
			break;
		case OPT_ACCOUNTS:
			accounts_arg = optarg;
			break;
		case OPT_SECURE:
			ac.secure_cookie = true;
			break;
		case OPT_LOG:
			log = optarg;
			break;
		case OPT_PROXY:
			if (!http_ip_normalize(optarg, proxy, sizeof proxy))
				return cli_fail(ctx, "serve", APP_EINVAL,
				                "--trusted-proxy \"%s\" 不是 IP 地址", optarg);
			sc.trusted_proxy = proxy;
			break;
		case OPT_PRINT_ROUTES:
			api_print_routes(ctx->out);
			return EXIT_OK;
		case OPT_IDLE:
		case OPT_ABSOLUTE:
			if (!num_opt(optarg, 1, 30L * 24 * 3600, &v))
				return cli_fail(ctx, "serve", APP_EINVAL,
				                "会话时长应为 1 秒到 30 天");
			*(c == OPT_IDLE ? &ac.idle_s : &ac.absolute_s) = v;
			break;
		default:
			return cli_usage(ctx, cli_find("serve"), false);
		}
	}
	if (optind != argc)
		return cli_usage(ctx, cli_find("serve"), false);
	if (ctx->today) {
		if (!str_to_date(strv_from(ctx->today), today))
			return cli_fail(ctx, "serve", APP_EINVAL,
			                "--today \"%s\" 不是有效日期(YYYY-MM-DD)", ctx->today);
		ac.today = today;
	}
	if (web_arg)
		sc.static_root = *web_arg ? web_arg : NULL;
	else if (default_web(web))
		sc.static_root = web;
	FILE *logf = NULL;
	if (log) {
		logf = strcmp(log, "-") == 0 ? stderr : fopen(log, "a");
		if (!logf)
			return cli_fail(ctx, "serve", APP_EIO, "无法打开访问日志 %s:%s", log,
			                strerror(errno));
		sc.access_log = logf;
	}
	int rc = EXIT_OK;
	if (demo) {
		if (!accounts_arg)
			default_accounts_file(ctx->db, accounts);
		rc = make_demo_accounts(ctx, accounts_arg ? accounts_arg : accounts);
	}
	if (rc == EXIT_OK)
		rc = serve(ctx, &sc, &ac);
	if (logf && logf != stderr)
		fclose(logf);
	return rc;
}
