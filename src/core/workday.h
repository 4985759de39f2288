/* workday.h - the working-day calendar of mainland China.
 *
 * A day is a working day when it is Monday to Friday and not an official
 * holiday (放假), or when it is a Saturday or Sunday made a working day by
 * 调休 (调休上班). The holidays and make-up days come from the embedded data
 * file data/holidays.tsv, one State Council notice (国办发明电) per year; the
 * file names its sources. Years the file does not list are computed from
 * weekends alone, and every function that counts says whether it touched
 * such a year (*covered = false), so callers can warn.
 *
 * Days are given as "YYYY-MM-DD" or as day numbers (date_days). */
#ifndef ZJTX_WORKDAY_H
#define ZJTX_WORKDAY_H

#include <stdbool.h>
#include <stdint.h>

enum workday_kind {
	WD_WORKDAY = 1, /* Monday to Friday, not a holiday */
	WD_WEEKEND,     /* Saturday or Sunday, not a make-up day */
	WD_HOLIDAY,     /* an official holiday (放假), whatever the weekday */
	WD_MAKEUP,      /* a Saturday or Sunday worked (调休上班) */
};

/* Loads the embedded calendar once (thread-safe). Aborts with a message if
 * the data file is malformed (a build defect, caught by tests). Every other
 * function calls it. */
void workday_init(void);

/* The kind of day number `day`; *name (may be NULL) receives the festival
 * for WD_HOLIDAY and WD_MAKEUP ("春节"), else "". */
enum workday_kind workday_kind_of(int64_t day, const char **name);
/* True for WD_WORKDAY and WD_MAKEUP. */
bool workday_is_working(int64_t day);
/* True if the data file lists the holiday schedule of this year. */
bool workday_covered(int year);
/* First and last year the data file lists. */
void workday_years(int *first, int *last);

/* The n-th working day counting from start, start itself being the first
 * if it is a working day (n = 1 gives the first working day on or after
 * start). Writes "YYYY-MM-DD" to out and returns true; returns false with
 * out = "" if start is not a canonical date or n is outside 1..3660.
 * *covered (may be NULL) is set false if any day examined lies in a year
 * the calendar does not cover, else true. A 5-working-day notice starting
 * on Thursday 2026-09-24 ends on 2026-10-08 (中秋 and 国庆 skipped). */
bool workday_nth(const char *start, int n, char out[11], bool *covered);

/* Number of working days in [from, to] (0 if to is before from), or -1 if
 * either is not a canonical date. *covered as for workday_nth. */
long workday_count(const char *from, const char *to, bool *covered);

#endif
