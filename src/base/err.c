/* err.c - status names and the error-detail channel. */
#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[APP_STATUS_COUNT] = {
    [APP_OK] = "ok",
    [APP_EINVAL] = "invalid",
    [APP_ENOTFOUND] = "not_found",
    [APP_ECONFLICT] = "conflict",
    [APP_ETOOLARGE] = "too_large",
    [APP_EDB] = "database",
    [APP_EIO] = "io",
    [APP_EPERM] = "forbidden",
    [APP_EAUTH] = "unauthenticated",
    [APP_ENOTSUP] = "not_supported",
    [APP_EINTERNAL] = "internal",
    [APP_ETHROTTLED] = "throttled",
};

const char *app_status_str(enum app_status s)
{
	if ((unsigned)s >= APP_STATUS_COUNT)
		return "unknown";
	return status_names[s];
}

enum app_status app_err_vset(struct app_err *e, enum app_status s, const char *fmt, va_list ap)
{
	if (!e)
		return s;
	e->status = s;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	return s;
}

enum app_status app_err_set(struct app_err *e, enum app_status s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_err_vset(e, s, fmt, ap);
	va_end(ap);
	return s;
}

void app_err_field(struct app_err *e, const char *field)
{
	if (!e)
		return;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
}

void app_err_clear(struct app_err *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}

void app_err_reset(struct app_err *e)
{
	if (!e)
		return;
	e->status = APP_OK;
	e->msg[0] = '\0';
	e->field[0] = '\0';
	e->line = 0;
	e->col = 0;
}

_Noreturn void app_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "zjtx: assertion failed: %s (%s:%d)\n", expr, file, line);
	abort();
}
