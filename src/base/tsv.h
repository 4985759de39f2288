/* tsv.h - a reader for the tab-separated reference tables in data/.
 *
 * The format: UTF-8 text, one record per line ('\n' or "\r\n"), fields
 * separated by a single TAB, no quoting. Lines that are empty or start with
 * '#' are comments. The first non-comment line is the header naming the
 * columns. The reader works over memory (an embedded file), allocates
 * nothing and never reads past the end it was given. */
#ifndef ZJTX_TSV_H
#define ZJTX_TSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/str.h"

struct tsv_reader {
	const char *p, *end; /* unread part of the text */
	const char *name;    /* file name for messages */
	long line;           /* 1-based number of the line last read */
};

/* Starts reading text (len bytes). name is used in messages and must outlive
 * the reader. */
void tsv_init(struct tsv_reader *r, const char *name, const char *text, size_t len);

/* Reads the next non-comment line into fields[0..max-1] (views into the
 * text, not NUL-terminated, not trimmed). Returns the number of fields on the
 * line (which may exceed max: only max are stored), or 0 at the end. */
size_t tsv_next(struct tsv_reader *r, struct strv *fields, size_t max);

/* Reads the next record and requires exactly ncols fields. Returns false at
 * the end of the text (e untouched). On a wrong field count returns false
 * and sets e (APP_EINVAL, "FILE 第N行: 应有 K 列,实际 M 列"). */
bool tsv_row(struct tsv_reader *r, struct strv *fields, size_t ncols, struct app_err *e);

/* Reads the header line and checks that it names exactly the columns cols[]
 * (ncols <= MAX_TSV_COLUMNS of them), in order. On mismatch returns APP_EINVAL with a message
 * naming the first differing column. */
enum app_status tsv_expect_header(struct tsv_reader *r, const char *const *cols, size_t ncols,
                                  struct app_err *e);

#endif
