/* fuzz_filetype.c - libFuzzer target for the upload sniffer and the name
 * cleaner (core/filetype.c): untrusted bytes and untrusted file names.
 * Invariants: no read outside the input; the cleaned name is valid UTF-8,
 * within MAX_ATTACH_NAME_CHARS characters, free of path separators and
 * control characters, and ends with the detected type's extension. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/str.h"
#include "core/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy, so a read past the end is caught by ASan */
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	enum filetype t = filetype_sniff(copy, size);
	char name[MAX_ATTACH_NAME_BYTES];
	filetype_clean_name((const char *)copy, size < 2048 ? size : 2048, t, name, sizeof name);
	size_t n = strlen(name);
	if (!utf8_valid(name, n) || utf8_chars(name, n) > MAX_ATTACH_NAME_CHARS ||
	    strchr(name, '/') || strchr(name, '\\'))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20)
			abort();
	const char *ext = filetype_ext(t);
	if (n < strlen(ext) || strcmp(name + n - strlen(ext), ext) != 0)
		abort();
	free(copy);
	return 0;
}
