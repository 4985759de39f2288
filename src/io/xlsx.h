/* xlsx.h - a streaming reader for Office Open XML workbooks (.xlsx).
 *
 * The workbook is a zip (libzip); its XML parts are parsed with expat in
 * chunks as they inflate, so a sheet is never held in memory: only the
 * shared-string table (bounded by MAX_XLSX_SST_BYTES), the cell formats and
 * the current row are. Rows come out as struct csv_record, so the import
 * pipeline treats CSV and XLSX alike.
 *
 * Cell values become text the way a user reads them in Excel (conversions
 * in io/xlsxval.h):
 *   - shared and inline strings as written (rich-text runs joined, phonetic
 *     guides dropped, _xHHHH_ escapes decoded);
 *   - numbers as the shortest decimal that reads back as the same double,
 *     never in scientific notation, integers without ".0"
 *     (1234.5, 0.30000000000000004, 100000000000000000000);
 *   - numbers whose cell format is a date (built-in formats 14-22, 45-47, or a
 *     custom format with y, m or d outside quotes) as "YYYY-MM-DD" in the 1900
 *     system (serial 60 is Excel's phantom 1900-02-29) or the 1904 system if
 *     the workbook says so; a non-zero time of day is appended as " HH:MM:SS"
 *     when the format shows a time, and a pure time (serial < 1) as "HH:MM:SS";
 *   - numbers with a percent format as the percentage a user sees, exact
 *     and with full precision: 0.125 as "12.5%" (imports read "12.5%");
 *   - booleans as "TRUE" / "FALSE";
 *   - formulas as their cached result (an error if the workbook holds none).
 * Error cells (#DIV/0!, #N/A, ...) are reported as errors of their row,
 * worded like csv_next's: "第7行第B列: 单元格是错误值 #DIV/0!" (columns by
 * letter, as Excel shows them; the caller names the sheet).
 *
 * Rows: gaps between cells become empty fields (positions come from the
 * r="B7" references); trailing empty cells are dropped; rows with no
 * non-empty cell (empty trailing rows, formatting-only rows) are skipped.
 * Merged cells keep their value in the top-left cell; the others are empty. */
#ifndef ZJTX_XLSX_H
#define ZJTX_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "io/csv.h"

struct xlsx_reader;

/* Optional settings; zero fields take the defaults of limits.h. */
struct xlsx_opts {
	const char *sheet;   /* sheet name to read; NULL or "" = the first sheet */
	size_t max_unzipped; /* default MAX_XLSX_UNZIPPED */
	long max_rows;       /* default MAX_XLSX_ROWS */
};

/* Opens the workbook at path and prepares the chosen sheet (workbook.xml,
 * its relationships, styles and shared strings are read now). opts may be
 * NULL. On success *out owns the open file until xlsx_close.
 *
 * Errors (Chinese message in e): APP_EIO if the file cannot be read;
 * APP_EINVAL for a file that is not a workbook or is damaged or truncated
 * ("不是 XLSX 文件", "文件已损坏或不完整"); APP_ENOTFOUND if the named sheet
 * does not exist (the message lists the sheets); APP_ETOOLARGE when a limit
 * is exceeded (zip bomb, too many shared strings, ...). */
enum app_status xlsx_open(const char *path, const struct xlsx_opts *opts, struct xlsx_reader **out,
                          struct app_err *e);

/* Same, from memory. The bytes are not copied and must outlive the reader. */
enum app_status xlsx_open_mem(const void *data, size_t n, const struct xlsx_opts *opts,
                              struct xlsx_reader **out, struct app_err *e);

/* Reads the next non-empty row. Returns APP_OK with *rec filled (fields are
 * valid until the next call or xlsx_close; rec->line is the spreadsheet row
 * number), APP_ENOTFOUND at the end of the sheet, or an error with e->line
 * (row) and e->col (1-based column) set where known:
 *   - APP_EINVAL / APP_ETOOLARGE for a bad row (error cell, formula without
 *     a cached value, oversize cell, too many columns): the row is skipped
 *     and reading may continue;
 *   - any status with e->line == 0 for a damaged sheet or a limit on the
 *     whole file: nothing more can be read, and later calls return
 *     APP_ENOTFOUND (so a loop that reads until APP_ENOTFOUND and collects
 *     errors, as the import does with csv_next, ends). */
enum app_status xlsx_next(struct xlsx_reader *r, struct csv_record *rec, struct app_err *e);

/* Name of the sheet being read, for messages ("企业名录"). */
const char *xlsx_sheet_name(const struct xlsx_reader *r);

/* Sheets of the workbook in tab order (names valid until xlsx_close). */
size_t xlsx_sheet_count(const struct xlsx_reader *r);
const char *xlsx_sheet_at(const struct xlsx_reader *r, size_t i);

/* Bytes of the sheet part inflated so far and its declared total, for
 * progress reports. */
size_t xlsx_offset(const struct xlsx_reader *r);
size_t xlsx_size(const struct xlsx_reader *r);

/* Frees everything; r may be NULL. */
void xlsx_close(struct xlsx_reader *r);

#endif
