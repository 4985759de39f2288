/* err.h - the project-wide status enum and the error-detail channel.
 *
 * Functions that can fail return enum app_status (APP_OK == 0) and, when
 * given a non-NULL struct app_err *, fill it with a human-readable message
 * (Chinese for user-facing errors) and, where known, the place: field name,
 * line and column. The HTTP layer maps statuses to HTTP codes in one table. */
#ifndef ZJTX_ERR_H
#define ZJTX_ERR_H

#include <stdarg.h>

#include "limits.h"

enum app_status {
	APP_OK = 0,
	APP_EINVAL,     /* bad input: syntax, range, check digit, unknown code */
	APP_ENOTFOUND,  /* the thing asked for does not exist (or is out of scope) */
	APP_ECONFLICT,  /* duplicate or state conflict */
	APP_ETOOLARGE,  /* a named limit was exceeded */
	APP_EDB,        /* storage failure */
	APP_EIO,        /* file or network I/O failure */
	APP_EPERM,      /* not allowed for this user */
	APP_EAUTH,      /* not signed in, or bad credentials */
	APP_ENOTSUP,    /* not supported by this backend or build */
	APP_EINTERNAL,  /* a bug: an invariant failed */
	APP_ETHROTTLED, /* too many attempts: wait and retry (sign-in throttling) */
	APP_STATUS_COUNT
};

/* Error detail. All fields are optional; zero-initialise before use. */
struct app_err {
	enum app_status status;
	char msg[MAX_ERR_MSG]; /* UTF-8, no trailing newline */
	char field[64];        /* field or JSON path the error is about, "" if none */
	long line;             /* 1-based line, 0 if not applicable */
	long col;              /* 1-based column (field index in CSV), 0 if n/a */
};

/* Returns a stable lower-case name for a status ("invalid", "not_found", ...). */
const char *app_status_str(enum app_status s);

/* Sets e->status and formats e->msg; returns s so callers can
 * `return app_err_set(e, APP_EINVAL, "...")`. e may be NULL. Does not touch
 * field/line/col. */
enum app_status app_err_set(struct app_err *e, enum app_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
enum app_status app_err_vset(struct app_err *e, enum app_status s, const char *fmt, va_list ap);

/* Sets e->field (truncated to fit). e may be NULL. */
void app_err_field(struct app_err *e, const char *field);

/* Clears e to the OK state. e may be NULL. */
void app_err_clear(struct app_err *e);
/* The same without clearing the message buffer past its first byte: for
 * paths that run per row of an import. e may be NULL. */
void app_err_reset(struct app_err *e);

/* Always-on assertion for invariants whose failure means corrupted state:
 * prints file and line, then aborts. */
#define APP_ASSERT(x) ((x) ? (void)0 : app_assert_fail(#x, __FILE__, __LINE__))
_Noreturn void app_assert_fail(const char *expr, const char *file, int line);

#endif
