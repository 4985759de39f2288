/* filetype.c - content sniffing and display-name cleaning (see filetype.h). */
#include "filetype.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/str.h"

static const struct {
	const char *key, *ext, *mime, *label;
} types[FT_COUNT] = {
    [FT_UNKNOWN] = {"", "", "application/octet-stream", "未知"},
    [FT_PDF] = {"pdf", ".pdf", "application/pdf", "PDF"},
    [FT_PNG] = {"png", ".png", "image/png", "PNG 图片"},
    [FT_JPEG] = {"jpeg", ".jpg", "image/jpeg", "JPEG 图片"},
    [FT_DOCX] = {"docx", ".docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "Word 文档"},
    [FT_XLSX] = {"xlsx", ".xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格"},
    [FT_OFD] = {"ofd", ".ofd", "application/ofd", "OFD 版式文件"},
};

const char *filetype_key(enum filetype t)
{
	return (unsigned)t < FT_COUNT ? types[t].key : "";
}

const char *filetype_ext(enum filetype t)
{
	return (unsigned)t < FT_COUNT ? types[t].ext : "";
}

const char *filetype_mime(enum filetype t)
{
	return (unsigned)t < FT_COUNT ? types[t].mime : types[0].mime;
}

const char *filetype_label(enum filetype t)
{
	return (unsigned)t < FT_COUNT ? types[t].label : types[0].label;
}

enum filetype filetype_parse(const char *key)
{
	for (int t = FT_PDF; t < FT_COUNT; t++)
		if (key && strcmp(key, types[t].key) == 0)
			return (enum filetype)t;
	return FT_UNKNOWN;
}

const char *filetype_accepted(void)
{
	return "PDF、PNG、JPEG、DOCX、XLSX、OFD";
}

/* ---- ZIP central directory (APPNOTE.TXT 4.3.12, 4.3.16) ---- */

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum { EOCD_LEN = 22, CDH_LEN = 46, EOCD_SEARCH = 65535 + EOCD_LEN, ZIP_MAX_ENTRIES = 100000 };

static bool name_is(const unsigned char *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

static bool name_under(const unsigned char *p, size_t n, const char *dir)
{
	size_t k = strlen(dir);
	return n > k && memcmp(p, dir, k) == 0;
}

static enum filetype sniff_zip(const unsigned char *d, size_t n)
{
	if (n < EOCD_LEN)
		return FT_UNKNOWN;
	/* the end-of-central-directory record, searched backwards over the comment */
	size_t lo = n > EOCD_SEARCH ? n - EOCD_SEARCH : 0, at = n - EOCD_LEN + 1;
	const unsigned char *eocd = NULL;
	while (at-- > lo)
		if (le32(d + at) == 0x06054b50u) {
			eocd = d + at;
			break;
		}
	if (!eocd)
		return FT_UNKNOWN;
	uint32_t entries = le16(eocd + 10), size = le32(eocd + 12), off = le32(eocd + 16);
	if (entries == 0 || entries > ZIP_MAX_ENTRIES || off > n || size > n - off)
		return FT_UNKNOWN;
	bool ctypes = false, word = false, xl = false, ofd = false;
	const unsigned char *p = d + off, *end = d + off + size;
	for (uint32_t i = 0; i < entries; i++) {
		if ((size_t)(end - p) < CDH_LEN || le32(p) != 0x02014b50u)
			return FT_UNKNOWN;
		size_t nl = le16(p + 28), xl_len = le16(p + 30), cl = le16(p + 32);
		if ((size_t)(end - p) - CDH_LEN < nl + xl_len + cl)
			return FT_UNKNOWN;
		const unsigned char *name = p + CDH_LEN;
		ctypes |= name_is(name, nl, "[Content_Types].xml");
		word |= name_under(name, nl, "word/");
		xl |= name_under(name, nl, "xl/");
		ofd |= name_is(name, nl, "OFD.xml");
		p += CDH_LEN + nl + xl_len + cl;
	}
	if (ofd)
		return FT_OFD;
	if (ctypes && word && !xl)
		return FT_DOCX;
	if (ctypes && xl && !word)
		return FT_XLSX;
	return FT_UNKNOWN;
}

enum filetype filetype_sniff(const void *data, size_t n)
{
	const unsigned char *d = data;
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (!d)
		return FT_UNKNOWN;
	if (n >= 8 && memcmp(d, "%PDF-", 5) == 0 && d[5] >= '1' && d[5] <= '9')
		return FT_PDF;
	if (n >= 16 && memcmp(d, png, 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0)
		return FT_PNG;
	if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return FT_JPEG;
	if (n >= 4 && le32(d) == 0x04034b50u)
		return sniff_zip(d, n);
	return FT_UNKNOWN;
}

/* ---- names ---- */

static bool bad_char(long cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == '*' || cp == ':' ||
	       cp == '<' || cp == '>' || cp == '?' || cp == '|' || cp == '"' || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202E || cp == 0xFEFF;
}

void filetype_clean_name(const char *name, size_t n, enum filetype t, char *out, size_t outsz)
{
	char tmp[MAX_ATTACH_NAME_BYTES * 2];
	size_t len = 0;
	const char *base = name ? name : "", *end = base + (name ? n : 0);
	for (const char *p = base; p < end; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* copy code points, replacing what may not appear */
	size_t chars = 0;
	for (const char *p = base; p < end && chars < MAX_ATTACH_NAME_CHARS * 2;) {
		const char *start = p;
		long cp = utf8_next(&p, end);
		if (cp < 0)
			p = start + 1; /* one byte of bad UTF-8 */
		const char *src = start;
		size_t k = (size_t)(p - start);
		if (cp < 0 || bad_char(cp)) {
			src = "_";
			k = 1;
		}
		if (len + k >= sizeof tmp)
			break;
		memcpy(tmp + len, src, k);
		len += k;
		chars++;
	}
	tmp[len] = '\0';
	/* drop the client's extension: the last '.' and what follows */
	char *dot = strrchr(tmp, '.');
	if (dot && dot != tmp)
		*dot = '\0';
	struct strv v = strv_trim(strv_from(tmp));
	while (v.n && (v.p[0] == '.' || v.p[0] == ' '))
		v.p++, v.n--;
	while (v.n && (v.p[v.n - 1] == '.' || v.p[v.n - 1] == ' '))
		v.n--;
	const char *ext = filetype_ext(t);
	size_t ext_chars = strlen(ext);
	if (v.n == 0)
		v = strv_from("附件");
	size_t keep = utf8_prefix(v.p, v.n, MAX_ATTACH_NAME_CHARS - ext_chars);
	struct buf b;
	buf_init(&b, outsz ? outsz - 1 : 0);
	buf_append(&b, v.p, keep);
	buf_puts(&b, ext);
	str_copy(out, outsz, buf_cstr(&b), b.len);
	buf_free(&b);
}
