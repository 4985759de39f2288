/* fuzz_csv.c - libFuzzer target for io/csv.
 *
 * Reads every record of the input with csv_open_mem and checks what the
 * reader promises: fields are valid UTF-8 without NUL, NUL-terminated and
 * within the limits; lines never go backwards; errors carry a line and a
 * column; every call consumes input. Then:
 * - the same bytes read from a regular file (a memfd, through csv_open)
 *   give exactly the same records and errors, so the chunked refill path
 *   agrees with the in-memory one (build with a small -DCSV_CHUNK_BYTES to
 *   make every input cross many chunk boundaries);
 * - the records read are written back with the writer and read again,
 *   and must come back identical.
 *
 * Build and run with clang (small limits so that they are reached often):
 *   make && clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -DCSV_CHUNK_BYTES=16 -DMAX_CSV_FIELD=40 -DMAX_CSV_RECORD=100 \
 *     -DMAX_CSV_FIELDS=6 -Isrc fuzz/fuzz_csv.c src/io/csv.c src/base/[a-z]*.c \
 *     build/gen/embedded.c -o /tmp/fuzz_csv
 *   /tmp/fuzz_csv -dict=fuzz/csv.dict -max_len=4096 fuzz/corpus/csv/
 * Also built without libFuzzer as build/replay/fuzz_csv by `make replay`,
 * which replays fuzz/corpus/csv/ with the normal limits. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/str.h"
#include "io/csv.h"

#define CHECK(x) APP_ASSERT(x)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Line breaks in the input: an upper bound for record lines. */
static long count_breaks(const uint8_t *d, size_t n)
{
	long k = 0;
	for (size_t i = 0; i < n; i++)
		k += d[i] == '\n' || d[i] == '\r';
	return k;
}

static void put_len(struct buf *b, size_t n)
{
	CHECK(buf_append(b, &n, sizeof n) == APP_OK);
}

/* Reads all of r. Appends a description of every result to dump (records
 * and errors, in a form that can be compared byte for byte), and the good
 * records to flat (count, then length and bytes of each field) and, through
 * the writer, to csv. Closes r. */
static void read_all(struct csv_reader *r, long max_line, size_t size, struct buf *dump,
                     struct buf *flat, struct buf *csv)
{
	struct csv_record rec;
	struct app_err e = {0};
	enum app_status st;
	long last = 0;
	size_t calls = 0;
	while ((st = csv_next(r, &rec, &e)) != APP_ENOTFOUND) {
		CHECK(++calls <= size + 1);
		if (st != APP_OK) {
			CHECK(st == APP_EINVAL || st == APP_ETOOLARGE);
			CHECK(e.line >= 1 && e.line <= max_line + 1 && e.col >= 1);
			CHECK(e.msg[0] != '\0' && utf8_valid(e.msg, strlen(e.msg)));
			CHECK(buf_printf(dump, "E %d %ld %ld %s\n", (int)st, e.line, e.col,
			                 e.msg) == APP_OK);
			continue;
		}
		CHECK(rec.nfields >= 1 && rec.nfields <= MAX_CSV_FIELDS);
		CHECK(rec.line >= 1 && rec.line >= last && rec.line <= max_line + 1);
		last = rec.line;
		CHECK(buf_printf(dump, "R %ld %zu\n", rec.line, rec.nfields) == APP_OK);
		put_len(flat, rec.nfields);
		size_t total = 0;
		for (size_t i = 0; i < rec.nfields; i++) {
			struct strv f = rec.fields[i];
			CHECK(f.n <= MAX_CSV_FIELD && f.p[f.n] == '\0');
			CHECK(memchr(f.p, '\0', f.n) == NULL && utf8_valid(f.p, f.n));
			total += f.n;
			put_len(dump, f.n);
			CHECK(buf_append(dump, f.p, f.n) == APP_OK);
			put_len(flat, f.n);
			CHECK(buf_append(flat, f.p, f.n) == APP_OK);
			CHECK(csv_put_field(csv, f.p, f.n, i == 0) == APP_OK);
		}
		CHECK(total <= MAX_CSV_RECORD);
		CHECK(csv_end_record(csv) == APP_OK);
	}
	CHECK(csv_next(r, &rec, &e) == APP_ENOTFOUND);
	csv_close(r);
}

/* Reads the writer's output back and compares it with flat. */
static void check_round_trip(const struct buf *csv, const struct buf *flat)
{
	struct csv_reader *r;
	struct csv_record rec;
	struct app_err e = {0};
	CHECK(csv_open_mem(csv->p, csv->len, &r, &e) == APP_OK);
	const char *p = flat->p ? flat->p : "", *end = p + flat->len;
	size_t n;
	while (p < end) {
		CHECK(csv_next(r, &rec, &e) == APP_OK);
		memcpy(&n, p, sizeof n);
		p += sizeof n;
		CHECK(rec.nfields == n);
		for (size_t i = 0; i < rec.nfields; i++) {
			memcpy(&n, p, sizeof n);
			p += sizeof n;
			CHECK(rec.fields[i].n == n && memcmp(rec.fields[i].p, p, n) == 0);
			p += n;
		}
	}
	CHECK(csv_next(r, &rec, &e) == APP_ENOTFOUND);
	csv_close(r);
}

/* Reads data through a regular file; returns false if no memfd. */
static bool read_via_file(const uint8_t *data, size_t size, long max_line, struct buf *dump)
{
	int fd = memfd_create("fuzz_csv", 0);
	if (fd < 0)
		return false;
	size_t off = 0;
	while (off < size) {
		ssize_t k = write(fd, data + off, size - off);
		CHECK(k > 0);
		off += (size_t)k;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct csv_reader *r;
	struct app_err e = {0};
	enum app_status st = csv_open(path, &r, &e);
	close(fd);
	if (st != APP_OK) {
		CHECK(buf_printf(dump, "open %d %s\n", (int)st, e.msg) == APP_OK);
		return true;
	}
	CHECK(csv_size(r) == size);
	struct buf flat, csv;
	buf_init(&flat, SIZE_MAX / 2);
	buf_init(&csv, SIZE_MAX / 2);
	read_all(r, max_line, size, dump, &flat, &csv);
	buf_free(&flat);
	buf_free(&csv);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf dump, dump2, flat, csv;
	buf_init(&dump, SIZE_MAX / 2);
	buf_init(&dump2, SIZE_MAX / 2);
	buf_init(&flat, SIZE_MAX / 2);
	buf_init(&csv, SIZE_MAX / 2);
	long max_line = count_breaks(data, size);
	struct csv_reader *r;
	struct app_err e = {0};
	enum app_status st = csv_open_mem((const char *)data, size, &r, &e);
	if (st != APP_OK) {
		CHECK(st == APP_EINVAL && size >= 2); /* UTF-16 */
		CHECK(buf_printf(&dump, "open %d %s\n", (int)st, e.msg) == APP_OK);
	} else {
		CHECK(csv_size(r) == size);
		read_all(r, max_line, size, &dump, &flat, &csv);
	}
	if (read_via_file(data, size, max_line, &dump2))
		CHECK(dump.len == dump2.len &&
		      memcmp(buf_cstr(&dump), buf_cstr(&dump2), dump.len) == 0);
	if (st == APP_OK) {
		/* a leading BOM, as exports have, so a first field starting with
		 * U+FEFF is not taken for one */
		struct buf out;
		buf_init(&out, SIZE_MAX / 2);
		CHECK(buf_puts(&out, CSV_UTF8_BOM_BYTES) == APP_OK);
		CHECK(buf_append(&out, buf_cstr(&csv), csv.len) == APP_OK);
		check_round_trip(&out, &flat);
		buf_free(&out);
	}
	buf_free(&dump);
	buf_free(&dump2);
	buf_free(&flat);
	buf_free(&csv);
	return 0;
}
