/* csv.h - a streaming RFC 4180 reader and writer.
 *
 * Reader: quoted fields with embedded commas, quotes ("") and newlines; CRLF
 * or LF line ends; a final line without a newline. Input encoding is detected
 * automatically: UTF-8 (with or without BOM) or GB18030, which Chinese Excel
 * writes; GB18030 is converted to UTF-8 as it is read. Memory is bounded by
 * MAX_CSV_FIELD, MAX_CSV_FIELDS and MAX_CSV_RECORD whatever the file size.
 *
 * Errors name the physical line (and field) where the problem starts:
 * "第12行: 引号未闭合", "第3行第2列: 字段超过 65536 字节", "第7行: 不是有效的 UTF-8
 * 或 GB18030 文本". */
#ifndef ZJTX_CSV_H
#define ZJTX_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"

enum csv_encoding { CSV_UTF8 = 1, CSV_UTF8_BOM, CSV_GB18030 };

struct csv_reader;

/* Opens a file for reading. Detection reads ahead (the whole file when it
 * is seekable; otherwise the first chunk) to decide between UTF-8 and
 * GB18030. Returns APP_EIO if the file cannot be opened. */
enum app_status csv_open(const char *path, struct csv_reader **out, struct app_err *e);
/* Reads from memory (the bytes are not copied and must outlive the reader). */
enum app_status csv_open_mem(const char *data, size_t n, struct csv_reader **out,
			     struct app_err *e);
void csv_close(struct csv_reader *r);

enum csv_encoding csv_encoding(const struct csv_reader *r);
/* "UTF-8", "UTF-8 (BOM)", "GB18030". */
const char *csv_encoding_name(enum csv_encoding enc);

/* One record. Field views point into the reader's buffer and are valid until
 * the next csv_next or csv_close. Fields are UTF-8 (validated). */
struct csv_record {
	size_t nfields;
	struct strv *fields;
	long line; /* physical line (1-based) on which the record starts */
};

/* Reads the next record. Returns APP_OK with *rec filled, or APP_ENOTFOUND
 * at end of input, or APP_EINVAL / APP_ETOOLARGE with e set (line in
 * e->line, field in e->col) for malformed input; after an error the reader
 * is positioned at the next line and reading may continue. Entirely empty
 * lines are skipped. */
enum app_status csv_next(struct csv_reader *r, struct csv_record *rec, struct app_err *e);

/* Bytes consumed so far and the total size if known (0 if not), for
 * progress reports. */
size_t csv_offset(const struct csv_reader *r);
size_t csv_size(const struct csv_reader *r);

/* ---- writer ---- */

/* Appends one field to b, quoting it if it holds a comma, quote, CR or LF
 * (or leading/trailing space); sep is written before it unless first. */
enum app_status csv_put_field(struct buf *b, const char *s, size_t n, bool first);
/* Appends CRLF (RFC 4180 line end). */
enum app_status csv_end_record(struct buf *b);
/* The UTF-8 BOM, for files Excel must open as UTF-8. */
#define CSV_UTF8_BOM_BYTES "\xEF\xBB\xBF"

#endif
