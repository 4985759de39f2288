/* cmd_user.c - `zjtx user add|passwd|disable|list`: accounts from the
 * command line. This is how the first (security administrator) account is
 * made: there is no default account. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/user.h"
#include "cli/cli.h"
#include "core/district.h"

/* Reads one line (the password) from stdin, without echo on a terminal. */
static bool read_password(char *out, size_t n)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "密码: ");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = fgets(out, (int)n, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return false;
	out[strcspn(out, "\r\n")] = '\0';
	return true;
}

static void print_initial(struct cli_ctx *ctx, const struct user *u, const char *pw)
{
	fprintf(ctx->out, "用户 %s(%s)初始密码: %s\n", u->username, role_label(u->role), pw);
	fprintf(ctx->out, "请安全地转交本人;首次登录时必须修改。此密码不会再次显示。\n");
}

static int user_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"role", required_argument, NULL, 'r'},     {"district", required_argument, NULL, 'd'},
	    {"uscc", required_argument, NULL, 'u'},     {"name", required_argument, NULL, 'n'},
	    {"password-stdin", no_argument, NULL, 'p'}, {NULL, 0, NULL, 0}};
	struct user_spec spec = {0};
	bool from_stdin = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if ((spec.role = role_parse(optarg)) == ROLE_NONE)
				return cli_fail(
				    ctx, "user", APP_EINVAL,
				    "未知角色 %s;可选 city、district、enterprise、expert、"
				    "viewer、admin、security、auditor",
				    optarg);
			break;
		case 'd':
			spec.district = optarg;
			break;
		case 'u':
			spec.uscc = optarg;
			break;
		case 'n':
			spec.display_name = optarg;
			break;
		case 'p':
			from_stdin = true;
			break;
		default:
			return cli_usage(ctx, cli_find("user"), false);
		}
	}
	if (optind + 1 != argc || !spec.role)
		return cli_usage(ctx, cli_find("user"), false);
	spec.username = argv[optind];
	char pw[MAX_PASSWORD_CHARS * 4 + 2] = "";
	if (from_stdin && !read_password(pw, sizeof pw))
		return cli_fail(ctx, "user", APP_EINVAL, "没有从标准输入读到密码");
	struct store *s = NULL;
	struct app_err e = {0};
	struct audit_actor who;
	char login[96], initial[USER_INITIAL_PASSWORD_CHARS + 1];
	audit_cli_actor(&who, login, sizeof login);
	struct user u;
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    user_create(s, &who, &spec, from_stdin ? pw : NULL, false, &u, initial, &e) != APP_OK)
		rc = cli_fail_err(ctx, "user", &e);
	else if (from_stdin)
		fprintf(ctx->out, "已创建用户 %s(%s)\n", u.username, role_label(u.role));
	else
		print_initial(ctx, &u, initial);
	memset(pw, 0, sizeof pw);
	memset(initial, 0, sizeof initial);
	store_close(s);
	return rc;
}

/* Opens the store and finds the user named argv[optind]. */
static int find_user(struct cli_ctx *ctx, const char *name, struct store **s, struct user *u)
{
	struct app_err e = {0};
	if (cli_open_store(ctx, s, &e) != APP_OK)
		return cli_fail_err(ctx, "user", &e);
	if (store_user_find(*s, name, u, &e) != APP_OK)
		return e.status == APP_ENOTFOUND
		           ? cli_fail(ctx, "user", APP_ENOTFOUND, "没有用户 %s", name)
		           : cli_fail_err(ctx, "user", &e);
	return EXIT_OK;
}

static int user_passwd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"password-stdin", no_argument, NULL, 'p'},
	                                     {NULL, 0, NULL, 0}};
	bool from_stdin = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'p')
			return cli_usage(ctx, cli_find("user"), false);
		from_stdin = true;
	}
	if (optind + 1 != argc)
		return cli_usage(ctx, cli_find("user"), false);
	char pw[MAX_PASSWORD_CHARS * 4 + 2] = "", initial[USER_INITIAL_PASSWORD_CHARS + 1];
	if (from_stdin && !read_password(pw, sizeof pw))
		return cli_fail(ctx, "user", APP_EINVAL, "没有从标准输入读到密码");
	struct store *s = NULL;
	struct user u;
	int rc = find_user(ctx, argv[optind], &s, &u);
	if (rc == EXIT_OK) {
		struct app_err e = {0};
		struct audit_actor who;
		char login[96];
		audit_cli_actor(&who, login, sizeof login);
		if (user_set_password(s, &who, u.id, from_stdin ? pw : NULL, false, &u, initial,
		                      &e) != APP_OK)
			rc = cli_fail_err(ctx, "user", &e);
		else if (from_stdin)
			fprintf(ctx->out, "已修改用户 %s 的密码,其会话均已结束\n", u.username);
		else
			print_initial(ctx, &u, initial);
	}
	memset(pw, 0, sizeof pw);
	memset(initial, 0, sizeof initial);
	store_close(s);
	return rc;
}

static int user_disable(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"enable", no_argument, NULL, 'e'},
	                                     {NULL, 0, NULL, 0}};
	bool enable = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'e')
			return cli_usage(ctx, cli_find("user"), false);
		enable = true;
	}
	if (optind + 1 != argc)
		return cli_usage(ctx, cli_find("user"), false);
	struct store *s = NULL;
	struct user u;
	int rc = find_user(ctx, argv[optind], &s, &u);
	if (rc == EXIT_OK) {
		struct app_err e = {0};
		struct audit_actor who;
		char login[96];
		audit_cli_actor(&who, login, sizeof login);
		struct user_patch p = {.role = ROLE_NONE, .disabled = enable ? 0 : 1};
		if (user_update(s, &who, 0, u.id, &p, &u, &e) != APP_OK)
			rc = cli_fail_err(ctx, "user", &e);
		else
			fprintf(ctx->out, "用户 %s 已%s\n", u.username,
			        enable ? "启用" : "停用,其会话均已结束");
	}
	store_close(s);
	return rc;
}

struct list_ctx {
	struct cli_table *t;
	json_t *arr;
};

static int list_row(void *vctx, const struct user *u)
{
	struct list_ctx *c = vctx;
	const char *scope = u->district[0] ? district_unit_name(u->district) : u->uscc;
	if (c->arr) {
		json_t *o =
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "id", (json_int_t)u->id,
		              "username", u->username, "display_name", u->display_name, "role",
		              role_key(u->role), "scope", scope, "disabled", u->disabled,
		              "must_change_password", u->must_change, "last_login", u->last_login);
		json_array_append_new(c->arr, o);
		return 0;
	}
	const char *cells[] = {u->username,
	                       u->display_name,
	                       role_label(u->role),
	                       scope,
	                       u->disabled ? "已停用" : (u->must_change ? "待改密码" : "正常"),
	                       u->last_login[0] ? u->last_login : "—"};
	cli_table_add(c->t, cells);
	return 0;
}

static int user_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	struct user_filter f = {0};
	enum cli_format fmt = FMT_TABLE;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r' && (f.role = role_parse(optarg)) != ROLE_NONE)
			continue;
		if (c == 'f' && (fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON)))
			continue;
		return cli_usage(ctx, cli_find("user"), false);
	}
	static const char *const h[] = {"用户名", "姓名", "角色", "范围", "状态", "最近登录(UTC)"};
	struct list_ctx lc = {NULL, NULL};
	if (fmt == FMT_JSON)
		lc.arr = json_array();
	else
		lc.t = cli_table_new(6, h);
	struct store *s = NULL;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    store_user_list(s, &f, list_row, &lc, NULL, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "user", &e);
	} else if (lc.arr) {
		json_dumpf(lc.arr, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
	} else {
		cli_table_print(lc.t, ctx->out);
	}
	json_decref(lc.arr);
	cli_table_free(lc.t);
	store_close(s);
	return rc;
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli_ctx *, int, char **);
	} subs[] = {{"add", user_add},
	            {"passwd", user_passwd},
	            {"disable", user_disable},
	            {"list", user_list}};
	for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(ctx, argc - 1, argv + 1);
	return cli_usage(ctx, cli_find("user"), false);
}
