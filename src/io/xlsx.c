/* xlsx.c - streaming XLSX reader: libzip for the container, expat for the
 * XML parts (ECMA-376 Part 1: §18.2 workbook, §18.3 worksheet, §18.4 shared
 * strings, §18.8 styles; Part 2: packaging and relationships).
 *
 * The sheet is parsed with expat's suspend/resume: the </row> handler
 * suspends the parser, xlsx_next hands the row out, and the next call
 * resumes where the parser stopped. One inflated chunk (XLSX_CHUNK bytes),
 * one row and the shared strings are all that is held in memory. */
#include "xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/str.h"
#include "io/xlsxval.h"

#define XLSX_CHUNK (64 * 1024)

struct relation {
	char *id, *target, *type;
};

struct custom_fmt {
	unsigned id;
	unsigned char kind;
};

/* One zip entry being inflated and parsed. */
struct part {
	struct xlsx_reader *r;
	char name[256];
	zip_file_t *zf;
	zip_uint64_t size, comp; /* declared by the zip directory */
	zip_uint64_t got;        /* inflated so far */
	XML_Parser xp;
	int depth;
	bool final_fed;
	enum app_status st; /* error raised by a handler */
	struct app_err err;
	void *ctx; /* the part-specific state */
};

struct xlsx_reader {
	zip_t *zip;
	size_t max_unzipped, unzipped;
	long max_rows;
	bool date1904;

	/* workbook */
	char **sheet_names, **sheet_rids;
	size_t nsheets;
	const char *sheet_name;
	char *sheet_path;
	struct relation *rels;
	size_t nrels;

	/* styles: kind per cellXfs index */
	unsigned char *xf_kind;
	size_t nxf;

	/* shared strings: text back to back, offsets[n+1] */
	struct buf sst;
	uint32_t *sst_off;
	size_t nsst, sst_cap;

	/* the sheet stream */
	struct part sheet;
	bool opened, eof, in_sheetdata;
	enum app_status fatal;
	struct app_err fatal_err;

	/* the current row */
	long row, last_row, ncols, last_col;
	struct buf rowtext;
	size_t *cell_off, *cell_len;
	struct strv *fields;
	bool row_ready;
	enum app_status row_st;
	struct app_err row_err;

	/* the current cell */
	long col;
	int style;
	char ctype; /* 'n', 's', 'b', 'e', 'i' (inlineStr), 'f' (str), 'd' */
	bool in_c, in_v, in_is, in_t, has_v, has_f, too_big;
	int rph;
	struct buf cell;
};

/* ---- small helpers ---- */

static const char *local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), want) == 0)
			return atts[i + 1];
	return NULL;
}

/* strcmp(a, b) == 0, deciding most mismatches on the first byte (the
 * sheet handlers run for every element of a sheet). */
static inline bool name_is(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Parses a non-negative decimal integer filling s; false otherwise. */
static bool parse_ulong(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	struct strv v = strv_trim((struct strv){s, n});
	unsigned long acc = 0;
	if (v.n == 0)
		return false;
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		acc = acc * 10 + (unsigned long)(v.p[i] - '0');
		if (acc > max)
			return false;
	}
	*out = acc;
	return true;
}

/* Parses a cell reference "AB12" into column (1-based) and row; row is 0
 * if absent ("AB"). Returns false if malformed or beyond XFD1048576. */
static bool parse_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	const char *p = s;
	while (*p == '$')
		p++;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		if (c > 16384)
			return false;
	}
	if (c == 0)
		return false;
	if (*p == '$')
		p++;
	for (; *p >= '0' && *p <= '9'; p++) {
		r = r * 10 + (*p - '0');
		if (r > 1048576)
			return false;
	}
	if (*p != '\0')
		return false;
	*col = c;
	*row = r;
	return true;
}

/* Column letters for messages: 1 -> "A", 28 -> "AB". */
static void col_name(long col, char out[8])
{
	char tmp[8];
	int n = 0;
	while (col > 0 && n < 7) {
		long m = (col - 1) % 26;
		tmp[n++] = (char)('A' + m);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* ---- parts: inflate and parse ---- */

static enum app_status part_fail(struct part *p, enum app_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error of a handler and aborts the parser. */
static enum app_status part_fail(struct part *p, enum app_status st, const char *fmt, ...)
{
	if (p->st == APP_OK) {
		va_list ap;
		va_start(ap, fmt);
		app_err_vset(&p->err, st, fmt, ap);
		va_end(ap);
		p->st = st;
	}
	XML_StopParser(p->xp, XML_FALSE);
	return st;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	struct part *p = ud;
	part_fail(p, APP_EINVAL, "%s 含有 DTD 声明, XLSX 不允许, 文件可能被篡改", p->name);
}

/* Depth bookkeeping shared by all start handlers; false if too deep. */
static bool part_enter(struct part *p)
{
	if (++p->depth > MAX_XLSX_XML_DEPTH) {
		part_fail(p, APP_ETOOLARGE, "%s 的 XML 嵌套超过 %d 层", p->name,
		          MAX_XLSX_XML_DEPTH);
		return false;
	}
	return true;
}

/* Finds an entry by name (case-insensitive fallback) and opens it for
 * parsing with the given handlers. APP_ENOTFOUND if absent. */
static enum app_status part_open(struct xlsx_reader *r, struct part *p, const char *name,
                                 XML_StartElementHandler start, XML_EndElementHandler end,
                                 XML_CharacterDataHandler text, void *ctx, struct app_err *e)
{
	memset(p, 0, sizeof *p);
	p->r = r;
	p->ctx = ctx;
	str_copy(p->name, sizeof p->name, name, strlen(name));
	zip_int64_t idx = zip_name_locate(r->zip, name, 0);
	if (idx < 0)
		idx = zip_name_locate(r->zip, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return app_err_set(e, APP_ENOTFOUND, "工作簿缺少部件 %s", name);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE))
		return app_err_set(e, APP_EINVAL, "文件已损坏: 无法读取 %s 的目录信息", name);
	p->size = st.size;
	p->comp = st.comp_size;
	if (p->size > r->max_unzipped - r->unzipped)
		return app_err_set(
		    e, APP_ETOOLARGE,
		    "%s 解压后有 %llu 字节, 超过整个文件解压上限 %zu 字节 (疑似压缩炸弹)", name,
		    (unsigned long long)p->size, r->max_unzipped);
	if (p->size > (zip_uint64_t)MAX_XLSX_RATIO_GRACE &&
	    p->size / (p->comp ? p->comp : 1) > (zip_uint64_t)MAX_XLSX_RATIO)
		return app_err_set(e, APP_ETOOLARGE, "%s 的压缩比超过 %d:1 (疑似压缩炸弹)", name,
		                   MAX_XLSX_RATIO);
	p->zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!p->zf) {
		zip_error_t *ze = zip_get_error(r->zip);
		if (zip_error_code_zip(ze) == ZIP_ER_NOPASSWD ||
		    zip_error_code_zip(ze) == ZIP_ER_WRONGPASSWD)
			return app_err_set(e, APP_EINVAL, "工作簿已加密, 请去掉密码后再导入");
		return app_err_set(e, APP_EINVAL, "文件已损坏: 无法解压 %s (%s)", name,
		                   zip_error_strerror(ze));
	}
	p->xp = XML_ParserCreate(NULL);
	if (!p->xp)
		abort();
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, start, end);
	XML_SetCharacterDataHandler(p->xp, text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	return APP_OK;
}

static void part_close(struct part *p)
{
	if (p->xp)
		XML_ParserFree(p->xp);
	if (p->zf)
		zip_fclose(p->zf);
	p->xp = NULL;
	p->zf = NULL;
}

/* Converts an expat failure into our error (a handler's error first). */
static enum app_status part_xml_error(struct part *p, struct app_err *e)
{
	if (p->st != APP_OK) {
		if (e) {
			*e = p->err;
			e->status = p->st;
		}
		return p->st;
	}
	enum XML_Error code = XML_GetErrorCode(p->xp);
	return app_err_set(e, APP_EINVAL, "文件已损坏: %s 第 %lu 行 XML 格式错误 (%s)", p->name,
	                   (unsigned long)XML_GetCurrentLineNumber(p->xp), XML_ErrorString(code));
}

/* Interprets the result of XML_ParseBuffer or XML_ResumeParser: APP_OK
 * while more is to come, APP_ENOTFOUND when the part is finished (the final
 * chunk parsed, or a handler stopped the parser without an error), or the
 * error. */
static enum app_status part_result(struct part *p, enum XML_Status xs, bool *suspended,
                                   struct app_err *e)
{
	*suspended = xs == XML_STATUS_SUSPENDED;
	if (xs == XML_STATUS_ERROR) {
		if (p->st == APP_OK && XML_GetErrorCode(p->xp) == XML_ERROR_ABORTED)
			return APP_ENOTFOUND;
		return part_xml_error(p, e);
	}
	return p->final_fed && !*suspended ? APP_ENOTFOUND : APP_OK;
}

/* Inflates the next chunk and parses it. Returns APP_OK while more is to
 * come, APP_ENOTFOUND after the final chunk was parsed, or an error.
 * *suspended is set if a handler suspended the parser. */
static enum app_status part_feed(struct part *p, bool *suspended, struct app_err *e)
{
	struct xlsx_reader *r = p->r;
	void *b = XML_GetBuffer(p->xp, XLSX_CHUNK);
	if (!b)
		return part_xml_error(p, e);
	zip_int64_t n = zip_fread(p->zf, b, XLSX_CHUNK);
	if (n < 0)
		return app_err_set(e, APP_EINVAL, "文件已损坏或不完整: 解压 %s 出错 (%s)", p->name,
		                   zip_error_strerror(zip_file_get_error(p->zf)));
	p->got += (zip_uint64_t)n;
	r->unzipped += (size_t)n;
	if (p->got > p->size)
		return app_err_set(e, APP_EINVAL, "文件已损坏: %s 解压后的大小与 ZIP 目录不符",
		                   p->name);
	if (r->unzipped > r->max_unzipped)
		return app_err_set(e, APP_ETOOLARGE, "解压后超过 %zu 字节上限 (疑似压缩炸弹)",
		                   r->max_unzipped);
	if (p->got > (zip_uint64_t)MAX_XLSX_RATIO_GRACE &&
	    p->got / (p->comp ? p->comp : 1) > (zip_uint64_t)MAX_XLSX_RATIO)
		return app_err_set(e, APP_ETOOLARGE, "%s 的压缩比超过 %d:1 (疑似压缩炸弹)", p->name,
		                   MAX_XLSX_RATIO);
	if (n == 0 && p->got != p->size)
		return app_err_set(e, APP_EINVAL, "文件已损坏或不完整: %s 比 ZIP 目录所记短",
		                   p->name);
	p->final_fed = n == 0;
	return part_result(p, XML_ParseBuffer(p->xp, (int)n, n == 0), suspended, e);
}

/* Parses a whole (non-sheet) part. */
static enum app_status part_run(struct part *p, struct app_err *e)
{
	enum app_status st;
	bool susp = false;
	while ((st = part_feed(p, &susp, e)) == APP_OK)
		;
	part_close(p);
	return st == APP_ENOTFOUND ? APP_OK : st;
}

/* ---- package relationships (_rels/.rels, xl/_rels/workbook.xml.rels) ---- */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *p = ud;
	struct xlsx_reader *r = p->r;
	if (!part_enter(p) || strcmp(local_name(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
	           *type = attr(atts, "Type");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !target || !type || (mode && strcmp(mode, "External") == 0))
		return;
	if (r->nrels >= MAX_XLSX_ENTRIES) {
		part_fail(p, APP_ETOOLARGE, "%s 的关系条目过多", p->name);
		return;
	}
	r->rels = xrealloc(r->rels, (r->nrels + 1) * sizeof *r->rels);
	r->rels[r->nrels++] = (struct relation){xstrdup(id), xstrdup(target), xstrdup(type)};
}

static void XMLCALL any_end(void *ud, const XML_Char *name)
{
	(void)name;
	((struct part *)ud)->depth--;
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int len)
{
	(void)ud, (void)s, (void)len;
}

static void free_rels(struct xlsx_reader *r)
{
	for (size_t i = 0; i < r->nrels; i++) {
		free(r->rels[i].id);
		free(r->rels[i].target);
		free(r->rels[i].type);
	}
	free(r->rels);
	r->rels = NULL;
	r->nrels = 0;
}

static enum app_status read_rels(struct xlsx_reader *r, const char *name, struct app_err *e)
{
	struct part p;
	free_rels(r);
	enum app_status st = part_open(r, &p, name, rels_start, any_end, no_text, NULL, e);
	return st == APP_OK ? part_run(&p, e) : st;
}

/* Resolves a relationship target against the directory of the source part
 * ("xl/"), handling absolute targets and "../" segments. */
static void resolve_target(const char *dir, const char *target, char *out, size_t n)
{
	char tmp[512];
	if (target[0] == '/')
		snprintf(tmp, sizeof tmp, "%s", target + 1);
	else
		snprintf(tmp, sizeof tmp, "%s%s", dir, target);
	/* collapse "x/../" and "./" */
	size_t w = 0;
	for (const char *s = tmp; *s;) {
		if (strncmp(s, "./", 2) == 0) {
			s += 2;
		} else if (strncmp(s, "../", 3) == 0) {
			if (w > 0)
				w--;
			while (w > 0 && out[w - 1] != '/')
				w--;
			s += 3;
		} else {
			while (*s && *s != '/' && w + 1 < n)
				out[w++] = *s++;
			if (*s == '/' && w + 1 < n)
				out[w++] = *s++;
		}
	}
	out[w] = '\0';
}

static const struct relation *rel_by_type(const struct xlsx_reader *r, const char *suffix)
{
	for (size_t i = 0; i < r->nrels; i++)
		if (ends_with(r->rels[i].type, suffix))
			return &r->rels[i];
	return NULL;
}

/* ---- workbook.xml ---- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *p = ud;
	struct xlsx_reader *r = p->r;
	if (!part_enter(p))
		return;
	const char *ln = local_name(name);
	if (strcmp(ln, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		r->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(ln, "sheet") == 0) {
		const char *nm = attr(atts, "name"), *rid = attr(atts, "id");
		if (!nm || !rid) {
			part_fail(p, APP_EINVAL,
			          "文件已损坏: workbook.xml 中的工作表缺少名称或关系编号");
			return;
		}
		if (r->nsheets >= MAX_XLSX_SHEETS) {
			part_fail(p, APP_ETOOLARGE, "工作表超过 %d 个", MAX_XLSX_SHEETS);
			return;
		}
		r->sheet_names = xrealloc(r->sheet_names, (r->nsheets + 1) * sizeof(char *));
		r->sheet_rids = xrealloc(r->sheet_rids, (r->nsheets + 1) * sizeof(char *));
		r->sheet_names[r->nsheets] = xstrdup(nm);
		r->sheet_rids[r->nsheets] = xstrdup(rid);
		r->nsheets++;
	}
}

/* ---- styles.xml: which cell formats show dates ---- */

struct styles_ctx {
	bool in_numfmts, in_cellxfs;
	struct custom_fmt *fmts;
	size_t nfmts;
	unsigned *xf_fmt;
	size_t nxf;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *p = ud;
	struct styles_ctx *c = p->ctx;
	if (!part_enter(p))
		return;
	const char *ln = local_name(name);
	unsigned long id = 0;
	if (strcmp(ln, "numFmts") == 0) {
		c->in_numfmts = true;
	} else if (strcmp(ln, "cellXfs") == 0) {
		c->in_cellxfs = true;
	} else if (c->in_numfmts && strcmp(ln, "numFmt") == 0) {
		const char *sid = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!sid || !code || !parse_ulong(sid, strlen(sid), 0xFFFFFFFFul, &id))
			return;
		if (c->nfmts >= MAX_XLSX_STYLES) {
			part_fail(p, APP_ETOOLARGE, "数字格式超过 %d 个", MAX_XLSX_STYLES);
			return;
		}
		c->fmts = xrealloc(c->fmts, (c->nfmts + 1) * sizeof *c->fmts);
		c->fmts[c->nfmts++] =
		    (struct custom_fmt){(unsigned)id, (unsigned char)xlsxval_format_kind(code)};
	} else if (c->in_cellxfs && strcmp(ln, "xf") == 0) {
		const char *sid = attr(atts, "numFmtId");
		if (!sid || !parse_ulong(sid, strlen(sid), 0xFFFFFFFFul, &id))
			id = 0;
		if (c->nxf >= MAX_XLSX_STYLES) {
			part_fail(p, APP_ETOOLARGE, "单元格格式超过 %d 个", MAX_XLSX_STYLES);
			return;
		}
		c->xf_fmt = xrealloc(c->xf_fmt, (c->nxf + 1) * sizeof *c->xf_fmt);
		c->xf_fmt[c->nxf++] = (unsigned)id;
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct part *p = ud;
	struct styles_ctx *c = p->ctx;
	const char *ln = local_name(name);
	if (strcmp(ln, "numFmts") == 0)
		c->in_numfmts = false;
	else if (strcmp(ln, "cellXfs") == 0)
		c->in_cellxfs = false;
	p->depth--;
}

static enum app_status read_styles(struct xlsx_reader *r, const char *path, struct app_err *e)
{
	struct styles_ctx c = {0};
	struct part p;
	enum app_status st = part_open(r, &p, path, styles_start, styles_end, no_text, &c, e);
	if (st == APP_ENOTFOUND)
		return APP_OK; /* no styles: no dates */
	if (st == APP_OK)
		st = part_run(&p, e);
	if (st == APP_OK && c.nxf > 0) {
		r->xf_kind = xcalloc(c.nxf, 1);
		r->nxf = c.nxf;
		for (size_t i = 0; i < c.nxf; i++) {
			int k = xlsxval_builtin_kind(c.xf_fmt[i]);
			for (size_t j = c.nfmts; j-- > 0;) /* a custom format overrides */
				if (c.fmts[j].id == c.xf_fmt[i]) {
					k = c.fmts[j].kind;
					break;
				}
			r->xf_kind[i] = (unsigned char)k;
		}
	}
	free(c.fmts);
	free(c.xf_fmt);
	return st;
}

/* ---- sharedStrings.xml ---- */

struct sst_ctx {
	bool in_si, in_t;
	int rph;
	struct buf item;
	bool too_big;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *p = ud;
	struct sst_ctx *c = p->ctx;
	if (!part_enter(p))
		return;
	const char *ln = local_name(name);
	if (strcmp(ln, "si") == 0) {
		c->in_si = true;
		c->too_big = false;
		buf_reset(&c->item);
	} else if (c->in_si && strcmp(ln, "rPh") == 0) {
		c->rph++;
	} else if (c->in_si && strcmp(ln, "t") == 0) {
		c->in_t = true;
	} else if (strcmp(ln, "sst") == 0) {
		const char *uc = attr(atts, "uniqueCount");
		unsigned long n = 0;
		if (uc && parse_ulong(uc, strlen(uc), 0xFFFFFFFFul, &n) &&
		    n > MAX_XLSX_SHARED_STRINGS) {
			part_fail(p, APP_ETOOLARGE, "共享字符串有 %lu 个, 超过上限 %d 个", n,
			          MAX_XLSX_SHARED_STRINGS);
			return;
		}
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct part *p = ud;
	struct sst_ctx *c = p->ctx;
	if (!c->in_t || c->rph > 0 || c->too_big)
		return;
	if (buf_append(&c->item, s, (size_t)len) != APP_OK)
		c->too_big = true;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct part *p = ud;
	struct sst_ctx *c = p->ctx;
	struct xlsx_reader *r = p->r;
	const char *ln = local_name(name);
	p->depth--;
	if (strcmp(ln, "t") == 0) {
		c->in_t = false;
	} else if (strcmp(ln, "rPh") == 0 && c->rph > 0) {
		c->rph--;
	} else if (strcmp(ln, "si") == 0 && c->in_si) {
		c->in_si = false;
		if (c->too_big) {
			part_fail(p, APP_ETOOLARGE, "第 %zu 个共享字符串超过 %d 字节", r->nsst + 1,
			          MAX_XLSX_CELL);
			return;
		}
		if (r->nsst >= MAX_XLSX_SHARED_STRINGS) {
			part_fail(p, APP_ETOOLARGE, "共享字符串超过 %d 个",
			          MAX_XLSX_SHARED_STRINGS);
			return;
		}
		size_t n = c->item.len ? xlsxval_unescape(c->item.p, c->item.len) : 0;
		if (n > 0 && buf_append(&r->sst, c->item.p, n) != APP_OK) {
			part_fail(p, APP_ETOOLARGE, "共享字符串总计超过 %ld 字节",
			          (long)MAX_XLSX_SST_BYTES);
			return;
		}
		xgrow((void **)&r->sst_off, &r->sst_cap, r->nsst + 2, sizeof *r->sst_off);
		r->nsst++;
		r->sst_off[r->nsst] = (uint32_t)r->sst.len;
	}
}

static enum app_status read_sst(struct xlsx_reader *r, const char *path, struct app_err *e)
{
	struct sst_ctx c = {0};
	struct part p;
	buf_init(&c.item, MAX_XLSX_CELL);
	xgrow((void **)&r->sst_off, &r->sst_cap, 1, sizeof *r->sst_off);
	r->sst_off[0] = 0;
	enum app_status st = part_open(r, &p, path, sst_start, sst_end, sst_text, &c, e);
	if (st == APP_ENOTFOUND)
		st = APP_OK; /* no shared strings: every "s" cell will be an error */
	else if (st == APP_OK)
		st = part_run(&p, e);
	buf_free(&c.item);
	return st;
}

/* ---- the sheet ---- */

static void row_fail(struct xlsx_reader *r, enum app_status st, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the first error of the current row; the row is skipped. */
static void row_fail(struct xlsx_reader *r, enum app_status st, long col, const char *fmt, ...)
{
	if (r->row_st != APP_OK)
		return;
	char where[64], cn[8];
	if (col > 0) {
		col_name(col, cn);
		snprintf(where, sizeof where, "第%ld行第%s列", r->row, cn);
	} else {
		snprintf(where, sizeof where, "第%ld行", r->row);
	}
	char msg[MAX_ERR_MSG];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	app_err_clear(&r->row_err);
	/* as csv_next words it; callers add the sheet (xlsx_sheet_name) */
	app_err_set(&r->row_err, st, "%s: %s", where, msg);
	r->row_err.line = r->row;
	r->row_err.col = col;
	r->row_st = st;
}

static void put_cell(struct xlsx_reader *r, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (r->col > MAX_XLSX_COLS) {
		row_fail(r, APP_ETOOLARGE, r->col, "超出 %d 列上限", MAX_XLSX_COLS);
		return;
	}
	size_t off = r->rowtext.len;
	if (buf_append(&r->rowtext, s, n) != APP_OK) {
		row_fail(r, APP_ETOOLARGE, r->col, "整行内容超过 %d 字节", MAX_CSV_RECORD);
		return;
	}
	for (long c = r->ncols; c < r->col - 1; c++)
		r->cell_len[c] = 0;
	r->cell_off[r->col - 1] = off;
	r->cell_len[r->col - 1] = n;
	r->ncols = r->col;
}

/* Turns the collected <v> text of a numeric cell into display text. */
static void number_cell(struct xlsx_reader *r)
{
	char out[XLSXVAL_NUM_MAX];
	const char *v = buf_cstr(&r->cell);
	int kind = r->style >= 0 && (size_t)r->style < r->nxf ? r->xf_kind[r->style] : XV_FK_NONE;
	if (kind == XV_FK_PERCENT && xlsxval_percent(v, r->cell.len, out, sizeof out)) {
		put_cell(r, out, strlen(out));
		return;
	}
	if (kind != XV_FK_NONE && kind != XV_FK_PERCENT) {
		char tmp[64];
		struct strv t = strv_trim((struct strv){v, r->cell.len});
		if (t.n < sizeof tmp && xlsxval_number(t.p, t.n, out, sizeof out)) {
			memcpy(tmp, t.p, t.n);
			tmp[t.n] = '\0';
			if (xlsxval_date_cell(strtod(tmp, NULL), kind, r->date1904, out,
			                      sizeof out)) {
				put_cell(r, out, strlen(out));
				return;
			}
		}
	}
	if (!xlsxval_number(v, r->cell.len, out, sizeof out)) {
		row_fail(r, APP_EINVAL, r->col, "数值单元格的内容 \"%.40s\" 不是数字", v);
		return;
	}
	put_cell(r, out, strlen(out));
}

/* t="d": an ISO 8601 date-time in the cell; kept as "YYYY-MM-DD[ HH:MM:SS]". */
static void iso_date_cell(struct xlsx_reader *r)
{
	struct strv t = strv_trim((struct strv){r->cell.p ? r->cell.p : "", r->cell.len});
	char date[11];
	if (t.n < 10 || !str_to_date((struct strv){t.p, 10}, date)) {
		row_fail(r, APP_EINVAL, r->col, "日期单元格的内容 \"%.40s\" 无效",
		         buf_cstr(&r->cell));
		return;
	}
	char out[32];
	bool has_time = t.n >= 19 && t.p[10] == 'T' && memcmp(t.p + 11, "00:00:00", 8) != 0;
	if (has_time)
		snprintf(out, sizeof out, "%s %.8s", date, t.p + 11);
	else
		snprintf(out, sizeof out, "%s", date);
	put_cell(r, out, strlen(out));
}

static void finish_cell(struct xlsx_reader *r)
{
	const char *v = buf_cstr(&r->cell);
	size_t n = r->cell.len;
	unsigned long idx;
	if (r->too_big) {
		row_fail(r, APP_ETOOLARGE, r->col, "单元格内容超过 %d 字节", MAX_XLSX_CELL);
		return;
	}
	bool empty = !r->has_v || strv_trim((struct strv){v, n}).n == 0;
	if (r->has_f && empty && r->ctype != 'i' && r->ctype != 'f') {
		row_fail(r, APP_EINVAL, r->col,
		         "公式没有保存计算结果, 请在 Excel 或 WPS 中打开并保存后再导入");
		return;
	}
	switch (r->ctype) {
	case 's':
		if (!r->has_v)
			return;
		if (!parse_ulong(v, n, 0xFFFFFFFFul, &idx) || idx >= r->nsst) {
			row_fail(r, APP_EINVAL, r->col,
			         "共享字符串编号 \"%.20s\" 无效, 文件可能已损坏", v);
			return;
		}
		put_cell(r, r->sst.p + r->sst_off[idx], r->sst_off[idx + 1] - r->sst_off[idx]);
		return;
	case 'i':
	case 'f':
		if (n > 0)
			put_cell(r, r->cell.p, xlsxval_unescape(r->cell.p, n));
		return;
	case 'b':
		if (!r->has_v)
			return;
		if (strv_eq(strv_trim((struct strv){v, n}), "1"))
			put_cell(r, "TRUE", 4);
		else if (strv_eq(strv_trim((struct strv){v, n}), "0"))
			put_cell(r, "FALSE", 5);
		else
			row_fail(r, APP_EINVAL, r->col, "布尔单元格的内容 \"%.20s\" 无效", v);
		return;
	case 'e':
		row_fail(r, APP_EINVAL, r->col, "单元格是错误值 %.20s, 请修正公式或数据",
		         n ? v : "#VALUE!");
		return;
	case 'd':
		if (r->has_v && n > 0)
			iso_date_cell(r);
		return;
	default:
		if (r->has_v && strv_trim((struct strv){v, n}).n > 0)
			number_cell(r);
		return;
	}
}

static void cell_start(struct part *p, struct xlsx_reader *r, const XML_Char **atts)
{
	const char *ref = NULL, *s = NULL, *t = NULL;
	for (size_t i = 0; atts[i]; i += 2) {
		const char *an = atts[i];
		if (an[0] != '\0' && an[1] == '\0') { /* the one-letter attributes, unprefixed */
			if (an[0] == 'r')
				ref = atts[i + 1];
			else if (an[0] == 's')
				s = atts[i + 1];
			else if (an[0] == 't')
				t = atts[i + 1];
		} else if (strchr(an, ':')) {
			const char *ln = local_name(an);
			if (name_is(ln, "r") || name_is(ln, "s") || name_is(ln, "t"))
				*(ln[0] == 'r' ? &ref : ln[0] == 's' ? &s : &t) = atts[i + 1];
		}
	}
	long col = r->last_col + 1, row = 0;
	if (ref && (!parse_ref(ref, &col, &row) || (row != 0 && row != r->row))) {
		part_fail(p, APP_EINVAL, "工作表 \"%s\" 第%ld行: 单元格引用 \"%.20s\" 无效",
		          r->sheet_name, r->row, ref);
		return;
	}
	if (col <= r->last_col) {
		part_fail(p, APP_EINVAL, "工作表 \"%s\" 第%ld行: 单元格 %.20s 重复或顺序错误",
		          r->sheet_name, r->row, ref ? ref : "");
		return;
	}
	r->col = r->last_col = col;
	unsigned long style = 0;
	r->style = s && parse_ulong(s, strlen(s), MAX_XLSX_STYLES, &style) ? (int)style : -1;
	r->ctype = 'n';
	if (t) {
		if (name_is(t, "s"))
			r->ctype = 's';
		else if (name_is(t, "b"))
			r->ctype = 'b';
		else if (name_is(t, "e"))
			r->ctype = 'e';
		else if (name_is(t, "inlineStr"))
			r->ctype = 'i';
		else if (name_is(t, "str"))
			r->ctype = 'f';
		else if (name_is(t, "d"))
			r->ctype = 'd';
	}
	r->in_c = true;
	r->has_v = r->has_f = r->too_big = false;
	r->rph = 0;
	buf_reset(&r->cell);
}

static void row_start(struct part *p, struct xlsx_reader *r, const XML_Char **atts)
{
	const char *rn = attr(atts, "r");
	unsigned long row = (unsigned long)r->last_row + 1;
	if (rn && !parse_ulong(rn, strlen(rn), 0x7FFFFFFFul, &row)) {
		part_fail(p, APP_EINVAL, "工作表 \"%s\": 行号 \"%.20s\" 无效", r->sheet_name, rn);
		return;
	}
	if ((long)row <= r->last_row) {
		part_fail(p, APP_EINVAL, "工作表 \"%s\": 第%lu行重复或顺序错误", r->sheet_name,
		          row);
		return;
	}
	if ((long)row > r->max_rows) {
		part_fail(p, APP_ETOOLARGE, "工作表 \"%s\": 超过 %ld 行上限", r->sheet_name,
		          r->max_rows);
		return;
	}
	r->row = r->last_row = (long)row;
	r->last_col = 0;
	r->ncols = 0;
	r->row_st = APP_OK;
	buf_reset(&r->rowtext);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *p = ud;
	struct xlsx_reader *r = p->r;
	if (!part_enter(p))
		return;
	const char *ln = local_name(name);
	if (!r->in_sheetdata) {
		if (name_is(ln, "sheetData"))
			r->in_sheetdata = true;
		return;
	}
	if (r->in_c) {
		if (name_is(ln, "v")) {
			r->in_v = r->has_v = true;
			buf_reset(&r->cell);
		} else if (name_is(ln, "f")) {
			r->has_f = true;
		} else if (name_is(ln, "is")) {
			r->in_is = true;
		} else if (r->in_is && name_is(ln, "rPh")) {
			r->rph++;
		} else if (r->in_is && name_is(ln, "t")) {
			r->in_t = true;
		}
	} else if (name_is(ln, "c")) {
		cell_start(p, r, atts);
	} else if (name_is(ln, "row")) {
		row_start(p, r, atts);
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	struct part *p = ud;
	struct xlsx_reader *r = p->r;
	if (r->too_big || !(r->in_v || (r->in_t && r->rph == 0)))
		return;
	if (buf_append(&r->cell, s, (size_t)len) != APP_OK)
		r->too_big = true;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct part *p = ud;
	struct xlsx_reader *r = p->r;
	const char *ln = local_name(name);
	p->depth--;
	if (!r->in_sheetdata)
		return;
	if (r->in_c) {
		if (name_is(ln, "v")) {
			r->in_v = false;
		} else if (name_is(ln, "t")) {
			r->in_t = false;
		} else if (name_is(ln, "rPh") && r->rph > 0) {
			r->rph--;
		} else if (name_is(ln, "is")) {
			r->in_is = false;
			r->has_v = true;
		} else if (name_is(ln, "c")) {
			r->in_c = r->in_v = r->in_is = r->in_t = false;
			finish_cell(r);
		}
	} else if (name_is(ln, "row")) {
		if (r->ncols > 0 || r->row_st != APP_OK) {
			r->row_ready = true;
			XML_StopParser(p->xp, XML_TRUE);
		}
	} else if (name_is(ln, "sheetData")) {
		/* nothing after sheetData holds cell values */
		r->in_sheetdata = false;
		r->eof = true;
		XML_StopParser(p->xp, XML_FALSE);
	}
}

/* ---- opening ---- */

static enum app_status fail_open(struct xlsx_reader *r, enum app_status st)
{
	xlsx_close(r);
	return st;
}

static const struct relation *rel_by_id(const struct xlsx_reader *r, const char *id)
{
	for (size_t i = 0; i < r->nrels; i++)
		if (strcmp(r->rels[i].id, id) == 0)
			return &r->rels[i];
	return NULL;
}

/* Picks the sheet named `want`, or else the first worksheet (chart sheets
 * are passed over), and sets r->sheet_name and r->sheet_path. */
static enum app_status choose_sheet(struct xlsx_reader *r, const char *want, const char *dir,
                                    struct app_err *e)
{
	size_t k = 0;
	if (r->nsheets == 0)
		return app_err_set(e, APP_EINVAL, "工作簿中没有工作表");
	if (!want || !*want) {
		for (k = 0; k < r->nsheets; k++) {
			const struct relation *rel = rel_by_id(r, r->sheet_rids[k]);
			if (rel && ends_with(rel->type, "/worksheet"))
				break;
		}
		if (k == r->nsheets)
			k = 0; /* no worksheet: report on the first sheet */
	} else {
		for (k = 0; k < r->nsheets; k++)
			if (strcmp(r->sheet_names[k], want) == 0)
				break;
		if (k == r->nsheets) {
			struct buf names;
			buf_init(&names, 300);
			for (size_t i = 0; i < r->nsheets; i++)
				if (buf_printf(&names, "%s\"%s\"", i ? ", " : "",
				               r->sheet_names[i]) != APP_OK)
					break;
			app_err_set(e, APP_ENOTFOUND, "工作簿中没有名为 \"%s\" 的工作表 (现有: %s)",
			            want, buf_cstr(&names));
			buf_free(&names);
			return APP_ENOTFOUND;
		}
	}
	r->sheet_name = r->sheet_names[k];
	const struct relation *rel = rel_by_id(r, r->sheet_rids[k]);
	if (rel) {
		if (!ends_with(rel->type, "/worksheet"))
			return app_err_set(e, APP_EINVAL,
			                   "\"%s\" 不是普通工作表 (可能是图表), 无法导入",
			                   r->sheet_name);
		char path[512];
		resolve_target(dir, rel->target, path, sizeof path);
		r->sheet_path = xstrdup(path);
		return APP_OK;
	}
	return app_err_set(e, APP_EINVAL, "文件已损坏: 找不到工作表 \"%s\" 的数据部件",
	                   r->sheet_name);
}

/* Reads the package: workbook, relationships, styles, shared strings, and
 * opens the sheet stream. */
static enum app_status open_workbook(struct xlsx_reader *r, const struct xlsx_opts *o,
                                     struct app_err *e)
{
	char wb[512] = "xl/workbook.xml", dir[512], rels[600], path[512];
	enum app_status st;
	zip_int64_t nent = zip_get_num_entries(r->zip, 0);
	if (nent > MAX_XLSX_ENTRIES)
		return app_err_set(e, APP_ETOOLARGE,
		                   "ZIP 中有 %lld 个文件, 超过 %d 个上限, 不是正常的工作簿",
		                   (long long)nent, MAX_XLSX_ENTRIES);
	/* the main part, as the package relationships name it */
	st = read_rels(r, "_rels/.rels", e);
	if (st != APP_OK && st != APP_ENOTFOUND)
		return st;
	const struct relation *office = rel_by_type(r, "/officeDocument");
	if (office)
		resolve_target("", office->target, wb, sizeof wb);
	struct part p;
	st = part_open(r, &p, wb, wb_start, any_end, no_text, NULL, e);
	if (st == APP_ENOTFOUND)
		return app_err_set(e, APP_EINVAL, "不是 Excel 工作簿: ZIP 中没有 %s", wb);
	if (st != APP_OK || (st = part_run(&p, e)) != APP_OK)
		return st;
	const char *slash = strrchr(wb, '/');
	size_t dl = slash ? (size_t)(slash - wb + 1) : 0;
	snprintf(dir, sizeof dir, "%.*s", (int)dl, wb);
	snprintf(rels, sizeof rels, "%s_rels/%s.rels", dir, wb + dl);
	st = read_rels(r, rels, e);
	if (st == APP_ENOTFOUND)
		return app_err_set(e, APP_EINVAL, "文件已损坏: 缺少 %s", rels);
	if (st != APP_OK || (st = choose_sheet(r, o ? o->sheet : NULL, dir, e)) != APP_OK)
		return st;
	const struct relation *rel = rel_by_type(r, "/styles");
	resolve_target(dir, rel ? rel->target : "styles.xml", path, sizeof path);
	if ((st = read_styles(r, path, e)) != APP_OK)
		return st;
	rel = rel_by_type(r, "/sharedStrings");
	resolve_target(dir, rel ? rel->target : "sharedStrings.xml", path, sizeof path);
	if ((st = read_sst(r, path, e)) != APP_OK)
		return st;
	st = part_open(r, &r->sheet, r->sheet_path, sheet_start, sheet_end, sheet_text, NULL, e);
	if (st == APP_ENOTFOUND)
		return app_err_set(e, APP_EINVAL, "文件已损坏: 缺少工作表部件 %s", r->sheet_path);
	/* later messages name the sheet, not the part */
	snprintf(r->sheet.name, sizeof r->sheet.name, "工作表 \"%s\"", r->sheet_name);
	r->opened = st == APP_OK;
	return st;
}

static struct xlsx_reader *reader_new(const struct xlsx_opts *o)
{
	struct xlsx_reader *r = xcalloc(1, sizeof *r);
	r->max_unzipped = o && o->max_unzipped ? o->max_unzipped : (size_t)MAX_XLSX_UNZIPPED;
	r->max_rows =
	    o && o->max_rows > 0 && o->max_rows < MAX_XLSX_ROWS ? o->max_rows : MAX_XLSX_ROWS;
	buf_init(&r->sst, MAX_XLSX_SST_BYTES);
	buf_init(&r->rowtext, MAX_CSV_RECORD);
	buf_init(&r->cell, MAX_XLSX_CELL);
	r->cell_off = xcalloc(MAX_XLSX_COLS, sizeof *r->cell_off);
	r->cell_len = xcalloc(MAX_XLSX_COLS, sizeof *r->cell_len);
	r->fields = xcalloc(MAX_XLSX_COLS, sizeof *r->fields);
	return r;
}

/* Explains a file whose first bytes are not a zip local header. */
static enum app_status check_magic(const unsigned char *h, size_t n, struct app_err *e)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n == 0)
		return app_err_set(e, APP_EINVAL, "文件为空, 不是 XLSX 工作簿");
	if (n >= 8 && memcmp(h, ole, 8) == 0)
		return app_err_set(e, APP_EINVAL,
		                   "这是 Excel 97-2003 (.xls) 文件或加密的工作簿, 请在 Excel 或 "
		                   "WPS 中另存为 .xlsx "
		                   "(不加密码) 后再导入");
	if (n < 4 || memcmp(h, "PK\x03\x04", 4) != 0)
		return app_err_set(e, APP_EINVAL,
		                   "不是 XLSX 文件: 内容不是 ZIP 格式 (CSV 文件请用 .csv 扩展名)");
	return APP_OK;
}

static enum app_status zip_open_error(zip_error_t *ze, struct app_err *e)
{
	return app_err_set(e, APP_EINVAL,
	                   "XLSX 文件已损坏或不完整 (ZIP 目录缺失或无效, 可能是上传或下载中断): %s",
	                   zip_error_strerror(ze));
}

enum app_status xlsx_open_mem(const void *data, size_t n, const struct xlsx_opts *opts,
                              struct xlsx_reader **out, struct app_err *e)
{
	*out = NULL;
	enum app_status st = check_magic(data, n, e);
	if (st != APP_OK)
		return st;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
	if (!src)
		abort();
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		zip_source_free(src);
		st = zip_open_error(&ze, e);
		zip_error_fini(&ze);
		return st;
	}
	zip_error_fini(&ze);
	struct xlsx_reader *r = reader_new(opts);
	r->zip = z;
	if ((st = open_workbook(r, opts, e)) != APP_OK)
		return fail_open(r, st);
	*out = r;
	return APP_OK;
}

enum app_status xlsx_open(const char *path, const struct xlsx_opts *opts, struct xlsx_reader **out,
                          struct app_err *e)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return app_err_set(e, APP_EIO, "无法打开文件 %s: %s", path, strerror(errno));
	unsigned char head[8];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	enum app_status st = check_magic(head, n, e);
	if (st != APP_OK)
		return st;
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		st = err == ZIP_ER_OPEN || err == ZIP_ER_READ
		         ? app_err_set(e, APP_EIO, "无法读取文件 %s: %s", path,
		                       zip_error_strerror(&ze))
		         : zip_open_error(&ze, e);
		zip_error_fini(&ze);
		return st;
	}
	struct xlsx_reader *r = reader_new(opts);
	r->zip = z;
	if ((st = open_workbook(r, opts, e)) != APP_OK)
		return fail_open(r, st);
	*out = r;
	return APP_OK;
}

/* ---- reading rows ---- */

/* Makes st the reader's permanent state. The message says where in the
 * sheet reading stopped; line and col stay 0, which marks a fatal error. */
static enum app_status set_fatal(struct xlsx_reader *r, enum app_status st, struct app_err *e)
{
	r->fatal = st;
	if (e)
		r->fatal_err = *e;
	else
		app_err_set(&r->fatal_err, st, "工作表读取失败");
	r->fatal_err.status = st;
	r->fatal_err.line = r->fatal_err.col = 0;
	if (r->row > 0) {
		size_t n = strlen(r->fatal_err.msg);
		snprintf(r->fatal_err.msg + n, sizeof r->fatal_err.msg - n, " (在第%ld行附近)",
		         r->row);
	}
	if (e)
		*e = r->fatal_err;
	part_close(&r->sheet);
	return st;
}

static enum app_status emit_row(struct xlsx_reader *r, struct csv_record *rec, struct app_err *e)
{
	r->row_ready = false;
	if (r->row_st != APP_OK) {
		if (e)
			*e = r->row_err;
		return r->row_st;
	}
	for (long i = 0; i < r->ncols; i++)
		r->fields[i] = r->cell_len[i]
		                   ? (struct strv){r->rowtext.p + r->cell_off[i], r->cell_len[i]}
		                   : (struct strv){"", 0};
	rec->nfields = (size_t)r->ncols;
	rec->fields = r->fields;
	rec->line = r->row;
	return APP_OK;
}

enum app_status xlsx_next(struct xlsx_reader *r, struct csv_record *rec, struct app_err *e)
{
	app_err_clear(e);
	if (r->fatal != APP_OK)
		return APP_ENOTFOUND; /* reported once; the sheet ends there */
	struct part *p = &r->sheet;
	for (;;) {
		if (r->eof || !p->xp)
			return APP_ENOTFOUND;
		enum app_status st;
		bool susp = false;
		XML_ParsingStatus ps;
		XML_GetParsingStatus(p->xp, &ps);
		if (ps.parsing == XML_SUSPENDED)
			st = part_result(p, XML_ResumeParser(p->xp), &susp, e);
		else
			st = part_feed(p, &susp, e);
		if (r->row_ready)
			return emit_row(r, rec, e);
		if (st == APP_ENOTFOUND) {
			if (!r->eof && r->in_sheetdata)
				return set_fatal(
				    r, app_err_set(e, APP_EINVAL, "文件已损坏: 工作表数据不完整"),
				    e);
			r->eof = true;
			part_close(p);
			return APP_ENOTFOUND;
		}
		if (st != APP_OK)
			return set_fatal(r, st, e);
	}
}

const char *xlsx_sheet_name(const struct xlsx_reader *r)
{
	return r->sheet_name ? r->sheet_name : "";
}

size_t xlsx_sheet_count(const struct xlsx_reader *r)
{
	return r->nsheets;
}

const char *xlsx_sheet_at(const struct xlsx_reader *r, size_t i)
{
	return i < r->nsheets ? r->sheet_names[i] : NULL;
}

size_t xlsx_offset(const struct xlsx_reader *r)
{
	return (size_t)r->sheet.got;
}

size_t xlsx_size(const struct xlsx_reader *r)
{
	return (size_t)r->sheet.size;
}

void xlsx_close(struct xlsx_reader *r)
{
	if (!r)
		return;
	part_close(&r->sheet);
	if (r->zip)
		zip_discard(r->zip);
	for (size_t i = 0; i < r->nsheets; i++) {
		free(r->sheet_names[i]);
		free(r->sheet_rids[i]);
	}
	free(r->sheet_names);
	free(r->sheet_rids);
	free(r->sheet_path);
	free_rels(r);
	free(r->xf_kind);
	buf_free(&r->sst);
	free(r->sst_off);
	buf_free(&r->rowtext);
	buf_free(&r->cell);
	free(r->cell_off);
	free(r->cell_len);
	free(r->fields);
	free(r);
}
