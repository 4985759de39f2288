/* rule.c - the compile driver (lex, parse, check, emit), errors, and the
 * accessors of a compiled program. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "rule/rule_int.h"

const char *const rule_op_names[OP_COUNT_] = {
    [OP_CONST] = "const", [OP_LOAD] = "load", [OP_PERIOD] = "period", [OP_NEG] = "neg",
    [OP_ADD] = "add",     [OP_SUB] = "sub",   [OP_MUL] = "mul",       [OP_DIV] = "div",
    [OP_MIN] = "min",     [OP_MAX] = "max",   [OP_FLOOR] = "floor",   [OP_CEIL] = "ceil",
    [OP_ROUND] = "round", [OP_ABS] = "abs",   [OP_SQRT] = "sqrt",     [OP_LT] = "lt",
    [OP_LE] = "le",       [OP_GT] = "gt",     [OP_GE] = "ge",         [OP_EQ] = "eq",
    [OP_NE] = "ne",       [OP_AND] = "and",   [OP_OR] = "or",         [OP_NOT] = "not",
    [OP_IF] = "if",       [OP_IN] = "in",     [OP_BAND] = "band",     [OP_CLAMP] = "clamp",
    [OP_CASE1] = "case1",
};

static bool vset_error(struct rule_cc *cc, enum app_status s, int file, int line, int col,
                       const char *fmt, va_list ap)
{
	if (cc->failed)
		return false;
	cc->failed = true;
	cc->status = s;
	if (!cc->err)
		return false;
	const char *name = file >= 0 && file < cc->prog->nfiles ? cc->prog->files[file].name : "";
	str_copy(cc->err->file, sizeof cc->err->file, name, strlen(name));
	cc->err->line = line;
	cc->err->col = col;
	vsnprintf(cc->err->message, sizeof cc->err->message, fmt, ap);
	return false;
}

bool rule_cc_error(struct rule_cc *cc, enum app_status s, int file, int line, int col,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset_error(cc, s, file, line, col, fmt, ap);
	va_end(ap);
	return false;
}

bool rule_cc_error_at(struct rule_cc *cc, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset_error(cc, APP_EINVAL, n ? n->file : 0, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return false;
}

void rule_error_format(const struct rule_error *e, char *buf, size_t n)
{
	if (e->line > 0)
		snprintf(buf, n, "%s:%d:%d: %s", e->file, e->line, e->col, e->message);
	else
		snprintf(buf, n, "%s: %s", e->file, e->message);
}

void rule_free(struct rule_program *p)
{
	if (!p)
		return;
	free(p->ins);
	free(p->meta);
	free(p->inputs);
	free(p->items);
	free(p->item_ins);
	free(p->bands);
	free(p->sets);
	free(p->cases);
	free(p->bins);
	free(p->item_reg);
	free(p->item_bool);
	arena_clear(&p->arena);
	free(p);
}

static bool host_ok(struct rule_cc *cc)
{
	const struct rule_host *h = cc->host;
	for (size_t i = 0; i < h->nsyms; i++) {
		const struct rule_symbol *s = &h->syms[i];
		if (!s->name || !s->label || !(s->scale > 0) || h->money_exp10 < 0 ||
		    h->money_exp10 > 12 || s->lo > s->hi || s->back < 0 || s->type < RULE_BOOL ||
		    s->type > RULE_LEVEL || s->kind < RULE_SERIES || s->kind > RULE_PERIOD)
			return rule_cc_error(cc, APP_EINVAL, 0, 0, 0, "宿主符号表第 %zu 项无效", i);
	}
	return true;
}

enum app_status rule_compile(const struct rule_host *host, const char *file, const char *src,
                             size_t len, struct rule_program **out, struct rule_error *err)
{
	struct rule_program *p = xcalloc(1, sizeof *p);
	struct rule_cc cc;
	memset(&cc, 0, sizeof cc);
	*out = NULL;
	if (err)
		memset(err, 0, sizeof *err);
	arena_init(&p->arena);
	p->syms = host->syms;
	p->nsyms = host->nsyms;
	p->info = (struct rule_info){"", "", "", "", ""};
	p->files = arena_alloc(&p->arena, sizeof *p->files * MAX_RULE_FILES);
	if (!file)
		file = "<rule>";
	p->files[0].name = arena_strdup(&p->arena, file);
	p->nfiles = 1;
	cc.host = host;
	cc.prog = p;
	cc.arena = &p->arena;
	cc.err = err;
	if (len > MAX_RULE_LEN) {
		rule_cc_error(&cc, APP_ETOOLARGE, 0, 0, 0, "规则文件超过 %d 字节", MAX_RULE_LEN);
		goto out;
	}
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 BOM */
		src += 3;
		len -= 3;
	}
	p->files[0].src = arena_strndup(&p->arena, src, len);
	p->files[0].len = len;
	if (host_ok(&cc) && rule_parse_file(&cc, 0, 0) && rule_check(&cc) && rule_emit(&cc)) {
		*out = p;
		p = NULL;
	}
out:
	free(cc.decls);
	free(cc.hash);
	free(cc.range);
	rule_free(p);
	if (*out)
		return APP_OK;
	return cc.status ? cc.status : APP_EINVAL;
}

const struct rule_info *rule_info(const struct rule_program *p)
{
	return &p->info;
}

size_t rule_item_count(const struct rule_program *p)
{
	return p->nitems;
}

const struct rule_item *rule_item(const struct rule_program *p, size_t i)
{
	return i < p->nitems ? &p->items[i] : NULL;
}

int rule_item_find(const struct rule_program *p, const char *name)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t rule_input_count(const struct rule_program *p)
{
	return p->ninputs;
}

struct rule_input rule_input(const struct rule_program *p, size_t i)
{
	APP_ASSERT(i < p->ninputs);
	return p->inputs[i];
}

size_t rule_size(const struct rule_program *p)
{
	return p->nins;
}

void rule_dump(const struct rule_program *p, char *out, size_t n)
{
	struct buf b;
	buf_init(&b, n > 0 ? n - 1 : 0);
	for (size_t i = 0; i < p->nins; i++) {
		const struct rins *in = &p->ins[i];
		const struct rmeta *m = &p->meta[i];
		enum app_status s = buf_printf(&b, "%4zu %-6s", i, rule_op_names[in->op]);
		switch (in->op) {
		case OP_CONST:
			s = s ? s : buf_printf(&b, " %g..%g", in->k0, in->k1);
			break;
		case OP_LOAD:
			s = s ? s
			      : buf_printf(&b, " %s@%d", p->syms[in->b].name,
			                   p->inputs[in->a].offset);
			break;
		case OP_PERIOD:
			s = s ? s : buf_printf(&b, " %+g", in->k0);
			break;
		case OP_CLAMP:
			s = s ? s : buf_printf(&b, " %d [%g, %g]", in->a, in->k0, in->k1);
			break;
		case OP_IN:
		case OP_BAND:
		case OP_CASE1:
			s = s ? s : buf_printf(&b, " %d #%d", in->a, in->b);
			break;
		case OP_IF:
			s = s ? s : buf_printf(&b, " %d %d %d", in->a, in->b, in->c);
			break;
		default:
			s = s ? s : buf_printf(&b, " %d %d", in->a, in->b);
			break;
		}
		if (!s && m->label)
			s = buf_printf(&b, "  ; %s", m->label);
		if (!s)
			s = buf_putc(&b, '\n');
		if (s)
			break;
	}
	buf_printf(&b, "batch: %zu instructions, %d registers\n", p->nbins, p->nregs);
	if (n > 0)
		str_copy(out, n, buf_cstr(&b), b.len);
	buf_free(&b);
}
