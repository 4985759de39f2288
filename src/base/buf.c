/* buf.c - bounded growable buffer. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void buf_init(struct buf *b, size_t max)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static enum app_status reserve(struct buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra)
		return APP_ETOOLARGE;
	size_t need = b->len + extra + 1;
	if (need > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < need)
			c *= 2;
		b->p = xrealloc(b->p, c);
		b->cap = c;
	}
	return APP_OK;
}

enum app_status buf_append(struct buf *b, const void *data, size_t n)
{
	if (reserve(b, n) != APP_OK)
		return APP_ETOOLARGE;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return APP_OK;
}

enum app_status buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum app_status buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

enum app_status buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return APP_EINVAL;
	if (reserve(b, (size_t)n) != APP_OK)
		return APP_ETOOLARGE;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return APP_OK;
}

enum app_status buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum app_status s = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return s;
}

const char *buf_cstr(const struct buf *b)
{
	return b->p ? b->p : "";
}

char *buf_steal(struct buf *b)
{
	char *p = b->p ? b->p : xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}
