/* t_multipart.c - finding the file field of multipart/form-data bodies. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "http/multipart.h"
#include "test.h"

static void boundaries(void)
{
	static const struct {
		const char *ct, *want; /* want NULL: refused */
	} cases[] = {
	    {"multipart/form-data; boundary=abc", "abc"},
	    {"multipart/form-data;boundary=abc;charset=utf-8", "abc"},
	    {"Multipart/Form-Data; BOUNDARY=\"a b'c\"", "a b'c"},
	    {"multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundaryX9",
	     "----WebKitFormBoundaryX9"},
	    {"multipart/form-data; boundary=0123456789012345678901234567890123456789012345678901234"
	     "567890123456789", /* 70 */
	     "0123456789012345678901234567890123456789012345678901234567890123456789"},
	    {"multipart/form-data; boundary=0123456789012345678901234567890123456789012345678901234"
	     "5678901234567890", /* 71 */
	     NULL},
	    {"multipart/form-data; boundary=", NULL},
	    {"multipart/form-data", NULL},
	    {"multipart/mixed; boundary=abc", NULL},
	    {"text/csv", NULL},
	    {"multipart/form-data; boundary=\"ends with space \"", NULL},
	    {"multipart/form-data; boundary=a<b", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char b[71] = "";
		enum app_status s = multipart_boundary(cases[i].ct, b, NULL);
		if (cases[i].want)
			ok(s == APP_OK && strcmp(b, cases[i].want) == 0, "boundary of %s",
			   cases[i].ct);
		else
			ok(s == APP_EINVAL, "refused: %s", cases[i].ct);
	}
}

#define P(name, extra, data)                                                                       \
	"Content-Disposition: form-data; name=\"" name "\"" extra "\r\n\r\n" data

static void parts(void)
{
	static const struct {
		const char *body;
		enum app_status want;
		const char *data, *filename;
	} cases[] = {
	    {"--B\r\n" P("file", "; filename=\"a.csv\"", "x,y\r\n1,2") "\r\n--B--\r\n", APP_OK,
	     "x,y\r\n1,2", "a.csv"},
	    {"preamble\r\n--B\r\n" P("other", "", "1") "\r\n--B\r\n" P("file", "", "") "\r\n--B--",
	     APP_OK, "", ""},
	    {"--B \t\r\n" P("file", "; filename=\"q\\\"x.csv\"", "z") "\r\n--B--", APP_OK, "z",
	     "q\"x.csv"},
	    {"--B\r\n" P("file", "; filename=重庆.csv", "数据") "\r\n--B--", APP_OK, "数据",
	     "重庆.csv"},
	    /* the data may contain the boundary text without the CRLF-- prefix */
	    {"--B\r\n" P("file", "", "a--B b") "\r\n--B--", APP_OK, "a--B b", ""},
	    {"--B\r\n" P("other", "", "1") "\r\n--B--\r\n", APP_ENOTFOUND, NULL, NULL},
	    {"--B\r\n" P("file", "", "no end"), APP_EINVAL, NULL, NULL},
	    {"--B\r\nContent-Disposition: form-data; name=\"file\"", APP_EINVAL, NULL, NULL},
	    {"no delimiter at all", APP_EINVAL, NULL, NULL},
	    {"--Bjunk\r\n", APP_EINVAL, NULL, NULL},
	    {"", APP_EINVAL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena a;
		arena_init(&a);
		struct multipart_part p;
		const char *body = cases[i].body;
		enum app_status s = multipart_find(body, strlen(body), "B", "file", &a, &p, NULL);
		if (cases[i].want != APP_OK)
			is_int(s, cases[i].want, "case refused as expected");
		else
			ok(s == APP_OK && p.len == strlen(cases[i].data) &&
			       memcmp(p.data, cases[i].data, p.len) == 0 &&
			       strcmp(p.filename, cases[i].filename) == 0,
			   "part %zu found with its data and file name", i);
		arena_clear(&a);
	}
	/* limits: the number of parts and the size of a part's head */
	char body[8192];
	size_t n = 0;
	for (int i = 0; i < MAX_MULTIPART_PARTS; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "--B\r\n" P("x", "", "1") "\r\n");
	n += (size_t)snprintf(body + n, sizeof body - n, "--B\r\n" P("file", "", "2") "\r\n--B--");
	struct arena a;
	arena_init(&a);
	struct multipart_part p;
	is_int(multipart_find(body, n, "B", "file", &a, &p, NULL), APP_ETOOLARGE,
	       "a field after MAX_MULTIPART_PARTS parts: too large");
	n = (size_t)snprintf(body, sizeof body, "--B\r\nX-Pad: ");
	memset(body + n, 'a', MAX_MULTIPART_HEAD + 10);
	n += MAX_MULTIPART_HEAD + 10;
	is_int(multipart_find(body, n, "B", "file", &a, &p, NULL), APP_ETOOLARGE,
	       "a part head over MAX_MULTIPART_HEAD: too large");
	arena_clear(&a);
}

int main(void)
{
	boundaries();
	parts();
	return test_done();
}
