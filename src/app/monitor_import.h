/* monitor_import.h - bulk filing of monthly reports through the one import
 * pipeline (io/import.c, kind IMPORT_MONTHLY), with the checks of
 * app/monitor.c for every row.
 *
 * Policy for warnings in a bulk file: each is reported on its row (line,
 * column, value, code, message). Without confirm_reason a row with a
 * warning is refused like one with an error, so the whole file is refused
 * (all or nothing) and the user fixes the rows or re-runs with
 * --confirm-warnings "原因": then every warning of the file is accepted,
 * recorded as confirmed with that reason, and listed as a notice. Errors
 * are never accepted.
 *
 * A row for a period the firm has already filed is skipped when its values
 * are the same (re-importing a file is idempotent); with different values
 * it is an error, unless correction_reason is given: then it corrects the
 * stored report (the earlier version is kept).
 *
 * Every row is checked against the firm's other months, those stored and
 * those of the file, whatever the order of the file's rows. The aggregates
 * of the whole file are accumulated in memory and applied once, inside the
 * import's transaction, just before it commits. How (two passes, the
 * memory used): monitor_import.c and docs/internals/monitor.md. The import
 * sets its store handle to bulk mode for its duration
 * (store_monthly_bulk): give it a handle of its own. */
#ifndef ZJTX_MONITOR_IMPORT_H
#define ZJTX_MONITOR_IMPORT_H

#include "app/monitor.h"
#include "io/import.h"

struct monitor_import_options {
	const char *actor;             /* filed_by / corrected by (user name or "cli:login") */
	bool dry_run;                  /* validate only */
	const char *confirm_reason;    /* accept every warning with this reason; NULL = refuse */
	const char *correction_reason; /* correct stored reports that differ; NULL = error */
	const char *now;               /* filing time recorded (UTC); NULL = the clock */
	const char *scope_district;    /* a district user's unit: other firms are unknown */
	const char *sheet;             /* XLSX: the sheet to read; NULL = the first */
	int64_t today;                 /* Beijing date for the checks; 0 = from now/clock */
	/* Called inside the import's transaction before commit (audit entry). */
	enum app_status (*before_commit)(void *ctx, struct store *s,
	                                 const struct import_report *rep, struct app_err *e);
	void *before_commit_ctx;
	void (*progress)(void *ctx, size_t done_bytes, size_t total_bytes, long rows);
	void *progress_ctx;
	size_t chunk_rows; /* rows written at a time; 0 = MONITOR_IMPORT_CHUNK (tests use less) */
	size_t held_rows;  /* new rows kept for pass 2; 0 = MONITOR_IMPORT_HELD (tests use less) */
};

/* Imports a CSV file (UTF-8 or GB18030; XLSX when the reader is built in)
 * of monthly reports. Header: 统一社会信用代码/uscc, 报告期/period
 * (YYYY-MM) and any of the monthly keys (key or Chinese label, unit in
 * brackets: 营业收入(累计)(千元)); 企业名称 is accepted and ignored.
 * Statuses and report as import_file: rep->created counts new reports,
 * rep->updated corrections, rep->unchanged skipped rows, rep->warning_count
 * the warnings. */
enum app_status monitor_import_file(struct store *s, const struct monitor_settings *cfg,
                                    const char *path, const struct monitor_import_options *o,
                                    struct import_report *rep, struct app_err *err);
/* Same for a CSV held in memory (an HTTP upload). */
enum app_status monitor_import_csv_mem(struct store *s, const struct monitor_settings *cfg,
                                       const char *data, size_t n,
                                       const struct monitor_import_options *o,
                                       struct import_report *rep, struct app_err *err);
/* Same for an XLSX workbook held in memory (o->sheet or the first sheet). */
enum app_status monitor_import_xlsx_mem(struct store *s, const struct monitor_settings *cfg,
                                        const void *data, size_t n,
                                        const struct monitor_import_options *o,
                                        struct import_report *rep, struct app_err *err);

#endif
