/* buf.h - a growable byte buffer with a hard maximum given at init.
 *
 * Appends that would exceed the maximum fail with APP_ETOOLARGE and leave
 * the buffer as it was. The content is always NUL-terminated (the NUL is not
 * counted in len), so b->p can be passed to functions taking C strings. */
#ifndef ZJTX_BUF_H
#define ZJTX_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"

struct buf {
	char *p;    /* content, NUL-terminated; NULL until the first append */
	size_t len; /* bytes of content */
	size_t cap; /* bytes allocated */
	size_t max; /* hard limit on len */
};

void buf_init(struct buf *b, size_t max);
/* Frees the content; the buffer may be reused after buf_init. */
void buf_free(struct buf *b);
/* Empties the buffer, keeping its allocation. */
void buf_reset(struct buf *b);

enum app_status buf_append(struct buf *b, const void *data, size_t n);
enum app_status buf_puts(struct buf *b, const char *s);
enum app_status buf_putc(struct buf *b, char c);
enum app_status buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum app_status buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Returns the content as a C string ("" if empty); never NULL. */
const char *buf_cstr(const struct buf *b);

/* Transfers ownership of the content to the caller (never NULL) and resets b
 * to empty. */
char *buf_steal(struct buf *b);

#endif
