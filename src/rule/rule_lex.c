/* rule_lex.c - the lexer of the criteria language.
 *
 * A character-class table drives the main switch (as sqlite's tokenize.c).
 * Identifiers are ASCII; UTF-8 may appear in strings, comments, unit
 * suffixes of numbers (万元, 亿元, 千元, 元, 年, 人, ％) and the operators
 * ≥ ≤ ≠. Other full-width punctuation gets an error naming its ASCII twin,
 * since officials often type rule text with a Chinese input method. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "rule/rule_int.h"

enum cclass {
	C_BAD = 0, /* control characters, other ASCII not used */
	C_SPACE,   /* space, tab, CR */
	C_NL,      /* newline */
	C_DIGIT,
	C_ALPHA, /* letters and '_' */
	C_PUNCT, /* one-character tokens and operator starts */
	C_QUOTE, /* '"' */
	C_HASH,  /* '#': comment to end of line */
	C_HIGH,  /* bytes >= 0x80: UTF-8 */
};

static unsigned char cclass[256];

static void init_classes(void)
{
	if (cclass['a'])
		return;
	for (int c = 0; c < 256; c++) {
		enum cclass k = C_BAD;
		if (c >= 0x80)
			k = C_HIGH;
		else if (c == ' ' || c == '\t' || c == '\r')
			k = C_SPACE;
		else if (c == '\n')
			k = C_NL;
		else if (c >= '0' && c <= '9')
			k = C_DIGIT;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
			k = C_ALPHA;
		else if (strchr("(){},:=~@+-*/<>!%", c))
			k = C_PUNCT;
		else if (c == '"')
			k = C_QUOTE;
		else if (c == '#')
			k = C_HASH;
		cclass[c] = (unsigned char)k;
	}
}

static const char *const tok_names[T_COUNT] = {
    [T_EOF] = "文件结尾",
    [T_NAME] = "名称",
    [T_NUMBER] = "数字",
    [T_STRING] = "字符串",
    [T_DATE] = "日期",
    [T_LPAREN] = "'('",
    [T_RPAREN] = "')'",
    [T_LBRACE] = "'{'",
    [T_RBRACE] = "'}'",
    [T_COMMA] = "','",
    [T_COLON] = "':'",
    [T_ASSIGN] = "'='",
    [T_TILDE] = "'~'",
    [T_AT] = "'@'",
    [T_PLUS] = "'+'",
    [T_MINUS] = "'-'",
    [T_STAR] = "'*'",
    [T_SLASH] = "'/'",
    [T_EQ] = "'=='",
    [T_NE] = "'!='",
    [T_LT] = "'<'",
    [T_LE] = "'<='",
    [T_GT] = "'>'",
    [T_GE] = "'>='",
    [T_AND] = "'and'",
    [T_OR] = "'or'",
    [T_NOT] = "'not'",
    [T_IF] = "'if'",
    [T_THEN] = "'then'",
    [T_ELIF] = "'elif'",
    [T_ELSE] = "'else'",
    [T_IN] = "'in'",
    [T_BANDS] = "'bands'",
    [T_CASES] = "'cases'",
    [T_TRUE] = "'true'",
    [T_FALSE] = "'false'",
    [T_CRITERIA] = "'criteria'",
    [T_USE] = "'use'",
    [T_PARAM] = "'param'",
    [T_DEF] = "'def'",
    [T_GROUP] = "'group'",
    [T_REQUIRE] = "'require'",
    [T_ROUTE] = "'route'",
    [T_ALERT] = "'alert'",
    [T_REVIEW] = "'review'",
    [T_INDICATOR] = "'indicator'",
    [T_PASS] = "'pass'",
};

const char *rule_tok_name(enum tok t)
{
	return (unsigned)t < T_COUNT && tok_names[t] ? tok_names[t] : "?";
}

static const struct {
	const char *word;
	enum tok tok;
} keywords[] = {
    {"and", T_AND},           {"or", T_OR},
    {"not", T_NOT},           {"if", T_IF},
    {"then", T_THEN},         {"elif", T_ELIF},
    {"else", T_ELSE},         {"in", T_IN},
    {"bands", T_BANDS},       {"cases", T_CASES},
    {"true", T_TRUE},         {"false", T_FALSE},
    {"criteria", T_CRITERIA}, {"use", T_USE},
    {"param", T_PARAM},       {"def", T_DEF},
    {"group", T_GROUP},       {"require", T_REQUIRE},
    {"route", T_ROUTE},       {"alert", T_ALERT},
    {"review", T_REVIEW},     {"indicator", T_INDICATOR},
    {"pass", T_PASS},
};

/* Unit suffixes after a number, longest first. exp10 converts to rule units
 * (money in 万元, percent as a fraction). */
static const struct {
	const char *text;
	enum lit_unit unit;
	int exp10;
} units[] = {
    {"万元", U_WAN, 0},   {"亿元", U_YI, 4},
    {"千元", U_QIAN, -1}, {"元", U_YUAN, -4},
    {"万", U_WAN, 0},     {"亿", U_YI, 4},
    {"%", U_PERCENT, -2}, {"\xEF\xBC\x85", U_PERCENT, -2}, /* ％ */
    {"年", U_YEAR, 0},    {"人", U_PERSON, 0},
};

/* Full-width or typographic characters with an ASCII meaning. op != T_EOF:
 * accepted as that operator; otherwise an error suggests `ascii`. */
static const struct {
	const char *utf8;
	enum tok op;
	const char *ascii;
} wide[] = {
    {"≥", T_GE, ">="},  {"≤", T_LE, "<="},  {"≠", T_NE, "!="},     {"（", T_EOF, "("},
    {"）", T_EOF, ")"}, {"，", T_EOF, ","}, {"：", T_EOF, ":"},    {"；", T_EOF, "换行"},
    {"＝", T_EOF, "="}, {"＞", T_EOF, ">"}, {"＜", T_EOF, "<"},    {"“", T_EOF, "\""},
    {"”", T_EOF, "\""}, {"｛", T_EOF, "{"}, {"｝", T_EOF, "}"},    {"～", T_EOF, "~"},
    {"－", T_EOF, "-"}, {"＋", T_EOF, "+"}, {"　", T_EOF, "空格"},
};

static const double pow10tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

void rule_lex_init(struct lexer *lx, struct rule_cc *cc, int file)
{
	init_classes();
	memset(lx, 0, sizeof *lx);
	lx->cc = cc;
	lx->file = file;
	lx->src = cc->prog->files[file].src;
	lx->len = cc->prog->files[file].len;
	lx->line = 1;
}

static int col_at(const struct lexer *lx, size_t pos)
{
	int col = 1;
	for (size_t i = lx->line_start; i < pos && i < lx->len; i++)
		if (((unsigned char)lx->src[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static bool lex_error(struct lexer *lx, size_t pos, const char *fmt, const char *arg)
{
	char msg[MAX_ERR_MSG];
	snprintf(msg, sizeof msg, fmt, arg);
	return rule_cc_error(lx->cc, APP_EINVAL, lx->file, lx->line, col_at(lx, pos), "%s", msg);
}

static bool starts(const struct lexer *lx, size_t pos, const char *s)
{
	size_t n = strlen(s);
	return pos + n <= lx->len && memcmp(lx->src + pos, s, n) == 0;
}

/* A date token: exactly dddd-dd-dd not followed by a digit. */
static bool is_date(const struct lexer *lx, size_t p)
{
	static const char pat[] = "dddd-dd-dd";
	for (size_t i = 0; i < 10; i++) {
		if (p + i >= lx->len)
			return false;
		char c = lx->src[p + i];
		if (pat[i] == 'd' ? (c < '0' || c > '9') : c != '-')
			return false;
	}
	return p + 10 >= lx->len || cclass[(unsigned char)lx->src[p + 10]] != C_DIGIT;
}

static bool lex_number(struct lexer *lx, struct token *t)
{
	size_t p = lx->pos;
	if (is_date(lx, p)) {
		t->kind = T_DATE;
		t->str = arena_strndup(lx->cc->arena, lx->src + p, 10);
		lx->pos = p + 10;
		return true;
	}
	uint64_t m = 0;
	int ndig = 0, frac = 0;
	bool point = false;
	for (; p < lx->len; p++) {
		char c = lx->src[p];
		if (c >= '0' && c <= '9') {
			if (ndig == 0 && c == '0' && !point) {
				/* leading zeros do not count as significant digits */
			} else {
				ndig++;
			}
			if (ndig > 15)
				return lex_error(lx, lx->pos, "数字位数过多(最多 15 位有效数字)%s",
				                 "");
			m = m * 10 + (uint64_t)(c - '0');
			if (point)
				frac++;
		} else if (c == '.' && !point && p + 1 < lx->len && lx->src[p + 1] >= '0' &&
		           lx->src[p + 1] <= '9') {
			point = true;
		} else {
			break;
		}
	}
	if (p < lx->len && cclass[(unsigned char)lx->src[p]] == C_ALPHA)
		return lex_error(lx, p, "数字后不能紧跟字母 '%.1s'", lx->src + p);
	/* optional unit, possibly after spaces on the same line */
	size_t q = p;
	while (q < lx->len && (lx->src[q] == ' ' || lx->src[q] == '\t'))
		q++;
	int exp10 = -frac;
	t->unit = U_NONE;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (starts(lx, q, units[i].text)) {
			t->unit = units[i].unit;
			exp10 += units[i].exp10;
			p = q + strlen(units[i].text);
			break;
		}
	}
	double v = (double)m;
	if (exp10 > 0)
		v *= pow10tab[exp10];
	else if (exp10 < 0)
		v /= pow10tab[-exp10];
	t->kind = T_NUMBER;
	t->num = v;
	t->mant = m;
	t->exp10 = exp10;
	t->integral = !point;
	lx->pos = p;
	return true;
}

static bool lex_string(struct lexer *lx, struct token *t)
{
	size_t p = lx->pos + 1;
	char *out = arena_alloc(lx->cc->arena, MAX_RULE_STRING + 1);
	size_t n = 0;
	for (;;) {
		if (p >= lx->len || lx->src[p] == '\n')
			return lex_error(lx, lx->pos, "字符串没有结束的引号%s", "");
		char c = lx->src[p];
		if (c == '"')
			break;
		if (c == '\\') {
			if (p + 1 < lx->len && (lx->src[p + 1] == '"' || lx->src[p + 1] == '\\')) {
				c = lx->src[++p];
			} else {
				return lex_error(lx, p, "字符串中只能使用 \\\" 和 \\\\ 转义%s", "");
			}
		}
		if (n == MAX_RULE_STRING)
			return rule_cc_error(lx->cc, APP_ETOOLARGE, lx->file, lx->line,
			                     col_at(lx, lx->pos), "字符串超过 %d 字节",
			                     MAX_RULE_STRING);
		out[n++] = c;
		p++;
	}
	out[n] = '\0';
	if (!utf8_valid(out, n))
		return lex_error(lx, lx->pos, "字符串不是有效的 UTF-8 文本%s", "");
	t->kind = T_STRING;
	t->str = out;
	lx->pos = p + 1;
	return true;
}

static bool lex_name(struct lexer *lx, struct token *t)
{
	size_t p = lx->pos;
	while (p < lx->len && (cclass[(unsigned char)lx->src[p]] == C_ALPHA ||
	                       cclass[(unsigned char)lx->src[p]] == C_DIGIT))
		p++;
	size_t n = p - lx->pos;
	if (n > MAX_RULE_NAME)
		return rule_cc_error(lx->cc, APP_ETOOLARGE, lx->file, lx->line, col_at(lx, lx->pos),
		                     "名称超过 %d 个字符", MAX_RULE_NAME);
	t->kind = T_NAME;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (strlen(keywords[i].word) == n &&
		    memcmp(keywords[i].word, lx->src + lx->pos, n) == 0) {
			t->kind = keywords[i].tok;
			break;
		}
	}
	t->str = arena_strndup(lx->cc->arena, lx->src + lx->pos, n);
	lx->pos = p;
	return true;
}

static bool lex_punct(struct lexer *lx, struct token *t)
{
	char c = lx->src[lx->pos];
	char d = lx->pos + 1 < lx->len ? lx->src[lx->pos + 1] : '\0';
	size_t n = 1;
	switch (c) {
	case '(':
		t->kind = T_LPAREN;
		break;
	case ')':
		t->kind = T_RPAREN;
		break;
	case '{':
		t->kind = T_LBRACE;
		break;
	case '}':
		t->kind = T_RBRACE;
		break;
	case ',':
		t->kind = T_COMMA;
		break;
	case ':':
		t->kind = T_COLON;
		break;
	case '~':
		t->kind = T_TILDE;
		break;
	case '@':
		t->kind = T_AT;
		break;
	case '+':
		t->kind = T_PLUS;
		break;
	case '-':
		t->kind = T_MINUS;
		break;
	case '*':
		t->kind = T_STAR;
		break;
	case '/':
		t->kind = T_SLASH;
		break;
	case '=':
		t->kind = d == '=' ? T_EQ : T_ASSIGN;
		n = d == '=' ? 2 : 1;
		break;
	case '<':
		t->kind = d == '=' ? T_LE : T_LT;
		n = d == '=' ? 2 : 1;
		break;
	case '>':
		t->kind = d == '=' ? T_GE : T_GT;
		n = d == '=' ? 2 : 1;
		break;
	case '!':
		if (d != '=')
			return lex_error(lx, lx->pos, "'!' 只能用于 '!=';取反请写 not%s", "");
		t->kind = T_NE;
		n = 2;
		break;
	default: /* '%' alone */
		return lex_error(lx, lx->pos, "'%%' 只能紧跟在数字后面%s", "");
	}
	lx->pos += n;
	return true;
}

static bool lex_high(struct lexer *lx, struct token *t)
{
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		if (!starts(lx, lx->pos, wide[i].utf8))
			continue;
		if (wide[i].op != T_EOF) {
			t->kind = wide[i].op;
			lx->pos += strlen(wide[i].utf8);
			return true;
		}
		char msg[160];
		snprintf(msg, sizeof msg, "全角字符 '%s' 不能用在这里,请改用半角 '%s'",
		         wide[i].utf8, wide[i].ascii);
		return lex_error(lx, lx->pos, "%s", msg);
	}
	const char *p = lx->src + lx->pos;
	long cp = utf8_next(&p, lx->src + lx->len);
	if (cp < 0)
		return lex_error(lx, lx->pos, "无效的 UTF-8 字节%s", "");
	char ch[8];
	size_t n = (size_t)(p - (lx->src + lx->pos));
	memcpy(ch, lx->src + lx->pos, n);
	ch[n] = '\0';
	return lex_error(
	    lx, lx->pos,
	    "字符 '%s' 不能用在这里(中文只能写在字符串或注释中,名称只能用英文字母、数字和下划线)",
	    ch);
}

bool rule_lex_next(struct lexer *lx)
{
	struct token *t = &lx->tok;
	for (;;) {
		if (lx->pos >= lx->len)
			break;
		unsigned char c = (unsigned char)lx->src[lx->pos];
		if (cclass[c] == C_SPACE) {
			lx->pos++;
		} else if (cclass[c] == C_NL) {
			lx->pos++;
			lx->line++;
			lx->line_start = lx->pos;
		} else if (cclass[c] == C_HASH) {
			while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
	memset(t, 0, sizeof *t);
	t->pos = (uint32_t)lx->pos;
	t->line = lx->line;
	t->col = col_at(lx, lx->pos);
	if (lx->pos >= lx->len) {
		t->kind = T_EOF;
		return true;
	}
	unsigned char c = (unsigned char)lx->src[lx->pos];
	bool ok;
	switch ((enum cclass)cclass[c]) {
	case C_DIGIT:
		ok = lex_number(lx, t);
		break;
	case C_ALPHA:
		ok = lex_name(lx, t);
		break;
	case C_PUNCT:
		ok = lex_punct(lx, t);
		break;
	case C_QUOTE:
		ok = lex_string(lx, t);
		break;
	case C_HIGH:
		ok = lex_high(lx, t);
		break;
	default:
		if (c == 0)
			return lex_error(lx, lx->pos, "文件中有 NUL 字节%s", "");
		{
			char ch[2] = {(char)c, 0};
			return lex_error(lx, lx->pos, "不能识别的字符 '%s'",
			                 c >= 0x20 && c < 0x7f ? ch : "?");
		}
	}
	t->len = (uint32_t)(lx->pos - t->pos);
	return ok;
}
