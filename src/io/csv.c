/* csv.c - streaming RFC 4180 reader with encoding detection, and writer.
 *
 * Data flow: raw bytes [rp, re) come from the source (a file read in chunks
 * of CSV_CHUNK_BYTES into `buf`, or the caller's memory buffer); a decoder
 * turns them into a window [pos, end) of valid UTF-8 text; the parser scans
 * the window with a class table and copies field bytes into `rec`, a record
 * buffer allocated once at its maximum. For UTF-8 input the window is the
 * raw bytes themselves (checked chunk by chunk unless a first pass already
 * validated the whole input); for GB18030 it is iconv's output in `dec`.
 * Nothing grows with the input.
 *
 * A byte sequence that is invalid in the detected encoding is not consumed
 * by the decoder: fill() reports it (FILL_BAD) once the parser has used up
 * every byte before it, so the error names the line the parser is on, and
 * the parser then skips one byte. */
#include "io/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/mem.h"

_Static_assert(CSV_CHUNK_BYTES >= 16, "CSV_CHUNK_BYTES too small");
_Static_assert(MAX_CSV_FIELDS >= 1 && MAX_CSV_FIELD >= 1 && MAX_CSV_RECORD >= 1,
               "CSV limits must be positive");

/* What peek() returns besides a byte. */
enum { CH_EOF = -1, CH_BAD = -2 };
/* What fill() returns. */
enum { FILL_EOF = 0, FILL_OK = 1, FILL_BAD = 2 };
/* How a field ended. */
enum field_end { END_FIELD, END_RECORD };

/* Character classes: bytes that stop the scan of an unquoted (C_UNQ) or a
 * quoted (C_QUO) field. '"' is ordinary inside an unquoted field. */
enum { C_UNQ = 1, C_QUO = 2 };
static const unsigned char cls[256] = {
    [0] = C_UNQ | C_QUO, ['\n'] = C_UNQ | C_QUO, ['\r'] = C_UNQ | C_QUO,
    [','] = C_UNQ,       ['"'] = C_QUO,
};

struct csv_reader {
	/* parse window: decoded, valid UTF-8 not yet parsed */
	const unsigned char *pos, *end;
	long line; /* physical line at pos, 1-based */

	/* the record being assembled */
	char *rec;           /* field bytes, each field NUL-terminated */
	size_t rlen;         /* bytes used in rec, NULs included */
	size_t rbytes;       /* field bytes in the record (checked against MAX_CSV_RECORD) */
	size_t flen;         /* bytes of the current field */
	struct strv *fields; /* MAX_CSV_FIELDS views into rec */
	size_t nf;           /* fields stored */
	size_t fi;           /* index of the current field (keeps counting past the limit) */
	long rline;          /* line on which the record starts */
	long fline;          /* line on which the current field starts */
	bool in_quote;       /* the current field is quoted */
	bool has_err;        /* err holds the record's first error; nothing more is stored */
	struct app_err err;

	/* source */
	int fd;                       /* -1 for memory input */
	unsigned char *buf;           /* file input: CSV_CHUNK_BYTES read buffer */
	const unsigned char *rp, *re; /* raw bytes not yet decoded */
	bool eof;                     /* nothing more to read beyond re */
	size_t nread;                 /* raw bytes read so far (memory: all) */
	size_t size;                  /* total raw size, 0 if unknown */
	bool io_failed;               /* a read failed: io_err is final */
	int io_errno;                 /* errno of that failure */
	struct app_err io_err;

	/* decoding */
	enum csv_encoding enc;
	bool trusted;    /* UTF-8 validated in a first pass: no per-chunk check */
	bool from_start; /* UTF-8 chosen from the first chunk only (a pipe) */
	iconv_t cd;      /* GB18030 -> UTF-8, or (iconv_t)-1 */
	char *dec;       /* iconv output buffer */
	size_t dec_cap;
};

/* ---- UTF-8 ---- */

/* Returns the length of the longest prefix of s[0..n) made of whole, valid
 * UTF-8 sequences (Unicode table 3-7: no overlongs, surrogates or values
 * above U+10FFFF). *incomplete is set when the stop is a sequence that is
 * valid so far but cut short by the end of the bytes. */
static size_t utf8_span(const unsigned char *s, size_t n, bool *incomplete)
{
	size_t i = 0;
	*incomplete = false;
	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & UINT64_C(0x8080808080808080))) {
				i += 8;
				continue;
			}
		}
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* fast path: a whole 3-byte sequence without special cases (CJK) */
		if (c >= 0xE1 && c != 0xED && c <= 0xEF && n - i >= 3 &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		size_t len;
		unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		} else {
			return i;
		}
		for (size_t j = 1; j < len; j++) {
			if (i + j >= n) {
				*incomplete = true;
				return i;
			}
			unsigned t = s[i + j];
			if (j == 1 ? (t < lo || t > hi) : (t & 0xC0) != 0x80)
				return i;
		}
		i += len;
	}
	return i;
}

/* A text that is not all valid UTF-8 is still read as UTF-8 (its bad bytes
 * then reported where they are) when its valid multi-byte sequences
 * outnumber its bad bytes this many times: a UTF-8 file with a stray byte
 * must not be decoded as GB18030, which would turn every Chinese character
 * into two wrong ones without an error. GB18030 text rarely forms a valid
 * UTF-8 sequence (about one character in ten), and then among many bad
 * bytes. */
#define CSV_UTF8_MAJORITY 8

struct utf8_tally {
	size_t multi; /* whole valid multi-byte sequences */
	size_t bad;   /* bytes where no valid sequence starts */
};

/* Tallies s[0..n) into t; returns how many bytes it used: all of them when
 * last, otherwise it leaves a sequence cut by the end for the next call. */
static size_t utf8_tally_add(struct utf8_tally *t, const unsigned char *s, size_t n, bool last)
{
	size_t i = 0;
	while (i < n) {
		bool incomplete;
		size_t k = utf8_span(s + i, n - i, &incomplete);
		for (size_t j = i; j < i + k; j++)
			t->multi += (s[j] & 0xC0) == 0xC0;
		i += k;
		if (i == n || (incomplete && !last))
			break;
		t->bad++;
		i++;
	}
	return i;
}

static bool utf8_mostly(const struct utf8_tally *t)
{
	return t->multi / CSV_UTF8_MAJORITY >= t->bad && t->multi > 0;
}

/* ---- source and decoders ---- */

static void io_fail(struct csv_reader *r, int errnum)
{
	if (!r->io_failed) {
		r->io_failed = true;
		r->io_errno = errnum;
		app_err_set(&r->io_err, APP_EIO, "读取文件出错: %s", strerror(errnum));
	}
	r->eof = true;
}

/* Moves the unread raw bytes to the front of buf and reads until buf is
 * full or the input ends. Returns true if any byte was added. */
static bool read_more(struct csv_reader *r)
{
	if (r->eof)
		return false;
	size_t keep = (size_t)(r->re - r->rp);
	memmove(r->buf, r->rp, keep);
	size_t n = keep;
	while (n < CSV_CHUNK_BYTES) {
		ssize_t k = read(r->fd, r->buf + n, CSV_CHUNK_BYTES - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			io_fail(r, errno);
			break;
		}
		if (k == 0) {
			r->eof = true;
			break;
		}
		n += (size_t)k;
		r->nread += (size_t)k;
	}
	r->rp = r->buf;
	r->re = r->buf + n;
	return n > keep;
}

/* Appends one byte from the file at re (for detection). Returns false at
 * end of input or on a read error. */
static bool read_byte(struct csv_reader *r)
{
	for (;;) {
		ssize_t k = read(r->fd, r->buf + (r->re - r->buf), 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			io_fail(r, errno);
		else if (k == 0)
			r->eof = true;
		else {
			r->re++;
			r->nread++;
		}
		return k == 1;
	}
}

/* UTF-8 decoder: the window is the raw bytes, up to the last whole valid
 * sequence unless the input is trusted. */
static int fill_utf8(struct csv_reader *r)
{
	for (;;) {
		size_t n = (size_t)(r->re - r->rp);
		size_t k = n;
		bool incomplete = false;
		if (!r->trusted)
			k = utf8_span(r->rp, n, &incomplete);
		if (k > 0) {
			r->pos = r->rp;
			r->end = r->rp + k;
			r->rp += k;
			return FILL_OK;
		}
		if (n == 0 || incomplete) {
			if (read_more(r))
				continue;
			if (r->rp == r->re)
				return FILL_EOF;
		}
		return FILL_BAD; /* invalid, or cut short by the end of input */
	}
}

/* GB18030 decoder: iconv from raw into dec. */
static int fill_gb(struct csv_reader *r)
{
	for (;;) {
		char *in = (char *)r->rp, *out = r->dec;
		size_t inleft = (size_t)(r->re - r->rp), outleft = r->dec_cap;
		int err = 0;
		if (inleft && iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
			err = errno;
		r->rp = (const unsigned char *)in;
		if (out > r->dec) {
			r->pos = (const unsigned char *)r->dec;
			r->end = (const unsigned char *)out;
			return FILL_OK;
		}
		if (err == EILSEQ && *r->rp == 0x80) {
			/* code page 936's euro sign, which GB18030 leaves undefined */
			memcpy(r->dec, "\xE2\x82\xAC", 3);
			r->pos = (const unsigned char *)r->dec;
			r->end = r->pos + 3;
			r->rp++;
			return FILL_OK;
		}
		if (err == EILSEQ)
			return FILL_BAD;
		/* all consumed, or a sequence cut short by the end of the bytes */
		if (read_more(r))
			continue;
		return r->rp == r->re ? FILL_EOF : FILL_BAD;
	}
}

/* Makes a new window once the parser has used the old one. */
static int fill(struct csv_reader *r)
{
	return r->enc == CSV_GB18030 ? fill_gb(r) : fill_utf8(r);
}

/* The next byte without consuming it, or CH_EOF, or CH_BAD when the next
 * raw bytes are not valid text. */
static inline int peek(struct csv_reader *r)
{
	if (r->pos < r->end)
		return *r->pos;
	switch (fill(r)) {
	case FILL_OK:
		return *r->pos;
	case FILL_BAD:
		return CH_BAD;
	default:
		return CH_EOF;
	}
}

/* ---- errors ---- */

/* Records the first error of the current record (later ones are dropped),
 * at the given line and the current field. fmt holds the whole message,
 * "第N行..." included. */
static void fail(struct csv_reader *r, enum app_status s, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail(struct csv_reader *r, enum app_status s, long line, const char *fmt, ...)
{
	if (r->has_err)
		return;
	r->has_err = true;
	app_err_clear(&r->err);
	va_list ap;
	va_start(ap, fmt);
	app_err_vset(&r->err, s, fmt, ap);
	va_end(ap);
	r->err.line = line;
	r->err.col = (long)(r->fi + 1);
}

/* Invalid text at the front of the raw bytes: report and skip one byte. */
static void bad_text(struct csv_reader *r)
{
	if (r->enc == CSV_GB18030)
		fail(r, APP_EINVAL, r->line, "第%ld行: 不是有效的 UTF-8 或 GB18030 文本", r->line);
	else if (r->enc == CSV_UTF8_BOM)
		fail(r, APP_EINVAL, r->line,
		     "第%ld行: 不是有效的 UTF-8 文本 (文件以 UTF-8 BOM 开头)", r->line);
	else
		fail(r, APP_EINVAL, r->line,
		     "第%ld行: 不是有效的 UTF-8 文本 (编码已按文件开头判定为 UTF-8)", r->line);
	r->rp++;
}

static void nul_byte(struct csv_reader *r)
{
	fail(r, APP_EINVAL, r->line, "第%ld行第%zu列: 含有 NUL 字符 (文件可能不是文本)", r->line,
	     r->fi + 1);
}

/* ---- the record buffer ---- */

/* Reports the limit that the first byte beyond room crosses: the field's
 * when both are crossed by the same byte. (Deciding by byte, not by the
 * span at hand, makes the error independent of where refills fall.) */
static void too_large(struct csv_reader *r, size_t froom, size_t rroom)
{
	if (froom <= rroom)
		fail(r, APP_ETOOLARGE, r->fline, "第%ld行第%zu列: 字段超过 %d 字节%s", r->fline,
		     r->fi + 1, MAX_CSV_FIELD, r->in_quote ? " (引号可能未闭合)" : "");
	else
		fail(r, APP_ETOOLARGE, r->rline, "第%ld行: 一行记录超过 %d 字节 (第%zu列处)",
		     r->rline, MAX_CSV_RECORD, r->fi + 1);
}

/* Appends n bytes of the current field, unless the record already failed
 * or a limit is hit. */
static inline void put(struct csv_reader *r, const unsigned char *s, size_t n)
{
	if (r->has_err || n == 0)
		return;
	size_t froom = MAX_CSV_FIELD - r->flen, rroom = MAX_CSV_RECORD - r->rbytes;
	if (n > froom || n > rroom) {
		too_large(r, froom, rroom);
		return;
	}
	memcpy(r->rec + r->rlen, s, n);
	r->rlen += n;
	r->flen += n;
	r->rbytes += n;
}

static void begin_field(struct csv_reader *r)
{
	if (r->fi >= MAX_CSV_FIELDS)
		fail(r, APP_ETOOLARGE, r->line, "第%ld行: 字段数超过 %d (第%zu列)", r->line,
		     MAX_CSV_FIELDS, r->fi + 1);
	r->flen = 0;
	r->fline = r->line;
	r->in_quote = false;
	if (!r->has_err)
		r->fields[r->nf].p = r->rec + r->rlen;
}

static void end_field(struct csv_reader *r)
{
	if (!r->has_err) {
		r->fields[r->nf].n = r->flen;
		r->rec[r->rlen++] = '\0';
		r->nf++;
	}
	r->fi++;
}

/* ---- the parser ---- */

/* SWAR: true if any of the 8 bytes at p is ',', CR, LF or NUL (portable;
 * the exact byte is then found by the class table). */
#define ONES        UINT64_C(0x0101010101010101)
#define HIGHS       UINT64_C(0x8080808080808080)
#define HAS_ZERO(x) (((x)-ONES) & ~(x)&HIGHS)
static inline bool word_has_unq(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return (HAS_ZERO(w ^ (ONES * ',')) | HAS_ZERO(w ^ (ONES * '\r')) |
	        HAS_ZERO(w ^ (ONES * '\n')) | HAS_ZERO(w)) != 0;
}

/* Consumes a line end whose first byte (CR or LF) is at pos. */
static void eat_eol(struct csv_reader *r)
{
	int c = *r->pos++;
	r->line++;
	if (c == '\r' && peek(r) == '\n')
		r->pos++;
}

/* Scans an unquoted field (or the rest of one) up to a separator, a line
 * end or the end of input. */
static enum field_end unquoted(struct csv_reader *r)
{
	for (;;) {
		const unsigned char *p = r->pos, *e = r->end;
		while (e - p >= 8 && !word_has_unq(p))
			p += 8;
		while (p < e && !(cls[*p] & C_UNQ))
			p++;
		put(r, r->pos, (size_t)(p - r->pos));
		r->pos = p;
		if (p == e) {
			int f = fill(r);
			if (f == FILL_EOF)
				return END_RECORD;
			if (f == FILL_BAD)
				bad_text(r);
			continue;
		}
		if (*p == ',') {
			r->pos++;
			return END_FIELD;
		}
		if (*p == '\0') {
			nul_byte(r);
			r->pos++;
			continue;
		}
		eat_eol(r);
		return END_RECORD;
	}
}

/* After a closing quote: the field must end here. c is the next byte. */
static enum field_end after_quote(struct csv_reader *r, int c)
{
	if (c == CH_EOF)
		return END_RECORD;
	if (c == ',') {
		r->pos++;
		return END_FIELD;
	}
	if (c == '\r' || c == '\n') {
		eat_eol(r);
		return END_RECORD;
	}
	if (c >= 0x20 && c < 0x7F)
		fail(r, APP_EINVAL, r->line,
		     "第%ld行第%zu列: 右引号后出现多余字符 '%c' (字段内的引号应写作 \"\")", r->line,
		     r->fi + 1, c);
	else if (c != CH_BAD)
		fail(r, APP_EINVAL, r->line,
		     "第%ld行第%zu列: 右引号后出现多余字符 (字段内的引号应写作 \"\")", r->line,
		     r->fi + 1);
	/* read the rest as Excel would, to find where the record ends */
	return unquoted(r);
}

/* Scans a quoted field; pos is just after the opening quote. */
static enum field_end quoted(struct csv_reader *r)
{
	r->in_quote = true;
	for (;;) {
		const unsigned char *p = r->pos, *e = r->end;
		while (p < e && !(cls[*p] & C_QUO))
			p++;
		put(r, r->pos, (size_t)(p - r->pos));
		r->pos = p;
		if (p == e) {
			int f = fill(r);
			if (f == FILL_BAD) {
				bad_text(r);
			} else if (f == FILL_EOF) {
				r->has_err = false; /* the root cause outranks what it caused */
				fail(r, APP_EINVAL, r->fline,
				     "第%ld行第%zu列: 引号未闭合 (直到文件末尾)", r->fline,
				     r->fi + 1);
				return END_RECORD;
			}
			continue;
		}
		int c = *r->pos++;
		if (c == '"') {
			int next = peek(r);
			if (next != '"')
				return after_quote(r, next);
			put(r, r->pos++, 1);
		} else if (c == '\0') {
			nul_byte(r);
		} else {
			/* CR, LF or CRLF, kept as they are; CRLF counts once */
			put(r, r->pos - 1, 1);
			if (c == '\n' || peek(r) != '\n')
				r->line++;
		}
	}
}

static enum field_end field(struct csv_reader *r)
{
	enum field_end end;
	begin_field(r);
	if (peek(r) == '"') {
		r->pos++;
		end = quoted(r);
	} else {
		end = unquoted(r);
	}
	end_field(r);
	return end;
}

enum app_status csv_next(struct csv_reader *r, struct csv_record *rec, struct app_err *e)
{
	if (r->io_failed)
		goto io_error;
	r->has_err = false;
	r->rlen = r->rbytes = r->nf = r->fi = 0;
	int c;
	while ((c = peek(r)) == '\n' || c == '\r')
		eat_eol(r); /* empty lines */
	if (c == CH_EOF && r->io_failed)
		goto io_error;
	if (c == CH_EOF)
		return APP_ENOTFOUND;
	r->rline = r->line;
	while (field(r) == END_FIELD)
		;
	if (r->io_failed)
		goto io_error;
	if (r->has_err) {
		if (e)
			*e = r->err;
		return r->err.status;
	}
	rec->nfields = r->nf;
	rec->fields = r->fields;
	rec->line = r->rline;
	return APP_OK;
io_error:
	if (e)
		*e = r->io_err;
	return APP_EIO;
}

/* ---- opening ---- */

static struct csv_reader *reader_new(void)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->rec = xmalloc((size_t)MAX_CSV_RECORD + MAX_CSV_FIELDS + 1);
	r->fields = xcalloc(MAX_CSV_FIELDS, sizeof *r->fields);
	r->line = 1;
	r->fd = -1;
	r->cd = (iconv_t)-1;
	r->eof = true;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->buf);
	free(r->dec);
	free(r->rec);
	free(r->fields);
	free(r);
}

/* Looks for a byte order mark at rp; skips it and sets r->enc if found.
 * Returns APP_EINVAL for UTF-16. */
static enum app_status sniff_bom(struct csv_reader *r, bool *found, struct app_err *e)
{
	size_t n = (size_t)(r->re - r->rp);
	const unsigned char *p = r->rp;
	*found = true;
	if (n >= 3 && memcmp(p, CSV_UTF8_BOM_BYTES, 3) == 0) {
		r->enc = CSV_UTF8_BOM;
		r->rp += 3;
	} else if (n >= 4 && memcmp(p, "\x84\x31\x95\x33", 4) == 0) {
		r->enc = CSV_GB18030;
		r->rp += 4;
	} else if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
		return app_err_set(
		    e, APP_EINVAL,
		    "文件是 UTF-16 编码 (Excel 的 \"Unicode 文本\"), 请另存为 \"CSV UTF-8\" "
		    "或 \"CSV (逗号分隔)\"");
	} else {
		*found = false;
	}
	return APP_OK;
}

static enum app_status start_decoder(struct csv_reader *r, struct app_err *e)
{
	if (r->enc != CSV_GB18030)
		return APP_OK;
	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd == (iconv_t)-1)
		return app_err_set(e, APP_ENOTSUP,
		                   "文件似为 GB18030 编码, 但本系统不支持 GB18030 转换");
	r->dec_cap = (size_t)CSV_CHUNK_BYTES * 2;
	r->dec = xmalloc(r->dec_cap);
	return APP_OK;
}

/* First pass over a regular file: true if all of it is valid UTF-8. Reads
 * through buf; the caller rewinds. */
static bool file_is_utf8(struct csv_reader *r)
{
	for (;;) {
		size_t n = (size_t)(r->re - r->rp);
		bool incomplete;
		size_t k = utf8_span(r->rp, n, &incomplete);
		r->rp += k;
		if (k < n && !incomplete)
			return false;
		if (!read_more(r))
			return r->rp == r->re && !r->io_failed;
	}
}

/* Tallies the whole file from the first chunk, which a rewind has read. */
static bool file_mostly_utf8(struct csv_reader *r)
{
	struct utf8_tally t = {0, 0};
	for (;;) {
		bool last = r->eof;
		r->rp += utf8_tally_add(&t, r->rp, (size_t)(r->re - r->rp), last);
		if (!last && !read_more(r)) { /* nothing new: the end, or an error */
			if (r->io_failed)
				return false;
			last = true;
			r->rp += utf8_tally_add(&t, r->rp, (size_t)(r->re - r->rp), true);
		}
		if (last)
			return utf8_mostly(&t);
	}
}

static enum app_status rewind_file(struct csv_reader *r, struct app_err *e)
{
	if (lseek(r->fd, 0, SEEK_SET) != 0)
		return app_err_set(e, APP_EIO, "读取文件出错: %s", strerror(errno));
	r->rp = r->re = r->buf;
	r->eof = false;
	r->nread = 0;
	read_more(r);
	return APP_OK;
}

/* Decides the encoding of a file whose first chunk is in buf. */
static enum app_status detect_file(struct csv_reader *r, bool regular, struct app_err *e)
{
	bool bom;
	enum app_status st = sniff_bom(r, &bom, e);
	if (st != APP_OK || bom)
		return st;
	if (regular) {
		bool utf8 = file_is_utf8(r), mostly = false;
		if (!utf8 && !r->io_failed && (st = rewind_file(r, e)) == APP_OK)
			mostly = file_mostly_utf8(r);
		if (r->io_failed) {
			if (e)
				*e = r->io_err;
			return APP_EIO;
		}
		if (st == APP_OK)
			st = rewind_file(r, e);
		r->enc = utf8 || mostly ? CSV_UTF8 : CSV_GB18030;
		r->trusted = utf8;
		return st;
	}
	/* a pipe: decide from the first chunk, completing a character cut by
	 * its end (buf has room for 3 more bytes) */
	size_t n = (size_t)(r->re - r->rp), k = 0;
	bool incomplete;
	for (;;) {
		k += utf8_span(r->rp + k, n - k, &incomplete);
		if (!incomplete || r->eof || n - k >= 4 || !read_byte(r))
			break;
		n++;
	}
	bool utf8 = k == n || (incomplete && !r->eof);
	if (!utf8) {
		struct utf8_tally t = {0, 0};
		utf8_tally_add(&t, r->rp, n, true);
		utf8 = utf8_mostly(&t);
	}
	r->enc = utf8 ? CSV_UTF8 : CSV_GB18030;
	r->from_start = utf8;
	return APP_OK;
}

enum app_status csv_open(const char *path, struct csv_reader **out, struct app_err *e)
{
	enum app_status st = APP_OK;
	struct csv_reader *r = NULL;
	struct stat sb;
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return app_err_set(e, APP_EIO, "无法打开文件 %s: %s", path, strerror(errno));
	r = reader_new();
	r->fd = fd;
	if (fstat(fd, &sb) != 0) {
		st = app_err_set(e, APP_EIO, "无法读取文件 %s: %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		st = app_err_set(e, APP_EIO, "无法读取文件 %s: 是一个目录", path);
		goto out;
	}
	bool regular = S_ISREG(sb.st_mode);
	if (regular)
		r->size = (size_t)sb.st_size;
	r->buf = xmalloc(CSV_CHUNK_BYTES + 4);
	r->rp = r->re = r->buf;
	r->eof = false;
	read_more(r);
	if (r->io_failed) {
		st = app_err_set(e, APP_EIO, "无法读取文件 %s: %s", path, strerror(r->io_errno));
		goto out;
	}
	st = detect_file(r, regular, e);
	if (st == APP_OK)
		st = start_decoder(r, e);
out:
	if (st != APP_OK) {
		csv_close(r);
		return st;
	}
	*out = r;
	return APP_OK;
}

enum app_status csv_open_mem(const char *data, size_t n, struct csv_reader **out, struct app_err *e)
{
	enum app_status st;
	bool bom;
	struct csv_reader *r = reader_new();
	*out = NULL;
	if (!data)
		data = "";
	r->rp = (const unsigned char *)data;
	r->re = r->rp + n;
	r->nread = r->size = n;
	st = sniff_bom(r, &bom, e);
	if (st == APP_OK && !bom) {
		bool incomplete;
		size_t len = (size_t)(r->re - r->rp);
		r->trusted = utf8_span(r->rp, len, &incomplete) == len;
		struct utf8_tally t = {0, 0};
		if (!r->trusted)
			utf8_tally_add(&t, r->rp, len, true);
		r->enc = r->trusted || utf8_mostly(&t) ? CSV_UTF8 : CSV_GB18030;
	}
	if (st == APP_OK)
		st = start_decoder(r, e);
	if (st != APP_OK) {
		csv_close(r);
		return st;
	}
	*out = r;
	return APP_OK;
}

enum csv_encoding csv_encoding(const struct csv_reader *r)
{
	return r->enc;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_UTF8:
		return "UTF-8";
	case CSV_UTF8_BOM:
		return "UTF-8 (BOM)";
	case CSV_GB18030:
		return "GB18030";
	}
	return "?";
}

size_t csv_offset(const struct csv_reader *r)
{
	size_t ahead = (size_t)(r->re - r->rp);
	if (r->enc != CSV_GB18030 && r->pos)
		ahead += (size_t)(r->end - r->pos);
	return r->nread - ahead;
}

size_t csv_size(const struct csv_reader *r)
{
	return r->size;
}

/* ---- writer ---- */

static bool needs_quotes(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return true;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\r' || c == '\n')
			return true;
	}
	return false;
}

static enum app_status put_quoted(struct buf *b, const char *s, size_t n)
{
	enum app_status st = buf_putc(b, '"');
	while (st == APP_OK && n > 0) {
		const char *q = memchr(s, '"', n);
		size_t k = q ? (size_t)(q - s) + 1 : n; /* through the quote */
		st = buf_append(b, s, k);
		if (st == APP_OK && q)
			st = buf_putc(b, '"');
		s += k;
		n -= k;
	}
	if (st == APP_OK)
		st = buf_putc(b, '"');
	return st;
}

enum app_status csv_put_field(struct buf *b, const char *s, size_t n, bool first)
{
	size_t old = b->len;
	enum app_status st = APP_OK;
	if (!first)
		st = buf_putc(b, ',');
	if (st == APP_OK) {
		if (first && n == 0)
			st = buf_append(b, "\"\"", 2);
		else if (needs_quotes(s, n))
			st = put_quoted(b, s, n);
		else
			st = buf_append(b, s, n);
	}
	if (st != APP_OK && b->p) {
		b->len = old;
		b->p[old] = '\0';
	}
	return st;
}

enum app_status csv_end_record(struct buf *b)
{
	return buf_append(b, "\r\n", 2);
}

/* True if s[0..n) is a plain number: digits with at most one '.', optional
 * thousands commas and an optional trailing '%'. */
static bool plain_number(const char *s, size_t n)
{
	bool digit = false, dot = false;
	if (n > 0 && s[n - 1] == '%')
		n--;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (s[i] == '.' && !dot)
			dot = true;
		else if (s[i] != ',')
			return false;
	}
	return digit;
}

bool csv_looks_like_formula(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (s[0] == '=')
		return true;
	if (s[0] != '+' && s[0] != '-' && s[0] != '@')
		return false;
	return n > 1 && !plain_number(s + 1, n - 1);
}
