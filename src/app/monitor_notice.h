/* monitor_notice.h - the 通报 draft: the city's notice on how districts
 * reported the monthly figures of a period, drafted from the completeness
 * data as editable Markdown or HTML.
 *
 * It states the city's totals, ranks every reporting unit (rate, then
 * on-time rate), names the units under the threshold (default 90%), the
 * repeat laggards (under the threshold in at least `repeat_min` of the last
 * `repeat_window` periods, the current one included), lists per unit the
 * firms that did not file, and ends with a requirements paragraph and the
 * issuer, for the city to edit before publishing. */
#ifndef ZJTX_MONITOR_NOTICE_H
#define ZJTX_MONITOR_NOTICE_H

#include "app/monitor.h"
#include "base/buf.h"

enum monitor_notice_format { MONITOR_NOTICE_MD = 1, MONITOR_NOTICE_HTML };

struct monitor_notice_options {
	int threshold_bp;   /* 0 = the setting (notice_threshold_bp) */
	int repeat_window;  /* periods looked back, current included (0 = 3) */
	int repeat_min;     /* times under the threshold to count as repeat (0 = 2) */
	const char *issuer; /* NULL = "重庆市经济和信息化委员会" */
	int chase_days;     /* days given to file the missing reports (0 = 5) */
};

/* A unit's record over the repeat window. */
struct monitor_laggard {
	char unit[8];
	char name[64];
	int times;       /* periods under the threshold */
	int periods[8];  /* the window, oldest first */
	double rates[8]; /* rate per period, NAN if nobody was expected */
	int n;           /* periods in the window */
};

/* The repeat laggards of period p as of today (0 = now), worst first (most
 * times, then lowest current rate, then unit code); *out is malloc'ed (free
 * it). */
enum app_status monitor_laggards(struct store *s, const struct monitor_settings *cfg, int p,
                                 int64_t today, const struct monitor_notice_options *o,
                                 struct monitor_laggard **out, size_t *n, struct app_err *err);

/* Appends the draft for period p as of today (0 = now) to out. Errors as
 * monitor_completeness. */
enum app_status monitor_notice(struct store *s, const struct monitor_settings *cfg, int p,
                               int64_t today, enum monitor_notice_format fmt,
                               const struct monitor_notice_options *o, struct buf *out,
                               struct app_err *err);

#endif
