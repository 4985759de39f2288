/* fuzz_multipart.c - the multipart/form-data parser (http/multipart.c) on
 * hostile bodies. The first line of the input is the Content-Type header
 * value; the rest is the body.
 *
 * Oracles: a part that is found lies wholly inside the body; its strings
 * are NUL-terminated; searching twice gives the same answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hn = nl ? (size_t)(nl - data) : size;
	char *ct = xstrndup((const char *)data, hn);
	size_t bn = nl ? size - hn - 1 : 0;
	char *body = xmalloc(bn + 1);
	if (bn)
		memcpy(body, nl + 1, bn);
	body[bn] = '\0';
	struct arena a;
	arena_init(&a);
	char boundary[71];
	if (multipart_boundary(ct, boundary, NULL) == APP_OK) {
		if (strlen(boundary) < 1 || strlen(boundary) > 70)
			abort();
		struct multipart_part p, q;
		enum app_status s1 = multipart_find(body, bn, boundary, "file", &a, &p, NULL);
		enum app_status s2 = multipart_find(body, bn, boundary, "file", &a, &q, NULL);
		if (s1 != s2)
			abort();
		if (s1 == APP_OK) {
			if (p.data < body || p.data + p.len > body + bn || p.data != q.data ||
			    p.len != q.len)
				abort();
			if (strlen(p.name) + strlen(p.filename) + strlen(p.content_type) > bn)
				abort();
		}
	}
	arena_clear(&a);
	free(ct);
	free(body);
	return 0;
}
