/* t_csv.c - io/csv: RFC 4180 reading from memory, files and pipes; encoding
 * detection (UTF-8, BOM, GB18030); line numbers; errors and recovery; limits;
 * chunk boundaries; the writer; the formula check.
 *
 * Most cases are a table of input bytes and the expected rendering of what
 * the reader returns: one line per record, "LINE:[f1|f2]" (the line on which
 * the record starts), or "ELINE,COL:status" for an error. In fields CR, LF,
 * '|' and '\' are shown as \r, \n, \| and \\, and a field over 64 bytes as
 * #LENGTH. Every table case runs three ways: csv_open_mem, csv_open on a
 * temporary file, and csv_open on a pipe. */
#include <fcntl.h>
#include <iconv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "io/csv.h"
#include "test.h"

#define IN(s) s, sizeof(s) - 1

/* Fault injection: read(2) as the reader sees it. After reads_left more
 * successful calls, read fails with EIO; -1 means never. */
static int reads_left = -1;
ssize_t read(int fd, void *p, size_t n)
{
	if (reads_left == 0) {
		errno = EIO;
		return -1;
	}
	if (reads_left > 0)
		reads_left--;
	return (ssize_t)syscall(SYS_read, fd, p, n);
}
#define DUMP_MAX ((size_t)64 << 20)

static void render_field(struct buf *out, const char *p, size_t n)
{
	if (n > 64) {
		buf_printf(out, "#%zu", n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		switch (p[i]) {
		case '\r':
			buf_puts(out, "\\r");
			break;
		case '\n':
			buf_puts(out, "\\n");
			break;
		case '|':
			buf_puts(out, "\\|");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		default:
			buf_putc(out, p[i]);
		}
	}
}

/* Reads every record of r into out; closes r. The first error message is
 * kept in *first_err if given. */
static void dump_reader(struct csv_reader *r, struct buf *out, struct app_err *first_err)
{
	struct csv_record rec;
	struct app_err e = {0};
	enum app_status st;
	int guard = 0;
	while ((st = csv_next(r, &rec, &e)) != APP_ENOTFOUND && guard++ < 10000000) {
		if (st != APP_OK) {
			buf_printf(out, "E%ld,%ld:%s\n", e.line, e.col, app_status_str(st));
			if (first_err && first_err->status == APP_OK)
				*first_err = e;
			if (st == APP_EIO)
				break;
			continue;
		}
		buf_printf(out, "%ld:[", rec.line);
		for (size_t i = 0; i < rec.nfields; i++) {
			if (i)
				buf_putc(out, '|');
			render_field(out, rec.fields[i].p, rec.fields[i].n);
		}
		buf_puts(out, "]\n");
	}
	csv_close(r);
}

enum mode { M_MEM, M_FILE, M_PIPE };
static const char *const mode_names[] = {"mem", "file", "pipe"};

static char tmpdir[] = "/tmp/t_csv.XXXXXX";

/* Writes data to a new temporary file; returns its path (static). */
static const char *write_tmp(const char *data, size_t n)
{
	static char path[64];
	static int seq;
	snprintf(path, sizeof path, "%s/f%d.csv", tmpdir, seq++);
	FILE *f = fopen(path, "wb");
	APP_ASSERT(f);
	APP_ASSERT(fwrite(data, 1, n, f) == n);
	fclose(f);
	return path;
}

/* Opens data through a pipe written by a child process. *child is the
 * writer to wait for after reading. */
static enum app_status open_pipe(const char *data, size_t n, struct csv_reader **r,
                                 struct app_err *e, pid_t *child)
{
	int fds[2];
	APP_ASSERT(pipe(fds) == 0);
	pid_t pid = fork();
	APP_ASSERT(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		size_t off = 0;
		while (off < n) {
			ssize_t k = write(fds[1], data + off, n - off);
			if (k <= 0)
				_exit(1);
			off += (size_t)k;
		}
		_exit(0);
	}
	close(fds[1]);
	char path[64];
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	enum app_status st = csv_open(path, r, e);
	close(fds[0]);
	*child = pid;
	return st;
}

static enum app_status open_mode(enum mode m, const char *data, size_t n, struct csv_reader **r,
                                 struct app_err *e, pid_t *child)
{
	*child = 0;
	if (m == M_MEM)
		return csv_open_mem(data, n, r, e);
	if (m == M_FILE)
		return csv_open(write_tmp(data, n), r, e);
	return open_pipe(data, n, r, e, child);
}

static void reap(pid_t child)
{
	if (child > 0) {
		int status;
		/* the reader may stop early (EIO): let the writer finish */
		waitpid(child, &status, 0);
	}
}

/* Renders data read in mode m; caller frees. *enc gets the encoding. */
static char *dump(enum mode m, const char *data, size_t n, enum csv_encoding *enc,
                  struct app_err *first_err)
{
	struct buf out;
	struct csv_reader *r;
	struct app_err e = {0};
	pid_t child;
	buf_init(&out, DUMP_MAX);
	enum app_status st = open_mode(m, data, n, &r, &e, &child);
	if (st != APP_OK) {
		buf_printf(&out, "open:%s", app_status_str(st));
		if (child > 0)
			kill(child, SIGKILL);
		reap(child);
		return buf_steal(&out);
	}
	if (enc)
		*enc = csv_encoding(r);
	dump_reader(r, &out, first_err);
	reap(child);
	return buf_steal(&out);
}

/* ---- table of reading cases ---- */

struct read_case {
	const char *name;
	const char *in;
	size_t n;
	const char *want;
	enum csv_encoding enc;
};

static const struct read_case read_cases[] = {
    /* RFC 4180 basics */
    {"LF records", IN("a,b,c\n1,2,3\n"), "1:[a|b|c]\n2:[1|2|3]\n", CSV_UTF8},
    {"CRLF records", IN("a,b\r\n1,2\r\n"), "1:[a|b]\n2:[1|2]\n", CSV_UTF8},
    {"last record without newline", IN("a,b\n1,2"), "1:[a|b]\n2:[1|2]\n", CSV_UTF8},
    {"empty fields", IN(",a,,\n,"), "1:[|a||]\n2:[|]\n", CSV_UTF8},
    {"separators only", IN(",,\r\n"), "1:[||]\n", CSV_UTF8},
    {"one empty quoted field is a record", IN("\"\"\nx\n"), "1:[]\n2:[x]\n", CSV_UTF8},
    {"quoted comma", IN("\"a,b\",c\n"), "1:[a,b|c]\n", CSV_UTF8},
    {"doubled quotes", IN("\"a\"\"b\",\"\"\"\"\n"), "1:[a\"b|\"]\n", CSV_UTF8},
    {"quoted empty then text", IN("\"\",\"x\"\r\n"), "1:[|x]\n", CSV_UTF8},
    {"quoted last field at end of input", IN("a,\"b\"\n\"c\",\"d\""), "1:[a|b]\n2:[c|d]\n",
     CSV_UTF8},
    {"empty quoted field at end of input", IN("\"\""), "1:[]\n", CSV_UTF8},
    {"spaces kept", IN(" a , b \n"), "1:[ a | b ]\n", CSV_UTF8},
    /* newlines inside quotes, and physical line numbers */
    {"quoted LF spans lines", IN("x\n\"a\nb\",c\nnext\n"), "1:[x]\n2:[a\\nb|c]\n4:[next]\n",
     CSV_UTF8},
    {"quoted CRLF kept", IN("\"a\r\nb\"\r\nz\r\n"), "1:[a\\r\\nb]\n3:[z]\n", CSV_UTF8},
    {"quoted lone CR kept, counts a line", IN("\"a\rb\"\nz"), "1:[a\\rb]\n3:[z]\n", CSV_UTF8},
    {"quoted empty line", IN("\"a\n\nb\"\nz\n"), "1:[a\\n\\nb]\n4:[z]\n", CSV_UTF8},
    {"quoted newline at field start and end", IN("\"\nx\n\",y\nz"), "1:[\\nx\\n|y]\n4:[z]\n",
     CSV_UTF8},
    /* empty lines and line ends */
    {"empty lines skipped but counted", IN("\n\na\n\n\r\nb\n\n"), "3:[a]\n6:[b]\n", CSV_UTF8},
    {"lone CR ends a record", IN("a\rb\r"), "1:[a]\n2:[b]\n", CSV_UTF8},
    {"CR CR LF is a record and an empty line", IN("a\r\r\nb"), "1:[a]\n3:[b]\n", CSV_UTF8},
    {"only line ends", IN("\r\n\n\r"), "", CSV_UTF8},
    {"empty input", IN(""), "", CSV_UTF8},
    /* lenient quote rules */
    {"quote inside unquoted field is literal", IN("ab\"c,d\"\n"), "1:[ab\"c|d\"]\n", CSV_UTF8},
    {"space before a quote makes it literal", IN(" \"a,b\"\n"), "1:[ \"a|b\"]\n", CSV_UTF8},
    /* encodings */
    {"UTF-8 Chinese", IN("重庆,企业\n"), "1:[重庆|企业]\n", CSV_UTF8},
    {"UTF-8 BOM",
     IN("\xEF\xBB\xBF"
        "a,b\n"),
     "1:[a|b]\n", CSV_UTF8_BOM},
    {"UTF-8 BOM only", IN("\xEF\xBB\xBF"), "", CSV_UTF8_BOM},
    {"UTF-8 BOM quoted first field", IN("\xEF\xBB\xBF\"重,庆\",x"), "1:[重,庆|x]\n", CSV_UTF8_BOM},
    {"GB18030 重庆,企业", IN("\xD6\xD8\xC7\xEC,\xC6\xF3\xD2\xB5\r\n"), "1:[重庆|企业]\n",
     CSV_GB18030},
    {"GB18030 four-byte U+20000", IN("\x95\x32\x82\x36,\xD6\xD8\n"), "1:[𠀀|重]\n", CSV_GB18030},
    {"GB18030 0x80 read as euro (cp936)", IN("\xD6\xD8\x80\n"), "1:[重€]\n", CSV_GB18030},
    {"GB18030 BOM",
     IN("\x84\x31\x95\x33"
        "a,\xD6\xD8\n"),
     "1:[a|重]\n", CSV_GB18030},
    {"GB18030 quoted newline", IN("\"\xD6\xD8\n\xC7\xEC\",x\n\xC6\xF3\n"),
     "1:[重\\n庆|x]\n3:[企]\n", CSV_GB18030},
    /* errors, each followed by recovery */
    {"unterminated quote", IN("a,\"bc\nd\n"), "E1,2:invalid\n", CSV_UTF8},
    {"unterminated quote on a later line", IN("x\ny,\"z\n\nw"), "1:[x]\nE2,2:invalid\n", CSV_UTF8},
    {"unterminated after an escaped quote", IN("\"a\"\""), "E1,1:invalid\n", CSV_UTF8},
    {"text after closing quote", IN("\"ab\"c,d\nnext\n"), "E1,1:invalid\n2:[next]\n", CSV_UTF8},
    {"space after closing quote", IN("1,\"ab\" ,d\nn\n"), "E1,2:invalid\n2:[n]\n", CSV_UTF8},
    {"text after closing quote, more quotes", IN("\"a\"b\"c,d\"\nn\n"), "E1,1:invalid\n2:[n]\n",
     CSV_UTF8},
    {"text after quote closing a multi-line field", IN("\"a\nb\"x\nn\n"), "E2,1:invalid\n3:[n]\n",
     CSV_UTF8},
    {"NUL in unquoted field", IN("a\0b,c\nn\n"), "E1,1:invalid\n2:[n]\n", CSV_UTF8},
    {"NUL in quoted field", IN("x,\"a\0\"\nn\n"), "E1,2:invalid\n2:[n]\n", CSV_UTF8},
    {"BOM then invalid UTF-8",
     IN("\xEF\xBB\xBF"
        "a\nb\xFF"
        "c,d\ne\n"),
     "1:[a]\nE2,1:invalid\n3:[e]\n", CSV_UTF8_BOM},
    {"BOM, bad UTF-8 in field 2 of a two-line record", IN("\xEF\xBB\xBF\"x\ny\",\xC3\x28\nz\n"),
     "E2,2:invalid\n3:[z]\n", CSV_UTF8_BOM},
    {"BOM, UTF-8 cut short at end",
     IN("\xEF\xBB\xBF"
        "a\n\xE9\x87"),
     "1:[a]\nE2,1:invalid\n", CSV_UTF8_BOM},
    {"BOM, overlong and surrogate", IN("\xEF\xBB\xBF\xC0\xAF\n\xED\xA0\x80\nok"),
     "E1,1:invalid\nE2,1:invalid\n3:[ok]\n", CSV_UTF8_BOM},
    {"invalid GB18030", IN("\xD6\xD8\n\x81\x20x\nok\n"), "1:[重]\nE2,1:invalid\n3:[ok]\n",
     CSV_GB18030},
    {"GB18030 cut short at end", IN("\xD6\xD8\n\x81"), "1:[重]\nE2,1:invalid\n", CSV_GB18030},
    {"invalid GB18030 inside a quoted field", IN("\"\xD6\xD8\n\xFF\nb\",c\nz\n"),
     "E2,1:invalid\n4:[z]\n", CSV_GB18030},
    {"invalid GB18030 alone on a line", IN("\xD6\xD8\n\xFF\nc\n"), "1:[重]\nE2,1:invalid\n3:[c]\n",
     CSV_GB18030},
    {"invalid GB18030 after a lone CR", IN("a\r\xFF\rc"), "1:[a]\nE2,1:invalid\n3:[c]\n",
     CSV_GB18030},
    {"invalid GB18030 after closing quote", IN("\"a\"\xFF\nz\n"), "E1,1:invalid\n2:[z]\n",
     CSV_GB18030},
    {"invalid GB18030 at the end of input", IN("a\n\xFF"), "1:[a]\nE2,1:invalid\n", CSV_GB18030},
    /* mostly UTF-8: a stray byte is an error where it is, not a reason to read
     * the whole file as GB18030 (15 valid CJK sequences >= 8 x 1 bad byte) */
    {"UTF-8 with a stray byte stays UTF-8", IN("重庆市沙坪坝区,企业名称\n中国\xFF\n重庆\n"),
     "1:[重庆市沙坪坝区|企业名称]\nE2,1:invalid\n3:[重庆]\n", CSV_UTF8},
    /* 7 valid sequences per bad byte is not enough: read as GB18030 */
    {"few UTF-8 sequences among bad bytes: GB18030", IN("重庆市沙坪坝\xFF\n"), "E1,1:invalid\n",
     CSV_GB18030},
    /* GB18030 "模" (C4 A3) is also a valid UTF-8 pair; the rest is not */
    {"GB18030 with an accidental UTF-8 pair", IN("\xC4\xA3\xD6\xD8\xC7\xEC\n"), "1:[模重庆]\n",
     CSV_GB18030},
};

static void test_read_table(void)
{
	for (size_t i = 0; i < sizeof read_cases / sizeof read_cases[0]; i++) {
		const struct read_case *c = &read_cases[i];
		for (enum mode m = M_MEM; m <= M_PIPE; m++) {
			enum csv_encoding enc = 0;
			char *got = dump(m, c->in, c->n, &enc, NULL);
			char name[160];
			snprintf(name, sizeof name, "%s (%s)", c->name, mode_names[m]);
			is_str(got, c->want, name);
			is_int(enc, c->enc, "  encoding");
			free(got);
		}
	}
}

/* ---- messages, encodings, offsets, opening ---- */

static void check_msg(const char *in, size_t n, const char *want, const char *name)
{
	struct app_err e = {0};
	char *got = dump(M_MEM, in, n, NULL, &e);
	is_str(e.msg, want, name);
	free(got);
}

static void test_messages(void)
{
	check_msg(IN("x\ny,\"z\n\nw"), "第2行第2列: 引号未闭合 (直到文件末尾)",
	          "unterminated message");
	check_msg(IN("\"ab\"c,d\n"),
	          "第1行第1列: 右引号后出现多余字符 'c' (字段内的引号应写作 \"\")",
	          "stray character message");
	check_msg(IN("a\n\"b\"\xE9\x87\x8D\n"),
	          "第2行第1列: 右引号后出现多余字符 (字段内的引号应写作 \"\")",
	          "stray non-ASCII character message");
	check_msg(IN("a,b\0\n"), "第1行第2列: 含有 NUL 字符 (文件可能不是文本)", "NUL message");
	check_msg(IN("\xD6\xD8\n\n\x81\x20"), "第3行: 不是有效的 UTF-8 或 GB18030 文本",
	          "GB18030 message");
	check_msg(IN("\xEF\xBB\xBF\n\xFF"), "第2行: 不是有效的 UTF-8 文本 (文件以 UTF-8 BOM 开头)",
	          "UTF-8 BOM message");

	struct csv_reader *r = NULL;
	struct app_err e = {0};
	is_int(csv_open_mem(IN("\xFF\xFE"
	                       "a\0,\0"),
	                    &r, &e),
	       APP_EINVAL, "UTF-16LE BOM refused");
	ok(r == NULL && strstr(e.msg, "UTF-16") != NULL, "  message names UTF-16: %s", e.msg);
	is_int(csv_open(write_tmp(IN("\xFE\xFF\0a")), &r, &e), APP_EINVAL, "UTF-16BE file refused");
	is_int(csv_open("/nonexistent/x.csv", &r, &e), APP_EIO, "missing file");
	ok(strstr(e.msg, "/nonexistent/x.csv") != NULL, "  message names the path: %s", e.msg);
	is_int(csv_open(tmpdir, &r, &e), APP_EIO, "directory refused");
	ok(r == NULL, "  no reader on failure");
	csv_close(NULL);

	is_str(csv_encoding_name(CSV_UTF8), "UTF-8", "name UTF-8");
	is_str(csv_encoding_name(CSV_UTF8_BOM), "UTF-8 (BOM)", "name UTF-8 BOM");
	is_str(csv_encoding_name(CSV_GB18030), "GB18030", "name GB18030");
	is_str(csv_encoding_name(0), "?", "name of no encoding");

	char *got = dump(M_MEM, NULL, 0, NULL, NULL);
	is_str(got, "", "NULL memory of length 0 is empty input");
	free(got);
}

static void test_record_shape(void)
{
	for (enum mode m = M_MEM; m <= M_FILE; m++) {
		struct csv_reader *r;
		struct csv_record rec;
		pid_t child;
		static const char in[] = "ab,,\"c\"\"d\"\ne\n";
		is_int(open_mode(m, IN(in), &r, NULL, &child), APP_OK, "open");
		is_int(csv_size(r), sizeof in - 1, "size known");
		is_int(csv_offset(r), 0, "offset 0 before reading");
		is_int(csv_next(r, &rec, NULL), APP_OK, "first record");
		ok(rec.nfields == 3 && rec.fields[0].p[2] == '\0' && rec.fields[1].p[0] == '\0' &&
		       strcmp(rec.fields[2].p, "c\"d") == 0,
		   "fields are NUL-terminated (%s)", mode_names[m]);
		is_int(csv_offset(r), 11, "offset after the first record");
		is_int(csv_next(r, &rec, NULL), APP_OK, "second record");
		is_int(csv_next(r, &rec, NULL), APP_ENOTFOUND, "end");
		is_int(csv_next(r, &rec, NULL), APP_ENOTFOUND, "end again");
		is_int(csv_offset(r), sizeof in - 1, "offset at end equals size");
		csv_close(r);
	}
	/* a pipe has no known size */
	struct csv_reader *r;
	pid_t child;
	is_int(open_pipe(IN("a\n"), &r, NULL, &child), APP_OK, "open pipe");
	is_int(csv_size(r), 0, "pipe size unknown");
	csv_close(r);
	reap(child);
}

/* A GB18030 file whose first non-ASCII byte lies beyond the first chunk:
 * the whole-file pass finds it; a pipe decides from the first chunk. */
/* Read errors: at open, in the first pass, and while reading records,
 * after which every call returns APP_EIO. */
static void test_read_errors(void)
{
	struct buf in;
	buf_init(&in, DUMP_MAX);
	while (in.len < 3 * (size_t)CSV_CHUNK_BYTES)
		buf_puts(&in, "abc,def\n");
	const char *path = write_tmp(in.p, in.len);
	struct csv_reader *r = NULL;
	struct app_err e = {0};

	reads_left = 0;
	is_int(csv_open(path, &r, &e), APP_EIO, "read error on the first chunk");
	ok(r == NULL && strstr(e.msg, path) && strstr(e.msg, strerror(EIO)), "  message: %s",
	   e.msg);
	reads_left = 1;
	is_int(csv_open(path, &r, &e), APP_EIO, "read error in the first pass");
	ok(r == NULL && strstr(e.msg, strerror(EIO)), "  message: %s", e.msg);

	reads_left = -1;
	is_int(csv_open(path, &r, &e), APP_OK, "open");
	reads_left = 1; /* one more chunk, then failure */
	e = (struct app_err){0};
	struct csv_record rec;
	size_t n = 0;
	enum app_status st;
	while ((st = csv_next(r, &rec, &e)) == APP_OK)
		n++;
	reads_left = -1;
	is_int(st, APP_EIO, "read error while reading records");
	is_int(n, 2 * CSV_CHUNK_BYTES / 8, "  after the records of the two chunks read");
	char want[128];
	snprintf(want, sizeof want, "读取文件出错: %s", strerror(EIO));
	is_str(e.msg, want, "  message");
	is_int(csv_next(r, &rec, &e), APP_EIO, "  and again on the next call");
	csv_close(r);
	buf_free(&in);
}

/* A pipe whose first chunk ends in the middle of a character: detection
 * reads on to complete it, here into the end of input. */
static void test_pipe_cut_char(void)
{
	struct buf in;
	buf_init(&in, DUMP_MAX);
	while (in.len < (size_t)CSV_CHUNK_BYTES - 1)
		buf_putc(&in, in.len % 50 == 49 ? '\n' : 'a');
	buf_puts(&in, "\xE9"); /* a UTF-8 lead byte (or a GB18030 one) at the last byte */
	enum csv_encoding enc;
	char *got = dump(M_PIPE, in.p, in.len, &enc, NULL);
	char want[64];
	snprintf(want, sizeof want, "E%zu,1:invalid\n", (size_t)CSV_CHUNK_BYTES / 50 + 1);
	size_t glen = strlen(got), wlen = strlen(want);
	ok(enc == CSV_GB18030 && glen >= wlen && strcmp(got + glen - wlen, want) == 0,
	   "pipe: cut character at the end of the first chunk and of input");
	free(got);

	buf_puts(&in, "\x87\x8D\n"); /* completes 重 in UTF-8 */
	got = dump(M_PIPE, in.p, in.len, &enc, NULL);
	glen = strlen(got);
	ok(enc == CSV_UTF8 && glen > 7 && strcmp(got + glen - 7, "aa重]\n") == 0,
	   "pipe: character completed past the first chunk");
	free(got);
	buf_free(&in);
}

static void test_late_gb18030(void)
{
	struct buf in;
	buf_init(&in, DUMP_MAX);
	size_t lines = CSV_CHUNK_BYTES / 8 + 10;
	for (size_t i = 0; i < lines; i++)
		buf_puts(&in, "abcdefg\n");
	buf_puts(&in, "\xD6\xD8\xC7\xEC\n");
	enum csv_encoding enc;
	char *got = dump(M_FILE, in.p, in.len, &enc, NULL);
	char want[160];
	snprintf(want, sizeof want, "%zu:[重庆]\n", lines + 1);
	ok(enc == CSV_GB18030 && strstr(got, want) != NULL && !strchr(got, 'E'),
	   "file: GB18030 found past the first chunk");
	free(got);

	struct app_err e = {0};
	got = dump(M_PIPE, in.p, in.len, &enc, &e);
	snprintf(want, sizeof want, "E%zu,1:invalid\n", lines + 1);
	ok(enc == CSV_UTF8 && strstr(got, want) != NULL,
	   "pipe: UTF-8 from the first chunk, then %s", want);
	snprintf(want, sizeof want, "第%zu行: 不是有效的 UTF-8 文本 (编码已按文件开头判定为 UTF-8)",
	         lines + 1);
	is_str(e.msg, want, "  message");
	free(got);
	buf_free(&in);
}

/* ---- limits ---- */

static void fill_bytes(struct buf *b, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(b, c);
}

/* Parses in (memory and file) and compares with want. */
static void check_big(struct buf *in, const char *want, const char *name)
{
	for (enum mode m = M_MEM; m <= M_FILE; m++) {
		char *got = dump(m, in->p, in->len, NULL, NULL);
		char full[160];
		snprintf(full, sizeof full, "%s (%s)", name, mode_names[m]);
		is_str(got, want, full);
		free(got);
	}
}

static void test_limits(void)
{
	struct buf in, want;
	buf_init(&in, DUMP_MAX);
	buf_init(&want, DUMP_MAX);

	for (int over = 0; over <= 1; over++) {
		size_t n = (size_t)MAX_CSV_FIELD + (size_t)over;
		/* unquoted */
		buf_reset(&in);
		buf_reset(&want);
		buf_puts(&in, "x,");
		fill_bytes(&in, 'a', n);
		buf_puts(&in, "\nnext\n");
		if (over) {
			buf_puts(&want, "E1,2:too_large\n2:[next]\n");
		} else {
			buf_puts(&want, "1:[x|");
			render_field(&want, in.p + 2, n);
			buf_puts(&want, "]\n2:[next]\n");
		}
		check_big(&in, want.p,
		          over ? "unquoted field one byte over" : "unquoted field at limit");

		/* quoted, counted after undoubling quotes */
		buf_reset(&in);
		buf_reset(&want);
		buf_puts(&in, "\"");
		fill_bytes(&in, '"', 2 * n);
		buf_puts(&in, "\"\r\nnext\r\n");
		if (over) {
			buf_puts(&want, "E1,1:too_large\n2:[next]\n");
		} else {
			struct buf quotes;
			buf_init(&quotes, n);
			fill_bytes(&quotes, '"', n);
			buf_puts(&want, "1:[");
			render_field(&want, quotes.p, n);
			buf_puts(&want, "]\n2:[next]\n");
			buf_free(&quotes);
		}
		check_big(&in, want.p,
		          over ? "quoted field one byte over" : "quoted field at limit");
	}

	/* a too long quoted field over many lines: error at its first line, the
	 * next record on the right line */
	buf_reset(&in);
	buf_reset(&want);
	size_t k = MAX_CSV_FIELD / 4 + 1;
	buf_puts(&in, "a\n\"");
	for (size_t i = 0; i < k; i++)
		buf_puts(&in, "xxx\n");
	buf_puts(&in, "\"\nnext\n");
	buf_printf(&want, "1:[a]\nE2,1:too_large\n%zu:[next]\n", k + 3);
	check_big(&in, want.p, "long multi-line quoted field");
	struct app_err e = {0};
	free(dump(M_MEM, in.p, in.len, NULL, &e));
	char msg[128];
	snprintf(msg, sizeof msg, "第2行第1列: 字段超过 %d 字节 (引号可能未闭合)", MAX_CSV_FIELD);
	is_str(e.msg, msg, "  message with the quote hint");

	/* an unterminated quote beyond the field limit reports the quote */
	buf_reset(&in);
	buf_puts(&in, "ok\n\"");
	fill_bytes(&in, 'a', (size_t)MAX_CSV_FIELD + 10);
	check_big(&in, "1:[ok]\nE2,1:invalid\n", "unterminated quote beyond the field limit");

	/* record: fields summing to the limit, then one more byte */
	for (int over = 0; over <= 1; over++) {
		buf_reset(&in);
		buf_reset(&want);
		size_t left = MAX_CSV_RECORD, nf = 0;
		buf_puts(&want, "1:[");
		while (left > 0) {
			size_t f = left < MAX_CSV_FIELD ? left : MAX_CSV_FIELD;
			if (nf++) {
				buf_putc(&in, ',');
				buf_putc(&want, '|');
			}
			fill_bytes(&in, 'r', f);
			render_field(&want, in.p + in.len - f, f);
			left -= f;
		}
		buf_puts(&want, "]\n2:[next]\n");
		if (over) {
			buf_puts(&in, ",z");
			buf_reset(&want);
			buf_printf(&want, "E1,%zu:too_large\n2:[next]\n", nf + 1);
		}
		buf_puts(&in, "\nnext\n");
		check_big(&in, want.p, over ? "record one byte over" : "record at limit");
	}

	/* a field longer than its limit in a record that reaches its own
	 * limit first: the limit crossed by the earliest byte is named,
	 * whatever the refills. Both ways: full fields but the last one byte
	 * short, then an over-long field (its second byte crosses the record's
	 * limit); full fields with the last one byte over (the same byte
	 * crosses both: the field is named). */
	if (MAX_CSV_RECORD % MAX_CSV_FIELD == 0 &&
	    MAX_CSV_RECORD / MAX_CSV_FIELD < MAX_CSV_FIELDS) {
		size_t nf = MAX_CSV_RECORD / MAX_CSV_FIELD;
		for (int tie = 0; tie <= 1; tie++) {
			buf_reset(&in);
			buf_reset(&want);
			for (size_t i = 0; i < nf; i++) {
				if (i)
					buf_putc(&in, ',');
				fill_bytes(&in, 'r',
				           MAX_CSV_FIELD + (i < nf - 1 ? 0
				                            : tie      ? 1
				                                       : -1));
			}
			if (!tie) {
				buf_putc(&in, ',');
				fill_bytes(&in, 'r', MAX_CSV_FIELD + 1);
			}
			buf_puts(&in, "\nnext\n");
			size_t col = tie ? nf : nf + 1;
			buf_printf(&want, "E1,%zu:too_large\n2:[next]\n", col);
			check_big(&in, want.p,
			          tie ? "both limits crossed by one byte"
			              : "record limit crossed before the field's");
			e = (struct app_err){0};
			free(dump(M_MEM, in.p, in.len, NULL, &e));
			if (tie)
				snprintf(msg, sizeof msg, "第1行第%zu列: 字段超过 %d 字节", col,
				         MAX_CSV_FIELD);
			else
				snprintf(msg, sizeof msg, "第1行: 一行记录超过 %d 字节 (第%zu列处)",
				         MAX_CSV_RECORD, col);
			is_str(e.msg, msg, "  message");
		}
	}

	/* field count */
	for (int over = 0; over <= 1; over++) {
		buf_reset(&in);
		buf_reset(&want);
		size_t n = (size_t)MAX_CSV_FIELDS + (size_t)over;
		buf_puts(&want, "1:[");
		for (size_t i = 0; i < n; i++) {
			buf_puts(&in, i ? ",1" : "1");
			buf_puts(&want, i ? "|1" : "1");
		}
		buf_puts(&in, "\r\n\"n\"\r\n");
		buf_reset(&want);
		if (over) {
			buf_printf(&want, "E1,%zu:too_large\n2:[n]\n", n);
		} else {
			buf_puts(&want, "1:[");
			for (size_t i = 0; i < n; i++)
				buf_puts(&want, i ? "|1" : "1");
			buf_puts(&want, "]\n2:[n]\n");
		}
		check_big(&in, want.p, over ? "one field too many" : "fields at limit");
	}
	buf_free(&in);
	buf_free(&want);
}

/* ---- chunk boundaries ---- */

/* One sample: two records over four lines with every kind of token that
 * can straddle a refill: multibyte characters (3 and 4 bytes in UTF-8, 2
 * and 4 in GB18030), "" escapes, a closing quote before a comma, CRLF
 * inside quotes and at a record end, a lone CR inside quotes. */
#define S_ZHONG_U    "\xE9\x87\x8D"
#define S_EXTB_U     "\xF0\xA0\x80\x80"
#define S_ZHONG_G    "\xD6\xD8"
#define S_EXTB_G     "\x95\x32\x82\x36"
#define SAMPLE(Z, X) "\"" Z "\"\"" X "\"," Z X ",\"a\r\nb\",x\r\n\"c\"\"\rd\"\n"
static const char sample_u[] = SAMPLE(S_ZHONG_U, S_EXTB_U);
static const char sample_g[] = SAMPLE(S_ZHONG_G, S_EXTB_G);
static const char sample_want[] = "[重\"𠀀|重𠀀|a\\r\\nb|x]\n%ld:[c\"\\rd]\n";

/* Builds: a head (optional BOM, a line "重" so that a pipe, which decides
 * the encoding from the first chunk, sees GB18030), ASCII filler lines so
 * that the first sample starts `shift` bytes before the end of the first
 * chunk, then samples up to about three chunks. Also builds the expected
 * rendering. */
static void build_boundary(struct buf *in, struct buf *want, const char *head, const char *sample,
                           size_t shift)
{
	size_t slen = strlen(sample);
	long line = 2;
	buf_reset(in);
	buf_reset(want);
	buf_puts(in, head);
	buf_puts(want, "1:[重]\n");
	/* (a chunk shorter than the sample: every shift gives the same input,
	 * whose samples cross many boundaries anyway) */
	size_t filler = CSV_CHUNK_BYTES > shift + in->len ? CSV_CHUNK_BYTES - shift - in->len : 0;
	while (filler > 0) {
		size_t maxf = MAX_CSV_FIELD < 99 ? MAX_CSV_FIELD + 1 : 100;
		size_t f = filler > maxf ? maxf : filler; /* f - 1 letters and LF */
		fill_bytes(in, 'p', f - 1);
		buf_putc(in, '\n');
		filler -= f;
		if (f == 1) { /* an empty line: skipped, but counted */
			line++;
			continue;
		}
		buf_printf(want, "%ld:[", line++);
		render_field(want, in->p + in->len - f, f - 1);
		buf_puts(want, "]\n");
	}
	while (in->len < 3 * (size_t)CSV_CHUNK_BYTES || in->len < 4 * slen) {
		buf_append(in, sample, slen);
		buf_printf(want, "%ld:", line);
		buf_printf(want, sample_want, line + 2);
		line += 4;
	}
}

static void test_boundaries(void)
{
	static const struct {
		const char *name, *head, *sample;
	} kinds[] = {
	    {"UTF-8", S_ZHONG_U "\n", sample_u},
	    {"UTF-8 BOM", "\xEF\xBB\xBF" S_ZHONG_U "\r\n", sample_u},
	    {"GB18030", S_ZHONG_G "\n", sample_g},
	};
	struct buf in, want;
	buf_init(&in, DUMP_MAX);
	buf_init(&want, DUMP_MAX);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t slen = strlen(kinds[k].sample);
		for (enum mode m = M_MEM; m <= M_PIPE; m++) {
			int bad = 0;
			for (size_t shift = 1; shift <= slen + 1; shift++) {
				build_boundary(&in, &want, kinds[k].head, kinds[k].sample, shift);
				char *got = dump(m, in.p, in.len, NULL, NULL);
				if (strcmp(got, want.p) != 0 && bad++ == 0) {
					size_t i = 0;
					while (got[i] && got[i] == want.p[i])
						i++;
					diag("shift %zu: first difference at rendered byte %zu: "
					     "got \"%.60s\" want "
					     "\"%.60s\"",
					     shift, i, got + i, want.p + i);
				}
				free(got);
			}
			ok(bad == 0,
			   "%s, %s: every byte of the sample across a chunk boundary (%d bad)",
			   kinds[k].name, mode_names[m], bad);
		}
	}
	buf_free(&in);
	buf_free(&want);
}

/* ---- writer ---- */

static void test_writer(void)
{
	static const struct {
		const char *in;
		bool first;
		const char *want;
	} cases[] = {
	    {"abc", true, "abc"},
	    {"abc", false, ",abc"},
	    {"", true, "\"\""},
	    {"", false, ","},
	    {"a,b", true, "\"a,b\""},
	    {"a\"b", true, "\"a\"\"b\""},
	    {"\"", true, "\"\"\"\""},
	    {"\"\"", false, ",\"\"\"\"\"\""},
	    {"a\nb", true, "\"a\nb\""},
	    {"a\rb", true, "\"a\rb\""},
	    {"a\r\nb", false, ",\"a\r\nb\""},
	    {" a", true, "\" a\""},
	    {"a ", true, "\"a \""},
	    {"\ta", true, "\"\ta\""},
	    {"a b", true, "a b"},
	    {"重庆", true, "重庆"},
	    {"=1+2", true, "=1+2"},
	    {"ab\"c", true, "\"ab\"\"c\""},
	};
	struct buf b;
	buf_init(&b, 1024);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		enum app_status st =
		    csv_put_field(&b, cases[i].in, strlen(cases[i].in), cases[i].first);
		char name[96];
		snprintf(name, sizeof name, "write \"%s\"%s", cases[i].in,
		         cases[i].first ? "" : " (not first)");
		ok(st == APP_OK && strcmp(buf_cstr(&b), cases[i].want) == 0, "%s -> [%s]", name,
		   buf_cstr(&b));
	}
	buf_reset(&b);
	csv_put_field(&b, "a", 1, true);
	is_int(csv_end_record(&b), APP_OK, "end record");
	is_str(buf_cstr(&b), "a\r\n", "CRLF");
	buf_free(&b);

	buf_init(&b, 6);
	is_int(csv_put_field(&b, "abc", 3, true), APP_OK, "fits");
	is_int(csv_put_field(&b, "x\"y", 3, false), APP_ETOOLARGE, "quoted field over the max");
	is_str(buf_cstr(&b), "abc", "  buffer unchanged");
	is_int(csv_put_field(&b, "xy", 2, false), APP_OK, "exactly to the max");
	is_int(csv_put_field(&b, "", 0, false), APP_ETOOLARGE, "separator over the max");
	is_str(buf_cstr(&b), "abc,xy", "  buffer unchanged");
	is_int(csv_end_record(&b), APP_ETOOLARGE, "line end over the max");
	buf_free(&b);
}

/* Awkward records written and read back. */
static void test_round_trip(void)
{
	static const char *const recs[][8] = {
	    {""},
	    {"", ""},
	    {" lead", "trail ", "a,b", "q\"q", NULL},
	    {"\r\n", "\r", "\n", NULL},
	    {"\"\"", ",", "重庆", "𠀀", NULL},
	    {"\xEF\xBB\xBF"
	     "bom",
	     "\"a\"b", "a\r\n\r\nb", NULL},
	    {"=SUM(A1)", "-1", "", "", "", NULL},
	    {"\xEF\xBB\xBF", NULL},
	};
	size_t nrec = sizeof recs / sizeof recs[0];
	struct buf b;
	buf_init(&b, 4096);
	buf_puts(&b, CSV_UTF8_BOM_BYTES);
	for (size_t i = 0; i < nrec; i++) {
		for (size_t j = 0; j < 8 && recs[i][j]; j++)
			csv_put_field(&b, recs[i][j], strlen(recs[i][j]), j == 0);
		csv_end_record(&b);
	}
	for (enum mode m = M_MEM; m <= M_FILE; m++) {
		struct csv_reader *r;
		struct csv_record rec;
		pid_t child;
		is_int(open_mode(m, b.p, b.len, &r, NULL, &child), APP_OK, "open written CSV");
		for (size_t i = 0; i < nrec; i++) {
			size_t nf = 0;
			while (nf < 8 && recs[i][nf])
				nf++;
			bool same = csv_next(r, &rec, NULL) == APP_OK && rec.nfields == nf;
			for (size_t j = 0; same && j < nf; j++)
				same = strv_eq(rec.fields[j], recs[i][j]);
			ok(same, "record %zu round-trips (%s)", i + 1, mode_names[m]);
		}
		is_int(csv_next(r, &rec, NULL), APP_ENOTFOUND, "nothing more");
		csv_close(r);
	}
	buf_free(&b);
}

static void test_formula(void)
{
	static const struct {
		const char *s;
		bool want;
	} cases[] = {
	    {"=1", true},       {"=SUM(A1:A2)", true}, {"+A1", true},  {"-1+2", true},
	    {"@SUM(A1)", true}, {"+86 23 6000", true}, {"--1", true},  {"-12.5", false},
	    {"+1,234", false},  {"-5%", false},        {"-.5", false}, {"-", false},
	    {"+", false},       {"@", false},          {"", false},    {"abc", false},
	    {"1=2", false},     {"重庆", false},       {" =1", false}, {"-1.2.3", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok(csv_looks_like_formula(cases[i].s, strlen(cases[i].s)) == cases[i].want,
		   "formula(\"%s\") is %s", cases[i].s, cases[i].want ? "true" : "false");
}

/* The test's own GB18030 bytes agree with the C library's converter. */
static void test_gb_bytes(void)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	ok(cd != (iconv_t)-1, "iconv GB18030 available");
	if (cd == (iconv_t)-1)
		return;
	char in[] = "重庆,企业𠀀", out[32];
	char *ip = in, *op = out;
	size_t il = strlen(in), ol = sizeof out;
	iconv(cd, &ip, &il, &op, &ol);
	iconv_close(cd);
	ok((size_t)(op - out) == 13 &&
	       memcmp(out, "\xD6\xD8\xC7\xEC,\xC6\xF3\xD2\xB5\x95\x32\x82\x36", 13) == 0,
	   "hand-written GB18030 bytes match iconv");
}

int main(void)
{
	APP_ASSERT(mkdtemp(tmpdir) != NULL);
	test_gb_bytes();
	test_read_table();
	test_messages();
	test_record_shape();
	test_late_gb18030();
	test_read_errors();
	test_pipe_cut_char();
	test_limits();
	test_boundaries();
	test_writer();
	test_round_trip();
	test_formula();
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	return test_done();
}
