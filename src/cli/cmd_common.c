/* cmd_common.c - helpers shared by the commands: exit codes, errors, the
 * store, formats and CJK-aware text tables; and the help/version commands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/str.h"
#include "cli/cli.h"

#ifndef ZJTX_VERSION
#define ZJTX_VERSION "0.1.0"
#endif

int cli_exit_code(enum app_status s)
{
	switch (s) {
	case APP_OK:
		return EXIT_OK;
	case APP_EINVAL:
	case APP_ETOOLARGE:
	case APP_ECONFLICT:
		return EXIT_INVALID;
	case APP_ENOTFOUND:
		return EXIT_NOTFOUND;
	case APP_EDB:
		return EXIT_DB;
	case APP_EIO:
		return EXIT_IO;
	case APP_EPERM:
	case APP_EAUTH:
		return EXIT_PERM;
	default:
		return EXIT_FAIL;
	}
}

int cli_fail(struct cli_ctx *ctx, const char *cmd, enum app_status s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(ctx->err, "zjtx %s: ", cmd);
	vfprintf(ctx->err, fmt, ap);
	fputc('\n', ctx->err);
	va_end(ap);
	return cli_exit_code(s);
}

int cli_fail_err(struct cli_ctx *ctx, const char *cmd, const struct app_err *e)
{
	if (e->line > 0)
		return cli_fail(ctx, cmd, e->status, "第%ld行%s: %s", e->line,
		                e->field[0] ? e->field : "", e->msg);
	if (e->field[0])
		return cli_fail(ctx, cmd, e->status, "%s: %s", e->field, e->msg);
	return cli_fail(ctx, cmd, e->status, "%s", e->msg[0] ? e->msg : app_status_str(e->status));
}

const struct cli_cmd *cli_find(const char *name)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

int cli_usage(struct cli_ctx *ctx, const struct cli_cmd *cmd, bool to_out)
{
	fputs(cmd->usage, to_out ? ctx->out : ctx->err);
	return to_out ? EXIT_OK : EXIT_USAGE;
}

enum app_status cli_open_store(struct cli_ctx *ctx, struct store **out, struct app_err *e)
{
	return store_open(ctx->db, 0, out, e);
}

enum cli_format cli_parse_format(const char *s, unsigned allowed)
{
	static const struct {
		const char *name;
		enum cli_format f;
	} names[] = {{"table", FMT_TABLE}, {"json", FMT_JSON}, {"csv", FMT_CSV},
	             {"text", FMT_TEXT},   {"html", FMT_HTML}, {"xlsx", FMT_XLSX}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0 && (allowed & (1u << names[i].f)))
			return names[i].f;
	return 0;
}

/* ---- tables ---- */

struct cli_table {
	size_t ncols, nrows, cap;
	char **cells; /* nrows * ncols, row 0 = headers */
	bool right[32];
};

struct cli_table *cli_table_new(size_t ncols, const char *const *headers)
{
	struct cli_table *t = xcalloc(1, sizeof *t);
	t->ncols = ncols;
	cli_table_add(t, headers);
	return t;
}

void cli_table_add(struct cli_table *t, const char *const *cells)
{
	xgrow((void **)&t->cells, &t->cap, (t->nrows + 1) * t->ncols, sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

void cli_table_right(struct cli_table *t, size_t col)
{
	if (col < sizeof t->right / sizeof t->right[0])
		t->right[col] = true;
}

/* East Asian wide ranges (approximate, enough for Chinese text). */
static int cp_width(long cp)
{
	if (cp < 0x1100)
		return 1;
	if ((cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

size_t cli_display_width(const char *s)
{
	const char *end = s + strlen(s);
	size_t w = 0;
	while (s < end) {
		long cp = utf8_next(&s, end);
		if (cp < 0) {
			s++;
			w++;
			continue;
		}
		w += (size_t)cp_width(cp);
	}
	return w;
}

void cli_table_print(struct cli_table *t, FILE *f)
{
	size_t *w = xcalloc(t->ncols, sizeof *w);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t cw = cli_display_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t pad = w[c] - cli_display_width(cell);
			bool right = c < 32 && t->right[c] && r > 0;
			if (right)
				fprintf(f, "%*s", (int)pad, "");
			fputs(cell, f);
			if (c + 1 < t->ncols)
				fprintf(f, "%*s", (int)(right ? 2 : pad + 2), "");
		}
		fputc('\n', f);
		if (r == 0) {
			size_t total = 0;
			for (size_t c = 0; c < t->ncols; c++)
				total += w[c] + (c + 1 < t->ncols ? 2 : 0);
			for (size_t i = 0; i < total; i++)
				fputc('-', f);
			fputc('\n', f);
		}
	}
	free(w);
}

void cli_table_free(struct cli_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

/* ---- help and version ---- */

int cmd_version(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(ctx->out, "zjtx %s\n", ZJTX_VERSION);
	return EXIT_OK;
}

int cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 1) {
		const struct cli_cmd *cmd = cli_find(argv[1]);
		if (!cmd)
			return cli_fail(ctx, "help", APP_EINVAL, "未知命令 \"%s\"", argv[1]);
		return cli_usage(ctx, cmd, true);
	}
	fprintf(ctx->out,
	        "zjtx — 专精特新中小企业梯度培育平台\n\n"
	        "用法: zjtx [--db PATH] COMMAND [OPTIONS]   (每个命令都支持 --help)\n\n命令:\n");
	for (size_t i = 0; i < cli_command_count; i++)
		fprintf(ctx->out, "  %-12s %s\n", cli_commands[i].name, cli_commands[i].summary);
	fprintf(ctx->out,
	        "\n数据库: --db PATH,或环境变量 ZJTX_DB,默认 ./zjtx.db\n"
	        "退出码: 0 成功  1 其他失败  2 用法错误  3 输入数据无效  4 不存在  5 数据库错误"
	        "  6 文件错误  7 无权限\n");
	return EXIT_OK;
}
