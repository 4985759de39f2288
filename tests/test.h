/* test.h - a tiny TAP harness for C unit tests.
 *
 * Each test binary calls the check macros and ends with `return test_done();`,
 * which prints the plan and returns non-zero if any check failed. Output is
 * TAP 13, read by prove(1). */
#ifndef ZJTX_TEST_H
#define ZJTX_TEST_H

#include <stdbool.h>
#include <stdint.h>

bool test_ok(bool cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool test_is_i64(int64_t got, int64_t want, const char *file, int line, const char *name);
bool test_is_str(const char *got, const char *want, const char *file, int line, const char *name);
bool test_is_dbl(double got, double want, double eps, const char *file, int line, const char *name);
void test_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan; returns the process exit status (0 if all passed). */
int test_done(void);

#define ok(cond, ...) test_ok((cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, name)                                                                    \
	test_is_i64((int64_t)(got), (int64_t)(want), __FILE__, __LINE__, (name))
#define is_str(got, want, name)      test_is_str((got), (want), __FILE__, __LINE__, (name))
#define is_dbl(got, want, eps, name) test_is_dbl((got), (want), (eps), __FILE__, __LINE__, (name))
#define diag(...)                    test_diag(__VA_ARGS__)

#endif
