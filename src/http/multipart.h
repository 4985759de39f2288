/* multipart.h - finding one field of a multipart/form-data body (RFC 7578,
 * RFC 2046 section 5.1): the file of an upload form.
 *
 * The body is already in memory (bounded by the route's body limit); the
 * parser only locates the part, so the file's bytes are not copied. Limits:
 * at most MAX_MULTIPART_PARTS parts and MAX_MULTIPART_HEAD bytes of headers
 * per part; a boundary of 1-70 characters. Anything else malformed (no
 * closing delimiter, a part without its blank line) is APP_EINVAL with a
 * Chinese message. */
#ifndef ZJTX_MULTIPART_H
#define ZJTX_MULTIPART_H

#include <stddef.h>

#include "base/err.h"
#include "base/mem.h"

#ifndef MAX_MULTIPART_PARTS
#define MAX_MULTIPART_PARTS 16 /* parts in one form */
#endif
#ifndef MAX_MULTIPART_HEAD
#define MAX_MULTIPART_HEAD 4096 /* header bytes of one part */
#endif

struct multipart_part {
	const char *name;         /* form field name (in the arena) */
	const char *filename;     /* file name as sent, "" if none (in the arena) */
	const char *content_type; /* "" if none (in the arena) */
	const char *data;         /* the part's bytes, inside the body */
	size_t len;
};

/* Extracts the boundary parameter of a multipart/form-data Content-Type
 * into out. APP_EINVAL if the type is not multipart/form-data or the
 * boundary is missing or malformed. */
enum app_status multipart_boundary(const char *content_type, char out[71], struct app_err *err);

/* Finds the part whose field name is `field` in body (n bytes). Strings
 * are copied into a. APP_ENOTFOUND if the form has no such field;
 * APP_EINVAL for a malformed body; APP_ETOOLARGE past the limits. */
enum app_status multipart_find(const char *body, size_t n, const char *boundary, const char *field,
                               struct arena *a, struct multipart_part *out, struct app_err *err);

#endif
