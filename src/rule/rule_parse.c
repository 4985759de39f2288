/* rule_parse.c - the parser: declarations by recursive descent, expressions
 * by precedence climbing over a priority table (as Lua's lparser.c).
 * Each function carries its EBNF production; docs/RULES.md has the whole
 * grammar. Nesting is limited by MAX_RULE_DEPTH so hostile input such as
 * "((((..." fails cleanly instead of overflowing the C stack. */
#include <stdio.h>
#include <string.h>

#include "rule/rule_int.h"

struct parser {
	struct rule_cc *cc;
	struct lexer lx;
	int file;
	int depth;
	int use_depth;
};

#define TOK(P) ((P)->lx.tok)

static bool next(struct parser *P)
{
	return rule_lex_next(&P->lx);
}

/* Describes the current token for messages: its source text in quotes. */
static void tok_desc(struct parser *P, char *buf, size_t n)
{
	const struct token *t = &TOK(P);
	if (t->kind == T_EOF) {
		snprintf(buf, n, "文件结尾");
		return;
	}
	size_t len = t->len > 40 ? 40 : t->len;
	snprintf(buf, n, "'%.*s'", (int)len, P->lx.src + t->pos);
}

static bool error_here(struct parser *P, const char *what)
{
	char d[64];
	tok_desc(P, d, sizeof d);
	return rule_cc_error(P->cc, APP_EINVAL, P->file, TOK(P).line, TOK(P).col, "%s,却遇到 %s",
	                     what, d);
}

static bool expect(struct parser *P, enum tok k, const char *ctx)
{
	if (TOK(P).kind == k)
		return next(P);
	char what[160];
	snprintf(what, sizeof what, "%s应为 %s", ctx, rule_tok_name(k));
	return error_here(P, what);
}

static bool is_word(struct parser *P, const char *w)
{
	return TOK(P).kind == T_NAME && strcmp(TOK(P).str, w) == 0;
}

static struct node *new_node(struct parser *P, enum nkind k, const struct token *at)
{
	struct node *n = arena_alloc(P->cc->arena, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = k;
	n->file = P->file;
	n->pos = at->pos;
	n->end = at->pos + at->len;
	n->line = at->line;
	n->col = at->col;
	n->ref = -1;
	n->builtin = -1;
	return n;
}

/* Extends n's span to the end of the previous token. */
static void close_span(struct parser *P, struct node *n, uint32_t end)
{
	(void)P;
	if (end > n->end)
		n->end = end;
}

static bool enter(struct parser *P)
{
	if (++P->depth > MAX_RULE_DEPTH)
		return rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line, TOK(P).col,
		                     "表达式嵌套超过 %d 层", MAX_RULE_DEPTH);
	return true;
}

static struct node *subexpr(struct parser *P, int limit);

static struct node *expr(struct parser *P)
{
	return subexpr(P, 0);
}

/* Kids are collected in a bounded local array, then copied to the arena. */
static struct node **copy_kids(struct parser *P, struct node **kids, int n)
{
	struct node **k = arena_alloc(P->cc->arena, sizeof *k * (size_t)(n ? n : 1));
	memcpy(k, kids, sizeof *k * (size_t)n);
	return k;
}

/* Ends of tokens are needed for spans; the lexer position after a token
 * is its end (spaces are skipped before the next one). */
static uint32_t tok_end(struct parser *P)
{
	return TOK(P).pos + TOK(P).len;
}

/* call = NAME "(" [ expr { "," expr } ] ")" */
static struct node *call(struct parser *P, struct node *n)
{
	struct node *args[MAX_RULE_ARGS];
	int na = 0;
	n->kind = N_CALL;
	if (!next(P)) /* '(' */
		return NULL;
	if (TOK(P).kind != T_RPAREN) {
		for (;;) {
			if (na == MAX_RULE_ARGS) {
				rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line,
				              TOK(P).col, "函数参数超过 %d 个", MAX_RULE_ARGS);
				return NULL;
			}
			if (!(args[na++] = expr(P)))
				return NULL;
			if (TOK(P).kind != T_COMMA)
				break;
			if (!next(P))
				return NULL;
		}
	}
	uint32_t end = tok_end(P);
	if (!expect(P, T_RPAREN, "函数参数之后"))
		return NULL;
	close_span(P, n, end);
	n->kids = copy_kids(P, args, na);
	n->nkids = na;
	return n;
}

/* if = "if" expr "then" expr { "elif" expr "then" expr } "else" expr */
static struct node *if_expr(struct parser *P)
{
	struct node *kids[2 * MAX_RULE_BANDS + 1];
	int nk = 0;
	struct node *n = new_node(P, N_IF, &TOK(P));
	if (!next(P))
		return NULL;
	for (;;) {
		if (nk + 3 > (int)(sizeof kids / sizeof kids[0])) {
			rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line, TOK(P).col,
			              "if/elif 分支超过 %d 个", MAX_RULE_BANDS);
			return NULL;
		}
		if (!(kids[nk++] = expr(P)))
			return NULL;
		if (!expect(P, T_THEN, "if 条件之后"))
			return NULL;
		if (!(kids[nk++] = expr(P)))
			return NULL;
		if (TOK(P).kind == T_ELIF) {
			if (!next(P))
				return NULL;
			continue;
		}
		if (!expect(P, T_ELSE, "if 表达式必须有 else 分支:"))
			return NULL;
		if (!(kids[nk++] = subexpr(P, 0)))
			return NULL;
		break;
	}
	close_span(P, n, kids[nk - 1]->end);
	n->kids = copy_kids(P, kids, nk);
	n->nkids = nk;
	return n;
}

/* cases = "cases" "{" { expr ":" expr "," } "else" ":" expr [ "," ] "}" */
static struct node *cases_expr(struct parser *P)
{
	struct node *kids[2 * MAX_RULE_BANDS + 1];
	int nk = 0;
	struct node *n = new_node(P, N_CASES, &TOK(P));
	if (!next(P) || !expect(P, T_LBRACE, "cases 之后"))
		return NULL;
	for (;;) {
		if (TOK(P).kind == T_ELSE) {
			if (!next(P) || !expect(P, T_COLON, "else 之后"))
				return NULL;
			if (!(kids[nk++] = expr(P)))
				return NULL;
			if (TOK(P).kind == T_COMMA && !next(P))
				return NULL;
			break;
		}
		if (TOK(P).kind == T_RBRACE) {
			error_here(P, "cases 的最后一行应为 else: 值");
			return NULL;
		}
		if (nk + 3 > (int)(sizeof kids / sizeof kids[0])) {
			rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line, TOK(P).col,
			              "cases 超过 %d 行", MAX_RULE_BANDS);
			return NULL;
		}
		if (!(kids[nk++] = expr(P)))
			return NULL;
		if (!expect(P, T_COLON, "cases 的条件之后"))
			return NULL;
		if (!(kids[nk++] = expr(P)))
			return NULL;
		if (TOK(P).kind == T_RBRACE) {
			error_here(P, "cases 的最后一行应为 else: 值");
			return NULL;
		}
		if (!expect(P, T_COMMA, "cases 的每一行之后"))
			return NULL;
	}
	uint32_t end = tok_end(P);
	if (!expect(P, T_RBRACE, "cases 的 else 行之后"))
		return NULL;
	close_span(P, n, end);
	n->kids = copy_kids(P, kids, nk);
	n->nkids = nk;
	return n;
}

/* edges = "edges" STRING   ; "[)" or "(]" */
static bool edges_attr(struct parser *P, int *out)
{
	if (!next(P))
		return false;
	if (TOK(P).kind != T_STRING)
		return error_here(P, "edges 之后应为 \"[)\" 或 \"(]\"");
	if (strcmp(TOK(P).str, "[)") == 0)
		*out = 1;
	else if (strcmp(TOK(P).str, "(]") == 0)
		*out = 2;
	else
		return error_here(
		    P, "edges 只能是 \"[)\"(下限含、上限不含)或 \"(]\"(下限不含、上限含)");
	return next(P);
}

/* bands = "bands" expr [ edges ] "{" row { "," row } [ "," ] "}"
 * row   = [ expr ] "~" [ expr ] ":" expr */
static struct node *bands_expr(struct parser *P)
{
	struct band_row rows[MAX_RULE_BANDS];
	int nr = 0;
	struct node *n = new_node(P, N_BANDS, &TOK(P));
	if (!next(P))
		return NULL;
	if (!(n->a = expr(P)))
		return NULL;
	if (is_word(P, "edges") && !edges_attr(P, &n->edges))
		return NULL;
	if (!expect(P, T_LBRACE, "bands 的取值之后"))
		return NULL;
	while (TOK(P).kind != T_RBRACE) {
		if (nr == MAX_RULE_BANDS) {
			rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line, TOK(P).col,
			              "bands 超过 %d 档", MAX_RULE_BANDS);
			return NULL;
		}
		struct band_row *r = &rows[nr++];
		memset(r, 0, sizeof *r);
		r->pos = TOK(P).pos;
		r->line = TOK(P).line;
		r->col = TOK(P).col;
		if (TOK(P).kind != T_TILDE && !(r->lo = expr(P)))
			return NULL;
		r->end = tok_end(P);
		if (!expect(P, T_TILDE, "分档应写成 下限 ~ 上限,此处"))
			return NULL;
		if (TOK(P).kind != T_COLON) {
			if (!(r->hi = expr(P)))
				return NULL;
			r->end = r->hi->end;
		}
		if (!r->lo && !r->hi) {
			rule_cc_error(P->cc, APP_EINVAL, P->file, r->line, r->col,
			              "分档 '~' 两侧至少要有一个界限");
			return NULL;
		}
		if (!expect(P, T_COLON, "分档之后"))
			return NULL;
		if (!(r->arm = expr(P)))
			return NULL;
		if (TOK(P).kind != T_COMMA)
			break;
		if (!next(P))
			return NULL;
	}
	uint32_t end = tok_end(P);
	if (!expect(P, T_RBRACE, "分档之后"))
		return NULL;
	if (nr == 0) {
		rule_cc_error_at(P->cc, n, "bands 至少要有一档");
		return NULL;
	}
	close_span(P, n, end);
	n->rows = arena_alloc(P->cc->arena, sizeof *rows * (size_t)nr);
	memcpy(n->rows, rows, sizeof *rows * (size_t)nr);
	n->nrows = nr;
	return n;
}

/* set = "{" expr { "," expr } [ "," ] "}" */
static struct node *set_expr(struct parser *P)
{
	struct node *kids[MAX_RULE_ARGS];
	int nk = 0;
	struct node *n = new_node(P, N_SET, &TOK(P));
	if (!expect(P, T_LBRACE, "in 之后"))
		return NULL;
	while (TOK(P).kind != T_RBRACE) {
		if (nk == MAX_RULE_ARGS) {
			rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line, TOK(P).col,
			              "集合元素超过 %d 个", MAX_RULE_ARGS);
			return NULL;
		}
		if (!(kids[nk++] = expr(P)))
			return NULL;
		if (TOK(P).kind != T_COMMA)
			break;
		if (!next(P))
			return NULL;
	}
	uint32_t end = tok_end(P);
	if (!expect(P, T_RBRACE, "集合元素之后"))
		return NULL;
	if (nk == 0) {
		rule_cc_error_at(P->cc, n, "集合不能为空");
		return NULL;
	}
	close_span(P, n, end);
	n->kids = copy_kids(P, kids, nk);
	n->nkids = nk;
	return n;
}

/* primary = NUMBER | "true" | "false" | NAME | call | "(" expr ")"
 *         | if | cases | bands */
static struct node *primary(struct parser *P)
{
	struct token t = TOK(P);
	struct node *n;
	switch (t.kind) {
	case T_NUMBER:
		n = new_node(P, N_NUM, &t);
		n->num = t.num;
		n->mant = t.mant;
		n->exp10 = t.exp10;
		n->unit = t.unit;
		return next(P) ? n : NULL;
	case T_TRUE:
	case T_FALSE:
		n = new_node(P, N_BOOL, &t);
		n->num = t.kind == T_TRUE;
		return next(P) ? n : NULL;
	case T_NAME:
		n = new_node(P, N_NAME, &t);
		n->name = t.str;
		if (!next(P))
			return NULL;
		return TOK(P).kind == T_LPAREN ? call(P, n) : n;
	case T_LPAREN: {
		if (!next(P) || !(n = expr(P)))
			return NULL;
		uint32_t end = tok_end(P);
		if (!expect(P, T_RPAREN, "括号内表达式之后"))
			return NULL;
		/* keep the parentheses in the span for display */
		if (t.pos < n->pos) {
			n->pos = t.pos;
			n->line = t.line;
			n->col = t.col;
		}
		close_span(P, n, end);
		n->paren = true;
		return n;
	}
	case T_IF:
		return if_expr(P);
	case T_CASES:
		return cases_expr(P);
	case T_BANDS:
		return bands_expr(P);
	case T_LBRACE:
		error_here(P, "集合 {...} 只能写在 in 之后;这里应为表达式");
		return NULL;
	case T_DATE:
		error_here(P, "日期只能写在 effective/until 之后;这里应为表达式");
		return NULL;
	default:
		error_here(P, "这里应为表达式");
		return NULL;
	}
}

/* postfix = primary { "@" [ "-" ] INTEGER } */
static struct node *postfix(struct parser *P)
{
	struct node *n = primary(P);
	while (n && TOK(P).kind == T_AT) {
		struct node *at = new_node(P, N_AT, &TOK(P));
		if (!next(P))
			return NULL;
		bool neg = TOK(P).kind == T_MINUS;
		if (neg && !next(P))
			return NULL;
		if (TOK(P).kind != T_NUMBER || !TOK(P).integral || TOK(P).unit != U_NONE) {
			error_here(P, "'@' 之后应为期数偏移,如 @-1(上一年)");
			return NULL;
		}
		if (!neg && TOK(P).num != 0) {
			error_here(P, "期数偏移只能是 0 或负数(如 @-1 表示前一年)");
			return NULL;
		}
		if (TOK(P).num > MAX_RULE_SHIFT) {
			rule_cc_error(P->cc, APP_ETOOLARGE, P->file, TOK(P).line, TOK(P).col,
			              "期数偏移超过 %d", MAX_RULE_SHIFT);
			return NULL;
		}
		at->shift = -(int)TOK(P).num;
		at->a = n;
		at->pos = n->pos;
		at->line = n->line;
		at->col = n->col;
		close_span(P, at, tok_end(P));
		if (!next(P))
			return NULL;
		n = at;
	}
	return n;
}

/* Binary operator priorities; comparisons do not chain. */
static int binprio(enum tok t)
{
	switch (t) {
	case T_OR:
		return 1;
	case T_AND:
		return 2;
	case T_EQ:
	case T_NE:
	case T_LT:
	case T_LE:
	case T_GT:
	case T_GE:
	case T_IN:
		return 4;
	case T_PLUS:
	case T_MINUS:
		return 5;
	case T_STAR:
	case T_SLASH:
		return 6;
	default:
		return 0;
	}
}
#define PRIO_NOT 3
#define PRIO_NEG 7

/* subexpr = ( "not" subexpr | "-" subexpr | postfix ) { binop subexpr }
 * where an operator is taken only while its priority exceeds limit. */
static struct node *subexpr(struct parser *P, int limit)
{
	struct node *n;
	if (!enter(P))
		return NULL;
	if (TOK(P).kind == T_NOT || TOK(P).kind == T_MINUS) {
		struct token t = TOK(P);
		n = new_node(P, t.kind == T_NOT ? N_NOT : N_NEG, &t);
		if (!next(P) || !(n->a = subexpr(P, t.kind == T_NOT ? PRIO_NOT : PRIO_NEG)))
			return NULL;
		close_span(P, n, n->a->end);
	} else if (!(n = postfix(P))) {
		return NULL;
	}
	int prio;
	while ((prio = binprio(TOK(P).kind)) > limit) {
		struct token t = TOK(P);
		if (prio == 4 && n->kind == N_BIN && !n->paren && binprio((enum tok)n->op) == 4) {
			error_here(P, "比较不能连写(如 a < b < c),请用 and 连接");
			return NULL;
		}
		struct node *b = new_node(P, N_BIN, &t);
		b->op = t.kind;
		b->a = n;
		if (!next(P))
			return NULL;
		b->b = t.kind == T_IN ? set_expr(P) : subexpr(P, prio);
		if (!b->b)
			return NULL;
		b->pos = n->pos; /* the span covers both operands; line/col stay at the operator */
		close_span(P, b, b->b->end);
		n = b;
	}
	P->depth--;
	return n;
}

/* ---- declarations ---- */

static struct decl *new_decl(struct parser *P, enum dkind k, const struct token *at)
{
	struct rule_cc *cc = P->cc;
	if (cc->ndecls == MAX_RULE_DECLS) {
		rule_cc_error(cc, APP_ETOOLARGE, P->file, at->line, at->col, "声明超过 %d 条",
		              MAX_RULE_DECLS);
		return NULL;
	}
	xgrow((void **)&cc->decls, &cc->capdecls, cc->ndecls + 1, sizeof *cc->decls);
	struct decl *d = &cc->decls[cc->ndecls++];
	memset(d, 0, sizeof *d);
	d->kind = k;
	d->label = "";
	d->clause = "";
	d->unit = "";
	d->group = -1;
	d->item = -1;
	d->file = P->file;
	d->pos = at->pos;
	d->line = at->line;
	d->col = at->col;
	d->main_file = P->file == 0;
	return d;
}

/* Reads NAME into d->name. */
static bool decl_name(struct parser *P, struct decl *d, const char *what)
{
	if (TOK(P).kind != T_NAME) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s之后应为名称(英文字母、数字、下划线)", what);
		return error_here(P, msg);
	}
	d->name = TOK(P).str;
	d->pos = TOK(P).pos;
	d->line = TOK(P).line;
	d->col = TOK(P).col;
	return next(P);
}

static bool string_attr(struct parser *P, const char **out, const char *what)
{
	if (!next(P))
		return false;
	if (TOK(P).kind != T_STRING) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s之后应为字符串", what);
		return error_here(P, msg);
	}
	*out = TOK(P).str;
	return next(P);
}

static bool number_attr(struct parser *P, double *out, const char *what)
{
	if (!next(P))
		return false;
	if (TOK(P).kind != T_NUMBER || TOK(P).unit != U_NONE) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s之后应为不带单位的数字(分值)", what);
		return error_here(P, msg);
	}
	*out = TOK(P).num;
	return next(P);
}

/* header = "criteria" STRING { "source" STRING | "effective" DATE
 *          | "until" DATE | "edges" STRING } */
static bool header(struct parser *P)
{
	struct rule_cc *cc = P->cc;
	struct rule_info *info = &cc->prog->info;
	if (P->file != 0)
		return error_here(P, "criteria 标题只能写在主文件中(被 use 的文件不能有)");
	if (cc->have_header)
		return error_here(P, "criteria 标题只能写一次");
	cc->have_header = true;
	if (!string_attr(P, &info->title, "criteria"))
		return false;
	for (;;) {
		if (is_word(P, "source")) {
			if (!string_attr(P, &info->source, "source"))
				return false;
		} else if (is_word(P, "effective") || is_word(P, "until")) {
			const char **dst =
			    is_word(P, "effective") ? &info->effective : &info->until;
			if (!next(P))
				return false;
			if (TOK(P).kind != T_DATE)
				return error_here(P, "应为日期 YYYY-MM-DD");
			int y = 0, m = 0, dd = 0;
			const char *s = TOK(P).str;
			y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
			    (s[3] - '0');
			m = (s[5] - '0') * 10 + (s[6] - '0');
			dd = (s[8] - '0') * 10 + (s[9] - '0');
			if (m < 1 || m > 12 || dd < 1 || dd > 31)
				return error_here(P, "日期不存在");
			(void)y;
			*dst = s;
			if (!next(P))
				return false;
		} else if (is_word(P, "edges")) {
			if (!edges_attr(P, &cc->default_edges))
				return false;
			info->edges = cc->default_edges == 1 ? "[)" : "(]";
		} else {
			return true;
		}
	}
}

/* use = "use" STRING */
static bool use_decl(struct parser *P)
{
	struct rule_cc *cc = P->cc;
	struct rule_program *prog = cc->prog;
	if (!next(P))
		return false;
	if (TOK(P).kind != T_STRING)
		return error_here(P, "use 之后应为文件名字符串,如 use \"prelude\"");
	const char *name = TOK(P).str;
	struct token at = TOK(P);
	if (!next(P))
		return false;
	for (int i = 0; i < prog->nfiles; i++)
		if (strcmp(prog->files[i].name, name) == 0)
			return true; /* already loaded */
	if (P->use_depth >= 4 || prog->nfiles >= MAX_RULE_FILES)
		return rule_cc_error(cc, APP_ETOOLARGE, P->file, at.line, at.col,
		                     "use 的文件过多或嵌套过深(最多 %d 个文件)", MAX_RULE_FILES);
	const char *text = cc->host->include ? cc->host->include(cc->host->ctx, name) : NULL;
	if (!text)
		return rule_cc_error(cc, APP_EINVAL, P->file, at.line, at.col,
		                     "找不到 use 的文件 \"%s\"", name);
	size_t len = strlen(text);
	if (len > MAX_RULE_LEN)
		return rule_cc_error(cc, APP_ETOOLARGE, P->file, at.line, at.col,
		                     "文件 \"%s\" 超过 %d 字节", name, MAX_RULE_LEN);
	struct rfile *f = &prog->files[prog->nfiles];
	f->name = arena_strdup(cc->arena, name);
	f->src = arena_strndup(cc->arena, text, len);
	f->len = len;
	int file = prog->nfiles++;
	return rule_parse_file(cc, file, P->use_depth + 1);
}

static bool decl_expr(struct parser *P, struct decl *d, const char *what)
{
	if (TOK(P).kind != T_ASSIGN) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s 的属性之后应为 '=' 和表达式", what);
		return error_here(P, msg);
	}
	if (!next(P))
		return false;
	P->depth = 0;
	d->expr = expr(P);
	return d->expr != NULL;
}

/* param = "param" NAME [ STRING ] "=" expr
 * def   = "def" NAME [ STRING ] { "unit" STRING } "=" expr */
static bool param_or_def(struct parser *P, enum dkind k)
{
	struct decl *d = new_decl(P, k, &TOK(P));
	const char *what = k == D_PARAM ? "param" : "def";
	if (!d || !next(P) || !decl_name(P, d, what))
		return false;
	if (TOK(P).kind == T_STRING) {
		d->label = TOK(P).str;
		if (!next(P))
			return false;
	}
	while (k == D_DEF && is_word(P, "unit"))
		if (!string_attr(P, &d->unit, "unit"))
			return false;
	return decl_expr(P, d, what);
}

/* group = "group" NAME STRING { "max" NUMBER | "min" NUMBER | "clause" STRING } */
static bool group_decl(struct parser *P)
{
	struct decl *d = new_decl(P, D_GROUP, &TOK(P));
	if (!d || !next(P) || !decl_name(P, d, "group"))
		return false;
	if (TOK(P).kind != T_STRING)
		return error_here(P, "group 名称之后应为中文标签字符串");
	d->label = TOK(P).str;
	if (!next(P))
		return false;
	for (;;) {
		if (is_word(P, "max")) {
			if (!number_attr(P, &d->max, "max"))
				return false;
			d->has_max = true;
		} else if (is_word(P, "min")) {
			if (!number_attr(P, &d->min, "min"))
				return false;
			d->has_min = true;
		} else if (is_word(P, "clause")) {
			if (!string_attr(P, &d->clause, "clause"))
				return false;
		} else {
			break;
		}
	}
	if (!d->has_max)
		return rule_cc_error(P->cc, APP_EINVAL, P->file, d->line, d->col,
		                     "group %s 缺少 max(该组满分)", d->name);
	return true;
}

/* item      = ( "require" | "route" | "alert" ) NAME STRING { "clause" STRING } "=" expr
 * review    = "review" NAME STRING { "clause" STRING }
 * indicator = "indicator" NAME STRING { "group" NAME | "max" NUMBER
 *             | "clause" STRING | "edges" STRING } "=" expr */
static bool item_decl(struct parser *P, enum dkind k)
{
	static const char *const what[] = {[D_REQUIRE] = "require",
	                                   [D_ROUTE] = "route",
	                                   [D_ALERT] = "alert",
	                                   [D_REVIEW] = "review",
	                                   [D_INDICATOR] = "indicator"};
	struct decl *d = new_decl(P, k, &TOK(P));
	if (!d || !next(P) || !decl_name(P, d, what[k]))
		return false;
	if (TOK(P).kind != T_STRING)
		return error_here(P, "名称之后应为中文标签字符串");
	d->label = TOK(P).str;
	if (!next(P))
		return false;
	for (;;) {
		if (is_word(P, "clause")) {
			if (!string_attr(P, &d->clause, "clause"))
				return false;
		} else if (k == D_INDICATOR && TOK(P).kind == T_GROUP) {
			if (!next(P))
				return false;
			if (TOK(P).kind != T_NAME)
				return error_here(P, "group 之后应为分组名称");
			d->group_name = TOK(P).str;
			if (!next(P))
				return false;
		} else if (k == D_INDICATOR && is_word(P, "max")) {
			if (!number_attr(P, &d->max, "max"))
				return false;
			d->has_max = true;
		} else if (k == D_INDICATOR && is_word(P, "edges")) {
			if (!edges_attr(P, &d->edges))
				return false;
		} else {
			break;
		}
	}
	if (k == D_REVIEW)
		return true;
	if (k == D_INDICATOR && !d->has_max)
		return rule_cc_error(P->cc, APP_EINVAL, P->file, d->line, d->col,
		                     "indicator %s 缺少 max(该指标满分)", d->name);
	return decl_expr(P, d, what[k]);
}

/* pass = "pass" "=" expr */
static bool pass_decl(struct parser *P)
{
	struct decl *d = new_decl(P, D_PASS, &TOK(P));
	if (!d || !next(P))
		return false;
	d->name = "pass";
	for (size_t i = 0; i + 1 < P->cc->ndecls; i++)
		if (P->cc->decls[i].kind == D_PASS)
			return rule_cc_error(P->cc, APP_EINVAL, P->file, d->line, d->col,
			                     "pass 只能声明一次");
	return decl_expr(P, d, "pass");
}

/* file = { decl } EOF
 * decl = header | use | param | def | group | item | review | indicator | pass */
bool rule_parse_file(struct rule_cc *cc, int file, int use_depth)
{
	struct parser P;
	memset(&P, 0, sizeof P);
	P.cc = cc;
	P.file = file;
	P.use_depth = use_depth;
	rule_lex_init(&P.lx, cc, file);
	if (!next(&P))
		return false;
	for (;;) {
		bool ok;
		switch (TOK(&P).kind) {
		case T_EOF:
			return true;
		case T_CRITERIA:
			ok = header(&P);
			break;
		case T_USE:
			ok = use_decl(&P);
			break;
		case T_PARAM:
			ok = param_or_def(&P, D_PARAM);
			break;
		case T_DEF:
			ok = param_or_def(&P, D_DEF);
			break;
		case T_GROUP:
			ok = group_decl(&P);
			break;
		case T_REQUIRE:
			ok = item_decl(&P, D_REQUIRE);
			break;
		case T_ROUTE:
			ok = item_decl(&P, D_ROUTE);
			break;
		case T_ALERT:
			ok = item_decl(&P, D_ALERT);
			break;
		case T_REVIEW:
			ok = item_decl(&P, D_REVIEW);
			break;
		case T_INDICATOR:
			ok = item_decl(&P, D_INDICATOR);
			break;
		case T_PASS:
			ok = pass_decl(&P);
			break;
		default:
			ok = error_here(&P,
			                "这里应为声明(criteria、use、param、def、group、require、"
			                "route、review、indicator 或 pass)");
			break;
		}
		if (!ok)
			return false;
	}
}
