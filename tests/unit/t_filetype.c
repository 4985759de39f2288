/* t_filetype.c - content sniffing (magic numbers, ZIP central directories,
 * truncated and hostile input) and display-name cleaning. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/str.h"
#include "core/filetype.h"
#include "test.h"

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

/* A ZIP of empty stored files named names[0..n-1]; returns its length. */
static size_t make_zip(unsigned char *out, const char *const *names, int n, const char *comment)
{
	size_t len = 0, cd_off, offs[16];
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);
		offs[i] = len;
		memset(out + len, 0, 30);
		put32(out + len, 0x04034b50u);
		put16(out + len + 26, (unsigned)nl);
		memcpy(out + len + 30, names[i], nl);
		len += 30 + nl;
	}
	cd_off = len;
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);
		memset(out + len, 0, 46);
		put32(out + len, 0x02014b50u);
		put16(out + len + 28, (unsigned)nl);
		put32(out + len + 42, (uint32_t)offs[i]);
		memcpy(out + len + 46, names[i], nl);
		len += 46 + nl;
	}
	size_t cl = comment ? strlen(comment) : 0;
	memset(out + len, 0, 22);
	put32(out + len, 0x06054b50u);
	put16(out + len + 8, (unsigned)n);
	put16(out + len + 10, (unsigned)n);
	put32(out + len + 12, (uint32_t)(len - cd_off));
	put32(out + len + 16, (uint32_t)cd_off);
	put16(out + len + 20, (unsigned)cl);
	memcpy(out + len + 22, comment ? comment : "", cl);
	return len + 22 + cl;
}

static void test_magic(void)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
	                                    0,    0,   0,   13,  'I',  'H',  'D',  'R'};
	static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
	is_int(filetype_sniff("%PDF-1.7\n%\xe2\xe3", 12), FT_PDF, "PDF");
	is_int(filetype_sniff("%PDF-x.7\n", 9), FT_UNKNOWN, "PDF header without a version digit");
	is_int(filetype_sniff("%PDF-1", 6), FT_UNKNOWN, "PDF too short");
	is_int(filetype_sniff(png, sizeof png), FT_PNG, "PNG");
	is_int(filetype_sniff(png, 15), FT_UNKNOWN, "PNG cut before IHDR");
	is_int(filetype_sniff(jpg, sizeof jpg), FT_JPEG, "JPEG");
	is_int(filetype_sniff("GIF89a......", 12), FT_UNKNOWN, "GIF not accepted");
	is_int(filetype_sniff("MZ\x90\0", 4), FT_UNKNOWN, "executable refused");
	is_int(filetype_sniff("<html><script>", 14), FT_UNKNOWN, "HTML refused");
	is_int(filetype_sniff("", 0), FT_UNKNOWN, "empty");
	is_int(filetype_sniff(NULL, 10), FT_UNKNOWN, "NULL");
}

static void test_zip(void)
{
	unsigned char z[4096];
	static const char *const docx[] = {"[Content_Types].xml", "_rels/.rels",
	                                   "word/document.xml"};
	static const char *const xlsx[] = {"[Content_Types].xml", "xl/workbook.xml",
	                                   "xl/sheet1.xml"};
	static const char *const ofd[] = {"OFD.xml", "Doc_0/Document.xml"};
	static const char *const plain[] = {"a.txt", "b.exe"};
	static const char *const noct[] = {"word/document.xml"};
	static const char *const both[] = {"[Content_Types].xml", "word/d.xml", "xl/w.xml"};
	size_t n = make_zip(z, docx, 3, NULL);
	is_int(filetype_sniff(z, n), FT_DOCX, "DOCX");
	n = make_zip(z, docx, 3, "a zip comment");
	is_int(filetype_sniff(z, n), FT_DOCX, "DOCX with an archive comment");
	for (size_t cut = 1; cut < 23; cut++)
		if (filetype_sniff(z, n - 13 - cut) != FT_UNKNOWN)
			ok(0, "truncated DOCX (%zu bytes short) should be unknown", cut);
	ok(1, "DOCX truncated inside its directory record is unknown");
	n = make_zip(z, xlsx, 3, NULL);
	is_int(filetype_sniff(z, n), FT_XLSX, "XLSX");
	n = make_zip(z, ofd, 2, NULL);
	is_int(filetype_sniff(z, n), FT_OFD, "OFD");
	n = make_zip(z, plain, 2, NULL);
	is_int(filetype_sniff(z, n), FT_UNKNOWN, "plain ZIP refused");
	n = make_zip(z, noct, 1, NULL);
	is_int(filetype_sniff(z, n), FT_UNKNOWN, "word/ without [Content_Types].xml refused");
	n = make_zip(z, both, 3, NULL);
	is_int(filetype_sniff(z, n), FT_UNKNOWN, "ambiguous word/ and xl/ refused");
	/* a directory offset pointing past the end */
	n = make_zip(z, docx, 3, NULL);
	put32(z + n - 6, 0xFFFFFF00u);
	is_int(filetype_sniff(z, n), FT_UNKNOWN, "directory offset out of range");
	n = make_zip(z, docx, 3, NULL);
	put16(z + n - 12, 50); /* claims 50 entries */
	is_int(filetype_sniff(z, n), FT_UNKNOWN, "entry count larger than the directory");
	n = make_zip(z, docx, 3, NULL);
	/* a name length running past the directory */
	size_t cd = n - 22 - (46 * 3 + strlen(docx[0]) + strlen(docx[1]) + strlen(docx[2]));
	put16(z + cd + 28, 4000);
	is_int(filetype_sniff(z, n), FT_UNKNOWN, "name length past the directory");
}

static void test_names(void)
{
	static const struct {
		const char *in;
		enum filetype t;
		const char *want;
	} cases[] = {
	    {"申报书.pdf", FT_PDF, "申报书.pdf"},
	    {"申报书.exe", FT_PDF, "申报书.pdf"}, /* extension from the content */
	    {"C:\\Users\\张三\\审计报告.PDF", FT_PDF, "审计报告.pdf"}, /* path dropped */
	    {"../../etc/passwd", FT_PNG, "passwd.png"},
	    {"a<b>c:d*e?f|g\"h.docx", FT_DOCX, "a_b_c_d_e_f_g_h.docx"},
	    {"tab\tand\nnewline.jpg", FT_JPEG, "tab_and_newline.jpg"},
	    {"  ..hidden.. .png", FT_PNG, "hidden.png"},
	    {"", FT_PDF, "附件.pdf"},
	    {"....", FT_PDF, "附件.pdf"},
	    {"noext", FT_OFD, "noext.ofd"},
	    {"bad\xff\xfeutf8.pdf", FT_PDF, "bad__utf8.pdf"},
	    {"rlo\xe2\x80\xaegpj.exe", FT_PDF, "rlo_gpj.pdf"}, /* right-to-left override */
	    {"/", FT_XLSX, "附件.xlsx"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[MAX_ATTACH_NAME_BYTES];
		filetype_clean_name(cases[i].in, strlen(cases[i].in), cases[i].t, out, sizeof out);
		ok(strcmp(out, cases[i].want) == 0, "name \"%s\" → \"%s\" (got \"%s\")",
		   cases[i].in, cases[i].want, out);
	}
	char long_in[1200], out[MAX_ATTACH_NAME_BYTES];
	size_t len = 0;
	for (int i = 0; i < 150; i++, len += 3)
		memcpy(long_in + len, "长", 3);
	memcpy(long_in + len, ".pdf", 5);
	filetype_clean_name(long_in, strlen(long_in), FT_PDF, out, sizeof out);
	is_int((long)utf8_chars(out, strlen(out)), MAX_ATTACH_NAME_CHARS,
	       "long name cut to the limit");
	ok(utf8_valid(out, strlen(out)) && strstr(out, ".pdf"),
	   "cut at a character, extension kept");
	is_str(filetype_key(filetype_parse("docx")), "docx", "key round-trip");
	is_int(filetype_parse("exe"), FT_UNKNOWN, "unknown key");
}

int main(void)
{
	test_magic();
	test_zip();
	test_names();
	return test_done();
}
