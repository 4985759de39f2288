/* limits.h - every size, depth and count limit of zjtx, named in one place.
 *
 * Each limit can be overridden at build time with -DNAME=value; the
 * small-limits test build does so to exercise every "too large" path. */
#ifndef ZJTX_LIMITS_H
#define ZJTX_LIMITS_H

/* ---- text and records ---- */
#ifndef MAX_NAME_CHARS
#define MAX_NAME_CHARS 100 /* enterprise name, in characters (indicators.md) */
#endif
#define MAX_NAME_BYTES (MAX_NAME_CHARS * 4) /* UTF-8: at most 4 bytes per char */
#ifndef MAX_SHORT_TEXT_BYTES
#define MAX_SHORT_TEXT_BYTES 128 /* contact names, phone numbers, codes */
#endif
#ifndef MAX_ERR_MSG
#define MAX_ERR_MSG 512 /* one error message, bytes */
#endif

/* ---- CSV and import ---- */
#ifndef MAX_CSV_FIELD
#define MAX_CSV_FIELD (64 * 1024) /* one field, bytes after decoding */
#endif
#ifndef MAX_CSV_FIELDS
#define MAX_CSV_FIELDS 256 /* fields in one row */
#endif
#ifndef MAX_CSV_RECORD
#define MAX_CSV_RECORD (256 * 1024) /* one record (all fields), bytes */
#endif
#ifndef MAX_IMPORT_ERRORS
#define MAX_IMPORT_ERRORS 1000 /* row errors kept in a report; the rest are counted */
#endif
#ifndef MAX_IMPORT_ROWS
#define MAX_IMPORT_ROWS 10000000 /* data rows in one imported file */
#endif

/* ---- money ---- */
#ifndef MAX_MONEY_DIGITS
#define MAX_MONEY_DIGITS 40 /* characters in one money literal */
#endif

/* ---- criteria language (src/rule/) ---- */
#ifndef MAX_RULE_LEN
#define MAX_RULE_LEN (256 * 1024) /* bytes in one rule file */
#endif
#ifndef MAX_RULE_DEPTH
#define MAX_RULE_DEPTH 64 /* expression nesting, and def-expansion nesting */
#endif
#ifndef MAX_RULE_DECLS
#define MAX_RULE_DECLS 1024 /* declarations in one program (all files) */
#endif
#ifndef MAX_RULE_INSTRS
#define MAX_RULE_INSTRS 16384 /* compiled instructions in one program */
#endif
#ifndef MAX_RULE_ARGS
#define MAX_RULE_ARGS 32 /* arguments of one builtin call, elements of one set */
#endif
#ifndef MAX_RULE_BANDS
#define MAX_RULE_BANDS 32 /* rows of one bands table or cases list */
#endif
#ifndef MAX_RULE_SHIFT
#define MAX_RULE_SHIFT 36 /* periods an expression may look back (@-N, *_over) */
#endif
#ifndef MAX_RULE_FILES
#define MAX_RULE_FILES 8 /* files in one program (the main file and its `use`s) */
#endif
#ifndef MAX_RULE_STRING
#define MAX_RULE_STRING 1024 /* bytes in one string literal */
#endif
#ifndef MAX_RULE_NAME
#define MAX_RULE_NAME 64 /* bytes in one identifier */
#endif

#endif
