/* cli.h - shared pieces of the zjtx command line: the command table type,
 * exit codes, option helpers and output formatting.
 *
 * Each command lives in a cmd_*.c file and is listed in the table in
 * main.c. A command gets argv with argv[0] = its own name, parses its
 * options with getopt_long, and returns an exit code. */
#ifndef ZJTX_CLI_H
#define ZJTX_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"
#include "io/import.h"
#include "store/store.h"

/* Documented exit codes (README "退出码 / Exit codes"). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* other failure */
	EXIT_USAGE = 2, /* bad command line */
	EXIT_INVALID =
	    3, /* invalid input data: an import was rejected, a rule file does not compile */
	EXIT_NOTFOUND = 4, /* the firm, file or object asked for does not exist */
	EXIT_DB = 5,       /* database error */
	EXIT_IO = 6,       /* file or network error */
	EXIT_PERM = 7,     /* not allowed */
};

struct cli_ctx {
	const char *db;    /* --db, else $ZJTX_DB, else "./zjtx.db" */
	const char *files; /* --files, else $ZJTX_FILES, else NULL (= DB path + ".files") */
	const char *today; /* --today, else $ZJTX_TODAY, else NULL (= the local date) */
	const char *as;    /* --as ROLE[:SCOPE] for workflow commands, NULL = city */
	const char *user;  /* --user NAME for workflow commands, NULL = cli:<login> */
	FILE *out;         /* stdout */
	FILE *err;         /* stderr */
};

struct cli_cmd {
	const char *name;
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
	const char *summary; /* one line, Chinese / English */
	const char *usage;   /* full --help text */
};

/* The command table (main.c). */
extern const struct cli_cmd cli_commands[];
extern const size_t cli_command_count;

/* Maps a status to an exit code. */
int cli_exit_code(enum app_status s);

/* Prints "zjtx NAME: message" to ctx->err and returns the exit code for s. */
int cli_fail(struct cli_ctx *ctx, const char *cmd, enum app_status s, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Prints the error of e (message, and place when set). */
int cli_fail_err(struct cli_ctx *ctx, const char *cmd, const struct app_err *e);
/* Prints the command's usage to ctx->err (or out when asked with --help). */
int cli_usage(struct cli_ctx *ctx, const struct cli_cmd *cmd, bool to_out);
const struct cli_cmd *cli_find(const char *name);

/* Opens the store at ctx->db (creating and migrating it). */
enum app_status cli_open_store(struct cli_ctx *ctx, struct store **out, struct app_err *e);

/* Output formats shared by list-like commands. */
enum cli_format { FMT_TABLE = 1, FMT_JSON, FMT_CSV, FMT_TEXT, FMT_HTML, FMT_XLSX };
/* Parses "table", "json", "csv", "text", "html"; allowed is a bitmask of
 * (1 << FMT_x). Returns 0 if not allowed. */
enum cli_format cli_parse_format(const char *s, unsigned allowed);

/* A simple text table with CJK-aware column widths. */
struct cli_table;
struct cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Adds a row of ncols cells (copied). */
void cli_table_add(struct cli_table *t, const char *const *cells);
/* Marks column i as right-aligned (numbers). */
void cli_table_right(struct cli_table *t, size_t col);
void cli_table_print(struct cli_table *t, FILE *f);
void cli_table_free(struct cli_table *t);
/* Display width of UTF-8 text in terminal columns (CJK = 2). */
size_t cli_display_width(const char *s);

/* The before-commit hook of CLI imports: one audit entry per imported file
 * (ctx is the file path). */
enum app_status cli_audit_import(void *ctx, struct store *s, const struct import_report *rep,
                                 struct app_err *e);

/* Command entry points (cmd_*.c). */
int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_import(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_summary(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
int cmd_demo(struct cli_ctx *ctx, int argc, char **argv);
int cmd_criteria(struct cli_ctx *ctx, int argc, char **argv);
int cmd_evaluate(struct cli_ctx *ctx, int argc, char **argv);
int cmd_simulate(struct cli_ctx *ctx, int argc, char **argv);
int cmd_gaps(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_batch(struct cli_ctx *ctx, int argc, char **argv);
int cmd_application(struct cli_ctx *ctx, int argc, char **argv);
int cmd_expert(struct cli_ctx *ctx, int argc, char **argv);
int cmd_manage(struct cli_ctx *ctx, int argc, char **argv);
int cmd_targets(struct cli_ctx *ctx, int argc, char **argv);
int cmd_version(struct cli_ctx *ctx, int argc, char **argv);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
int cmd_template(struct cli_ctx *ctx, int argc, char **argv);
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv);
int cmd_user(struct cli_ctx *ctx, int argc, char **argv);

/* Prints the demo accounts (cmd_serve.c; also used by `zjtx demo`); file
 * names where they were saved, or NULL. */
struct demo_account;
void cli_print_accounts(struct cli_ctx *ctx, const struct demo_account *a, size_t n,
                        const char *file);
int cmd_monthly(struct cli_ctx *ctx, int argc, char **argv);
int cmd_report(struct cli_ctx *ctx, int argc, char **argv);
int cmd_notice(struct cli_ctx *ctx, int argc, char **argv);
int cmd_completeness(struct cli_ctx *ctx, int argc, char **argv);
int cmd_warnings(struct cli_ctx *ctx, int argc, char **argv);

#endif
