/* mem.h - allocation that aborts on out-of-memory, and a bump arena.
 *
 * Policy (STYLE.md convention 6): allocation failure is not threaded through
 * the program; x* functions print a message and abort. */
#ifndef ZJTX_MEM_H
#define ZJTX_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a NUL-terminated copy of s (s must not be NULL). Caller frees. */
char *xstrdup(const char *s);
/* Returns a NUL-terminated copy of the first n bytes of s. Caller frees. */
char *xstrndup(const char *s, size_t n);

/* Grows *p (an array of elem-sized items with capacity *cap) so that it can
 * hold at least need items. Capacity doubles; aborts on overflow. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);

/* A bump allocator: many small allocations freed together (per request or
 * per import job). Memory is returned only by arena_clear. */
struct arena_block;
struct arena {
	struct arena_block *head; /* newest block first */
	size_t total;             /* bytes allocated from the system */
};

void arena_init(struct arena *a);
/* Returns n bytes aligned for any object; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies s (n bytes) into the arena and NUL-terminates it. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Frees every block; the arena may be reused after. */
void arena_clear(struct arena *a);

#endif
