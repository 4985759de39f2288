/* embed.h - data files compiled into the binary (reference tables, SQL
 * migrations, built-in criteria). The table is generated at build time by
 * tools/embed.c from the files listed in the Makefile (EMBED_FILES). */
#ifndef ZJTX_EMBED_H
#define ZJTX_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* repository-relative path, e.g. "data/districts.tsv" */
	const char *data; /* contents, NUL-terminated */
	size_t len;       /* bytes, not counting the NUL */
};

extern const struct embedded_file embed_files[];
extern const size_t embed_count;

/* Returns the embedded file with this exact name, or NULL. */
const struct embedded_file *embed_find(const char *name);

#endif
