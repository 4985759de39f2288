/* csv.h - a streaming RFC 4180 reader and writer.
 *
 * Reader: quoted fields with embedded commas, quotes ("") and newlines; CRLF
 * or LF line ends; a final line without a newline. Input encoding is detected
 * automatically: UTF-8 (with or without BOM) or GB18030, which Chinese Excel
 * writes; GB18030 is converted to UTF-8 as it is read. Memory is bounded by
 * CSV_CHUNK_BYTES, MAX_CSV_FIELD, MAX_CSV_FIELDS and MAX_CSV_RECORD whatever
 * the file size.
 *
 * Errors name the physical line (and field) where the problem starts:
 * "第12行第3列: 引号未闭合", "第3行第2列: 字段超过 65536 字节", "第7行: 不是有效的 UTF-8
 * 或 GB18030 文本".
 *
 * Dialect decisions (lenient where Excel is lenient, strict where data
 * would otherwise be guessed):
 * - A line ends at LF, CRLF or a lone CR (old Mac Excel); the same three
 *   count as physical lines inside quoted fields, where they are kept as
 *   they are.
 * - Entirely empty lines are skipped (they still count as lines). A line of
 *   only separators (",,") is a record of empty fields; `""` is a record of
 *   one empty field.
 * - A quote is special only as the first character of a field. Inside an
 *   unquoted field it is an ordinary character: `ab"c` reads as ab"c, as
 *   Excel and LibreOffice read it (Excel itself writes such fields quoted).
 * - Errors: an opening quote never closed (reported at the line of the
 *   quote; the rest of the input is swallowed by the field); any character
 *   after a closing quote other than a separator or line end ("ab"c);
 *   a NUL byte; text that is not valid in the detected encoding; a field,
 *   record or field count over its limit.
 * - GB18030 mode accepts the single byte 0x80 as "€", as Windows code page
 *   936 (what Excel actually writes) does; GB18030 itself leaves it
 *   undefined.
 *
 * Encoding detection: a UTF-8 BOM means UTF-8 (each chunk is then checked as
 * it is read); the GB18030 BOM (84 31 95 33) means GB18030; a UTF-16 BOM is
 * refused at open. Otherwise the input is UTF-8 if all of it is valid UTF-8
 * (a first pass over a whole memory buffer or seekable file; only the first
 * chunk of a pipe), or if its valid multi-byte UTF-8 sequences outnumber its
 * invalid bytes at least 8 to 1 (a UTF-8 file with a stray byte: the byte is
 * then an error at its line); GB18030 otherwise. */
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
 * is a regular file; otherwise the first CSV_CHUNK_BYTES) to decide between
 * UTF-8 and GB18030. Returns APP_EIO if the file cannot be opened or read,
 * APP_EINVAL for a UTF-16 file, APP_ENOTSUP if the C library cannot convert
 * GB18030. On success *out owns the file descriptor; free with csv_close. */
enum app_status csv_open(const char *path, struct csv_reader **out, struct app_err *e);
/* Reads from memory (the bytes are not copied and must outlive the reader;
 * data may be NULL when n is 0). Same results as csv_open. */
enum app_status csv_open_mem(const char *data, size_t n, struct csv_reader **out,
                             struct app_err *e);
/* Frees the reader and closes its file. NULL is a no-op. */
void csv_close(struct csv_reader *r);

enum csv_encoding csv_encoding(const struct csv_reader *r);
/* "UTF-8", "UTF-8 (BOM)", "GB18030". */
const char *csv_encoding_name(enum csv_encoding enc);

/* One record. Field views point into the reader's buffer and are valid until
 * the next csv_next or csv_close. Fields are UTF-8 (validated), hold no NUL
 * byte, and are each followed by a NUL (fields[i].p[fields[i].n] == '\0'),
 * so they may be used as C strings. */
struct csv_record {
	size_t nfields;      /* at least 1 */
	struct strv *fields; /* nfields views, owned by the reader */
	long line;           /* physical line (1-based) on which the record starts */
};

/* Reads the next record. Returns APP_OK with *rec filled, or APP_ENOTFOUND
 * at end of input, or APP_EINVAL / APP_ETOOLARGE with e set (line in
 * e->line, field in e->col, both 1-based) for a malformed record. Only the
 * first error of a record is reported; the rest of that record is read and
 * discarded by the usual quoting rules, so the next call returns the next
 * record. APP_EIO (a read error) is final: every later call returns it
 * again. Entirely empty lines are skipped. e may be NULL. */
enum app_status csv_next(struct csv_reader *r, struct csv_record *rec, struct app_err *e);

/* Bytes of input consumed so far (for GB18030, counting the bytes already
 * decoded ahead of the parser) and the total size if known (0 if not), for
 * progress reports. */
size_t csv_offset(const struct csv_reader *r);
size_t csv_size(const struct csv_reader *r);

/* ---- writer ---- */

/* Appends one field to b, with a comma before it unless first. The field
 * is quoted (and its quotes doubled) if it holds a comma, quote, CR or LF,
 * or begins or ends with a space or tab; an empty first field is written
 * as "" so that a record of one empty field is not an empty line (which
 * readers skip). The bytes are written as given: the caller supplies UTF-8.
 * Returns APP_ETOOLARGE, leaving b as it was, if b's maximum would be
 * exceeded. */
enum app_status csv_put_field(struct buf *b, const char *s, size_t n, bool first);
/* Appends CRLF (RFC 4180 line end). APP_ETOOLARGE as csv_put_field. */
enum app_status csv_end_record(struct buf *b);
/* The UTF-8 BOM, for files Excel must open as UTF-8. */
#define CSV_UTF8_BOM_BYTES "\xEF\xBB\xBF"

/* Formula injection check for exports (OWASP "CSV Injection"): true if a
 * spreadsheet would take the text as a formula, i.e. it starts with '='
 * (always: "=1" is a formula too), or with '+', '-' or '@' followed by
 * something that is not a plain number ("-12.5", "+1,234", "-5%" are
 * numbers; "-", "+" and "@" alone are not formulas; "+A1", "-1+2", "@SUM(A1)"
 * and "+86 23 6000" are). The writer never changes data; an exporter that
 * wants protection prefixes such cells with an apostrophe or a tab itself,
 * and says so to the user. */
bool csv_looks_like_formula(const char *s, size_t n);

#endif
