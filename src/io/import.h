/* import.h - the one import pipeline: rows from a CSV (or XLSX) file are
 * mapped by their header, validated field by field, and written in ONE
 * transaction that is committed only if every row is valid.
 *
 * Headers may be canonical keys or Chinese labels, with an optional unit in
 * half- or full-width brackets ("营业收入(万元)", "revenue（元）"). Unknown
 * columns are ignored and listed in the report; a missing required column
 * fails the whole file. Re-importing the same file is idempotent: firms are
 * upserted by USCC and annual figures by (USCC, year), writing only the
 * columns present in the file.
 *
 * Memory is bounded: rows are streamed; what grows with the file is only the
 * set of keys seen (for duplicate detection, ~40 bytes per row) and at most
 * MAX_IMPORT_ERRORS error records. */
#ifndef ZJTX_IMPORT_H
#define ZJTX_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/monthly.h"
#include "io/csv.h"
#include "store/store.h"

enum import_kind {
	IMPORT_ENTERPRISES = 1,
	IMPORT_ANNUAL,
	IMPORT_MONTHLY, /* monthly reports: needs import_options.monthly_row */
	IMPORT_KIND_COUNT
};

/* "enterprises", "annual", "monthly"; and the Chinese name "企业名录",
 * "年度数据", "月度数据". */
const char *import_kind_key(enum import_kind k);
const char *import_kind_label(enum import_kind k);
/* Parses "enterprises"/"annual"/"monthly" (also the Chinese names); 0 if
 * unknown. */
enum import_kind import_kind_parse(const char *s);

/* A source of records: a CSV reader or an XLSX sheet. */
struct row_source {
	/* Same contract as csv_next: APP_OK, APP_ENOTFOUND at the end, or an
	 * error for one record after which reading may continue. */
	enum app_status (*next)(void *ctx, struct csv_record *rec, struct app_err *e);
	void *ctx;
	const char *where;    /* prefix for messages: "" for CSV, "工作表 Sheet1 " for XLSX */
	const char *encoding; /* "UTF-8", "GB18030", "XLSX" */
	/* Optional progress: bytes consumed and total (0 if unknown). */
	size_t (*offset)(void *ctx);
	size_t total;
};

/* One rejected value or row, or (warning) a finding about one. */
struct import_error {
	long line;             /* physical line (CSV) or row number (XLSX); 0 = file-level */
	int col;               /* 1-based column, 0 if the whole row */
	char column[96];       /* the column's header as written in the file */
	char value[160];       /* the offending value, truncated */
	char msg[MAX_ERR_MSG]; /* the rule broken (Chinese) */
	bool warning;          /* a warning (monthly data), not an error */
	bool accepted;         /* a confirmed warning, imported: a notice, not in error_count */
	char code[40];         /* the finding's stable code (monthly data), "" otherwise */
	long seq;              /* the order it was found in (ties of line keep it) */
};

struct import_report {
	enum import_kind kind;
	char encoding[24];
	char where[64];
	long rows;          /* data rows read */
	long created;       /* rows that created a record (a dry run: would create) */
	long updated;       /* rows that updated one (monthly: corrections; a dry run: would) */
	long unchanged;     /* monthly: rows equal to the stored report (skipped) */
	long error_count;   /* all errors found (may exceed nerrors) */
	long warning_count; /* monthly: warnings found (refused or accepted) */
	size_t nerrors;     /* errors kept in errors[]: the first MAX_IMPORT_ERRORS by line, in line
	                       order */
	struct import_error *errors;
	char ignored[512]; /* comma-separated headers of ignored columns */
	bool committed;    /* true if the data was written */
};

/* Where a monthly hook reports findings about rows read earlier: the
 * pipeline's state, passed to the hooks. */
struct import_sink;

/* Reports finding f about the row at `line`, at the column of its key (or
 * of the USCC / period, by code), showing `value` (NULL: none); accepted:
 * a confirmed warning (a notice, not an error). Errors are listed by line
 * whatever the order they are reported in. */
void import_sink_finding(struct import_sink *k, long line, const struct monthly_finding *f,
                         const char *value, bool accepted);

struct import_options {
	const char *actor; /* recorded as who imported (user name or "cli") */
	bool dry_run;      /* validate only, never commit */
	const char *sheet; /* XLSX sheet name; NULL = the first sheet */
	/* A district user's scope (district or zone code), or NULL: rows whose
	 * firm lies (or would lie) outside it are row errors, worded so that a
	 * firm of another district is indistinguishable from an unknown one in
	 * annual and monthly files. */
	const char *scope_district;
	/* Called inside the import's transaction just before it commits (the
	 * place to write the audit entry, so both commit or neither does); a
	 * non-OK status aborts the import. May be NULL. */
	enum app_status (*before_commit)(void *ctx, struct store *s,
	                                 const struct import_report *rep, struct app_err *e);
	void *before_commit_ctx;
	/* IMPORT_MONTHLY: called for each row whose fields parsed, inside the
	 * import's transaction, with the row's line. units[k] is the unit of
	 * money key k's column. The hook appends the row's findings to fs (the
	 * pipeline reports each at the column of its key, showing the value as
	 * written) and returns APP_OK if the row is accepted (its warnings are
	 * then reported as accepted notices), APP_EINVAL if refused, anything
	 * else to abort the import (e says why). The hook finds rows repeated
	 * within the file (it knows the key). Findings about rows read earlier
	 * go to the sink (import_sink_finding). Required for IMPORT_MONTHLY
	 * (APP_EINTERNAL otherwise). */
	enum app_status (*monthly_row)(void *ctx, struct store *s, long line,
	                               const struct monthly *m, const enum money_unit *units,
	                               struct monthly_findings *fs, struct import_sink *sink,
	                               struct app_err *e);
	/* IMPORT_MONTHLY: called once after the last row, before the pipeline
	 * decides to commit (also when rows had errors, and in a dry run), for
	 * the checks that need every row of the file; findings go to the sink.
	 * A status other than APP_OK aborts the import. May be NULL. */
	enum app_status (*monthly_end)(void *ctx, struct store *s, struct import_sink *sink,
	                               struct app_err *e);
	void *monthly_ctx;
	/* Called every few thousand rows; may be NULL. */
	void (*progress)(void *ctx, size_t done_bytes, size_t total_bytes, long rows);
	void *progress_ctx;
};

void import_report_init(struct import_report *r);
void import_report_free(struct import_report *r);

/* Runs the pipeline over src into s. Returns APP_OK if the file was valid
 * (and committed unless dry_run); APP_EINVAL if any row or the header was
 * bad (nothing written; details in rep); APP_EDB/APP_EIO for failures of
 * the store or the file (nothing written; message in e). */
enum app_status import_run(struct store *s, enum import_kind kind, struct row_source *src,
                           const struct import_options *opt, struct import_report *rep,
                           struct app_err *e);

/* Convenience: opens a CSV file (or an .xlsx file, when XLSX support is
 * built in) and runs the pipeline. */
enum app_status import_file(struct store *s, enum import_kind kind, const char *path,
                            const struct import_options *opt, struct import_report *rep,
                            struct app_err *e);
/* Same for a CSV held in memory (an HTTP upload). */
enum app_status import_csv_mem(struct store *s, enum import_kind kind, const char *data, size_t n,
                               const struct import_options *opt, struct import_report *rep,
                               struct app_err *e);
/* Same for an XLSX workbook held in memory (opt->sheet or the first
 * sheet). The bytes must stay valid during the call. */
enum app_status import_xlsx_mem(struct store *s, enum import_kind kind, const void *data, size_t n,
                                const struct import_options *opt, struct import_report *rep,
                                struct app_err *e);

/* Writes one error as the user reads it:
 * 第17行 统一社会信用代码 "91500000202813384X": 校验位应为 0
 * (warnings start with "警告 [code] " or, accepted, "已确认 [code] "). */
void import_error_format(const struct import_report *r, const struct import_error *err, char *out,
                         size_t n);

#endif
