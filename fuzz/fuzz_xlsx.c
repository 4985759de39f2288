/* fuzz_xlsx.c - libFuzzer target for io/xlsx and io/xlsxval.
 *
 * An input starting with "PK" is read as a whole workbook from memory. Any
 * other input is SpreadsheetML: the bytes before the first NUL become
 * xl/sharedStrings.xml and the rest xl/worksheets/sheet1.xml, packed here
 * into a stored (uncompressed) zip with a fixed workbook and a styles part
 * that has date, time and percent formats. Random zips rarely survive CRC
 * checks, so the second form is what reaches the sheet parser deeply.
 * Short inputs also go through the value conversions as text.
 *
 * Invariants checked: every field is valid UTF-8 and within the limits,
 * line numbers increase, a fatal error ends the sheet, nothing leaks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "io/xlsx.h"
#include "io/xlsxval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x))                                                                          \
			abort();                                                                   \
	} while (0)

static uint32_t crc32_of(const void *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++)
		c = table[(c ^ ((const uint8_t *)p)[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

static void le16(struct buf *b, unsigned v)
{
	char x[2] = {(char)(v & 0xFF), (char)(v >> 8)};
	buf_append(b, x, 2);
}

static void le32(struct buf *b, uint32_t v)
{
	le16(b, v & 0xFFFF);
	le16(b, v >> 16);
}

struct entry {
	const char *name;
	const char *data;
	size_t len;
};

/* A minimal stored zip (APPNOTE 4.3): local headers, central directory. */
static void build_zip(struct buf *z, const struct entry *e, size_t n)
{
	uint32_t offs[16];
	for (size_t i = 0; i < n; i++) {
		offs[i] = (uint32_t)z->len;
		uint32_t crc = crc32_of(e[i].data, e[i].len);
		le32(z, 0x04034b50);
		le16(z, 20), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0x21);
		le32(z, crc), le32(z, (uint32_t)e[i].len), le32(z, (uint32_t)e[i].len);
		le16(z, (unsigned)strlen(e[i].name)), le16(z, 0);
		buf_puts(z, e[i].name);
		buf_append(z, e[i].data, e[i].len);
	}
	uint32_t cd = (uint32_t)z->len;
	for (size_t i = 0; i < n; i++) {
		le32(z, 0x02014b50);
		le16(z, 20), le16(z, 20), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0x21);
		le32(z, crc32_of(e[i].data, e[i].len)), le32(z, (uint32_t)e[i].len),
		    le32(z, (uint32_t)e[i].len);
		le16(z, (unsigned)strlen(e[i].name)), le16(z, 0), le16(z, 0), le16(z, 0),
		    le16(z, 0);
		le32(z, 0), le32(z, offs[i]);
		buf_puts(z, e[i].name);
	}
	uint32_t cdlen = (uint32_t)z->len - cd;
	le32(z, 0x06054b50);
	le16(z, 0), le16(z, 0), le16(z, (unsigned)n), le16(z, (unsigned)n);
	le32(z, cdlen), le32(z, cd), le16(z, 0);
}

#define NS  "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKGNS                                                                                      \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"

static const char wb_xml[] = "<workbook " NS " " RNS "><workbookPr/><sheets>"
                             "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wb_rels[] =
    PKGNS "<Relationship Id=\"rId1\" Type=\"" REL "/worksheet\" "
          "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" REL
          "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" "
          "Type=\"" REL "/styles\" Target=\"styles.xml\"/></Relationships>";
static const char root_rels[] = PKGNS "<Relationship Id=\"rId1\" Type=\"" REL "/officeDocument\" "
                                      "Target=\"xl/workbook.xml\"/></Relationships>";
static const char styles[] =
    "<styleSheet " NS "><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.0%\"/></numFmts><cellXfs>"
    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"20\"/><xf numFmtId=\"10\"/></cellXfs></styleSheet>";
static const char default_sst[] =
    "<sst " NS "><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>";

static void read_all(const void *zip, size_t n, const char *sheet)
{
	struct xlsx_opts o = {.sheet = sheet, .max_unzipped = 16 << 20};
	struct xlsx_reader *r;
	struct app_err e = {0};
	if (xlsx_open_mem(zip, n, &o, &r, &e) != APP_OK) {
		CHECK(e.msg[0] != '\0');
		return;
	}
	struct csv_record rec;
	enum app_status st;
	long last = 0;
	for (int guard = 0; guard < 2000000; guard++) {
		st = xlsx_next(r, &rec, &e);
		if (st == APP_ENOTFOUND)
			break;
		if (st == APP_OK) {
			CHECK(rec.line > last && rec.line <= MAX_XLSX_ROWS);
			last = rec.line;
			CHECK(rec.nfields > 0 && rec.nfields <= MAX_XLSX_COLS);
			for (size_t i = 0; i < rec.nfields; i++) {
				CHECK(rec.fields[i].p != NULL && rec.fields[i].n <= MAX_XLSX_CELL);
				CHECK(utf8_valid(rec.fields[i].p, rec.fields[i].n));
			}
			continue;
		}
		CHECK(e.msg[0] != '\0');
		if (e.line > 0) {
			CHECK(e.line > last);
			last = e.line;
			continue;
		}
		struct app_err e2 = {0};
		CHECK(xlsx_next(r, &rec, &e2) == APP_ENOTFOUND); /* a fatal error ends the sheet */
		break;
	}
	xlsx_close(r);
}

static void values(const uint8_t *data, size_t size)
{
	char text[256], out[XLSXVAL_NUM_MAX];
	memcpy(text, data, size);
	text[size] = '\0';
	if (xlsxval_number(text, size, out, sizeof out))
		CHECK(strlen(out) < sizeof out && !strchr(out, 'e'));
	if (xlsxval_percent(text, size, out, sizeof out))
		CHECK(out[strlen(out) - 1] == '%');
	(void)xlsxval_format_kind(text);
	size_t n = xlsxval_unescape(text, size);
	CHECK(n <= size);
	double d = 0;
	memcpy(&d, text, sizeof d < size ? sizeof d : size);
	if (size >= sizeof d && xlsxval_double(d, out, sizeof out)) {
		char back[XLSXVAL_NUM_MAX + 1];
		memcpy(back, out, strlen(out) + 1);
		CHECK(strtod(back, NULL) == d || d == 0);
	}
	(void)xlsxval_date_cell(d, XV_FK_DATETIME, size & 1, out, sizeof out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 255)
		values(data, size);
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		read_all(data, size, NULL);
		return 0;
	}
	const uint8_t *nul = memchr(data, 0, size);
	const char *sst = default_sst, *sheet = (const char *)data;
	size_t sst_len = sizeof default_sst - 1, sheet_len = size;
	if (nul) {
		sst = (const char *)data;
		sst_len = (size_t)(nul - data);
		sheet = (const char *)nul + 1;
		sheet_len = size - sst_len - 1;
	}
	const struct entry parts[] = {
	    {"_rels/.rels", root_rels, sizeof root_rels - 1},
	    {"xl/workbook.xml", wb_xml, sizeof wb_xml - 1},
	    {"xl/_rels/workbook.xml.rels", wb_rels, sizeof wb_rels - 1},
	    {"xl/styles.xml", styles, sizeof styles - 1},
	    {"xl/sharedStrings.xml", sst, sst_len},
	    {"xl/worksheets/sheet1.xml", sheet, sheet_len},
	};
	struct buf z;
	buf_init(&z, (size_t)64 << 20);
	build_zip(&z, parts, sizeof parts / sizeof parts[0]);
	read_all(z.p, z.len, (size & 3) == 3 ? "S" : NULL);
	buf_free(&z);
	return 0;
}
