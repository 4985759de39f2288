/* xlsxval.h - cell value conversions used by the XLSX reader (io/xlsx.c):
 * the text a user expects to see for a stored number, date or string.
 *
 * Pure functions, no I/O. Numbers are produced and read with snprintf and
 * strtod in the process locale; zjtx never calls setlocale, so that is "C". */
#ifndef ZJTX_XLSXVAL_H
#define ZJTX_XLSXVAL_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes that always suffice for a number written by the functions below
 * (DBL_MAX has 309 integer digits; the smallest subnormal ~330 decimals). */
#define XLSXVAL_NUM_MAX 400

/* Writes v as the shortest decimal that strtod reads back as v, in plain
 * positional notation, never scientific; integers without a point; -0 as
 * "0". Examples: 1234.5 -> "1234.5", 0.1 + 0.2 -> "0.30000000000000004",
 * 1e20 -> "100000000000000000000". Returns false for NaN or infinity or if n
 * is too small. */
bool xlsxval_double(double v, char *buf, size_t n);

/* Normalises the text of a numeric cell (<v>1.5E+3</v>) to the form above:
 * text with at most 15 significant digits is rewritten exactly (it is then
 * already the shortest form of its double); longer text goes through the
 * double. Returns false if s is not a finite decimal number
 * ([+-]digits[.digits][(e|E)[+-]digits]). */
bool xlsxval_number(const char *s, size_t len, char *buf, size_t n);

/* Same as xlsxval_number, multiplied by 100 exactly (by moving the decimal
 * point) and followed by "%": what Excel shows for a percent-formatted
 * cell, full precision ("0.125" -> "12.5%", "0.30000000000000004" ->
 * "30.000000000000004%"). */
bool xlsxval_percent(const char *s, size_t len, char *buf, size_t n);

/* Converts a serial day number to "YYYY-MM-DD" (out: 11 bytes), ignoring
 * the time of day. 1900 system: serial 1 is 1900-01-01 and serial 60 is the
 * non-existent 1900-02-29 that Excel keeps from Lotus 1-2-3 (so 61 is
 * 1900-03-01); valid 1 .. 2958465 (9999-12-31). 1904 system: 0 is
 * 1904-01-01; valid 0 .. 2957003. Returns false outside the range. */
bool xlsxval_serial_date(double serial, bool date1904, char *out);

/* What a number format shows. */
enum { XV_FK_NONE = 0, XV_FK_DATE, XV_FK_DATETIME, XV_FK_TIME, XV_FK_PERCENT };

/* Classifies a format code (styles.xml formatCode). Quoted text, backslash
 * escapes, fill and padding characters (* _) and bracketed sections ([Red],
 * [$-804], [DBNum1]) are skipped; y or d make a date; m makes a date unless
 * the code has hours or seconds and no y or d (then it is minutes); h, s,
 * AM/PM and elapsed [h] [mm] [ss] make a time; otherwise a % makes a
 * percentage. */
int xlsxval_format_kind(const char *code);
/* True if the format code shows a date or a time. */
bool xlsxval_is_date(const char *code);
/* Kind of a built-in numFmtId (ECMA-376 §18.8.30): 14-17 and the East Asian
 * 27-31, 34-36, 50-58 dates; 18-21, 32-33, 45-47 times; 22 date-time;
 * 9-10 percentages. */
int xlsxval_builtin_kind(unsigned id);

/* Display text of a date-formatted number: "YYYY-MM-DD"; with a time part
 * "YYYY-MM-DD HH:MM:SS" when the kind shows time and the time of day is not
 * midnight; "HH:MM:SS" for a time kind and serial < 1. Rounded to the
 * second. Returns false if the serial is out of range (negative or past
 * 9999-12-31); the caller then shows the plain number. */
bool xlsxval_date_cell(double serial, int kind, bool date1904, char *out, size_t n);

/* Decodes the ST_Xstring escapes _xHHHH_ (ECMA-376 §22.9.2.19) in place:
 * control characters, and _x005F_ for a literal underscore. A surrogate
 * pair of escapes is joined; NUL and lone surrogates are dropped. Returns
 * the new length (never longer than n). */
size_t xlsxval_unescape(char *s, size_t n);

#endif
