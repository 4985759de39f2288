/* xlsxw.h - table exports to XLSX on libxlsxwriter.
 *
 * A workbook holds one or more table sheets. Each table has a bold, frozen
 * header row (Chinese, with units: "营业收入(万元)"), an autofilter over all
 * rows, column widths fitted to the header and the type, and a number format
 * per column type. Rows come from a callback and are streamed to disk
 * (libxlsxwriter's constant_memory mode), so memory does not grow with the
 * row count. The file appears under its name only when complete: it is
 * written as "PATH.part" and renamed.
 *
 * Exactness. Money is stored as integer 分 everywhere in zjtx; a money cell
 * holds the 万元 value fen / 1e6 as a double, which is what Excel sums and
 * charts. libxlsxwriter writes doubles with 16 significant digits, and every
 * amount with at most 15 significant digits (|fen| < 10^15, i.e. below
 * 10 万亿元) reads back as exactly the decimal it came from, through our
 * reader and through openpyxl or Excel, because a decimal of 15 digits or
 * fewer is recovered from the nearest double (DBL_DIG). Larger amounts, and
 * integers of 16 or more digits, would lose digits in a number cell (Excel
 * itself keeps 15), so they are written as exact text cells instead. Percent
 * columns hold the fraction (1234 hundredths of a percent -> 0.1234, shown
 * 12.34%), again at most 15 digits. */
#ifndef ZJTX_XLSXW_H
#define ZJTX_XLSXW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum xlsxw_type {
	XW_TEXT = 1, /* .s, UTF-8 */
	XW_INT,      /* .i, format "0" */
	XW_MONEY,    /* .i in 分, shown in 万元 "#,##0.00" */
	XW_PERCENT,  /* .i in hundredths of a percent (1234 = 12.34%), "0.00%" */
	XW_DATE,     /* .s "YYYY-MM-DD", a real date cell "yyyy-mm-dd" (text if invalid) */
	XW_RATIO,    /* .d, a computed fraction (0.4567), shown "0.00%" */
	XW_DECIMAL,  /* .d, a computed number (a score), shown "0.00" */
	XW_NUMBER,   /* .d, General format: Excel shows what was typed (template input) */
};

/* One column. Only header and type are required. */
struct xlsxw_col {
	const char *header; /* "营业收入(万元)" */
	enum xlsxw_type type;
	double width;     /* characters; 0 = fitted to header and type */
	const char *note; /* prompt shown when a cell is selected (templates); <= 255 chars */
	const char *const *choices; /* drop-down list of allowed values, or NULL */
	size_t nchoices;
	bool int_range; /* whole numbers in [min, max] only */
	long long min, max;
};

/* One cell of a row; the callback gets them zeroed. */
struct xlsxw_value {
	bool present;  /* false: the cell is left empty */
	int64_t i;     /* XW_INT, XW_MONEY, XW_PERCENT */
	double d;      /* XW_RATIO, XW_DECIMAL */
	const char *s; /* XW_TEXT, XW_DATE; must stay valid until the callback returns again */
};

/* Fills row[0..ncols-1] with the next row. Returns APP_OK for a row,
 * APP_ENOTFOUND when there are no more, or an error (with e set), which
 * abandons the whole file. */
typedef enum app_status (*xlsxw_row_fn)(void *ctx, struct xlsxw_value *row, struct app_err *e);

struct xlsxw;

/* Starts a workbook that will be written to path. APP_EIO if the
 * directory is not writable. Close with xlsxw_close or xlsxw_abort. */
enum app_status xlsxw_create(const char *path, struct xlsxw **out, struct app_err *e);

/* Adds a sheet named `sheet` (<= 31 characters, none of []:*?/\) holding
 * the table and writes every row the callback gives. *nrows (may be NULL)
 * receives the number of data rows. Errors: APP_EINVAL for a bad sheet
 * name or column definition, APP_ETOOLARGE past Excel's 1,048,575 data
 * rows or 32,767 characters in a cell, the callback's error, APP_EIO. After
 * an error the workbook can only be aborted. */
enum app_status xlsxw_table(struct xlsxw *w, const char *sheet, const struct xlsxw_col *cols,
                            size_t ncols, xlsxw_row_fn next, void *ctx, long *nrows,
                            struct app_err *e);

/* Sets the workbook's title property (shown by Excel under File > Info). */
void xlsxw_set_title(struct xlsxw *w, const char *title);

/* Writes the file and frees w (also on error, when no file is left). */
enum app_status xlsxw_close(struct xlsxw *w, struct app_err *e);

/* Frees w without leaving a file. w may be NULL. */
void xlsxw_abort(struct xlsxw *w);

/* Convenience: a workbook with one table. */
enum app_status xlsxw_write_table(const char *path, const char *sheet, const struct xlsxw_col *cols,
                                  size_t ncols, xlsxw_row_fn next, void *ctx, long *nrows,
                                  struct app_err *e);

/* Display width of UTF-8 text in Excel column units: CJK and other wide
 * characters count 2, the rest 1. */
double xlsxw_text_width(const char *s);

#endif
