/* test.c - TAP output for tests/test.h. */
#include "test.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int n_run, n_failed;

static void vreport(bool pass, const char *file, int line, const char *fmt, va_list ap)
{
	n_run++;
	if (!pass)
		n_failed++;
	printf("%sok %d - ", pass ? "" : "not ", n_run);
	vprintf(fmt, ap);
	printf("\n");
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
}

bool test_ok(bool cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cond, file, line, fmt, ap);
	va_end(ap);
	return cond;
}

static bool report(bool pass, const char *file, int line, const char *name)
{
	return test_ok(pass, file, line, "%s", name);
}

bool test_is_i64(int64_t got, int64_t want, const char *file, int line, const char *name)
{
	bool pass = got == want;
	report(pass, file, line, name);
	if (!pass)
		printf("#   got %lld, want %lld\n", (long long)got, (long long)want);
	return pass;
}

bool test_is_str(const char *got, const char *want, const char *file, int line, const char *name)
{
	bool pass = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
	report(pass, file, line, name);
	if (!pass)
		printf("#   got  \"%s\"\n#   want \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	return pass;
}

bool test_is_dbl(double got, double want, double eps, const char *file, int line, const char *name)
{
	bool pass = fabs(got - want) <= eps;
	report(pass, file, line, name);
	if (!pass)
		printf("#   got %.12g, want %.12g (eps %g)\n", got, want, eps);
	return pass;
}

void test_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

int test_done(void)
{
	printf("1..%d\n", n_run);
	if (n_failed)
		printf("# %d of %d checks failed\n", n_failed, n_run);
	return n_failed ? 1 : 0;
}
