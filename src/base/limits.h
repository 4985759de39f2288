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
#ifndef MAX_PHONE_CHARS
#define MAX_PHONE_CHARS 20 /* enterprise contact phone, characters */
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
#ifndef CSV_CHUNK_BYTES
#define CSV_CHUNK_BYTES (64 * 1024) /* CSV file read buffer: raw bytes per refill */
#endif
#ifndef MAX_IMPORT_ERRORS
#define MAX_IMPORT_ERRORS 1000 /* row errors kept in a report; the rest are counted */
#endif
#ifndef MAX_IMPORT_ROWS
#define MAX_IMPORT_ROWS 10000000 /* data rows in one imported file */
#endif

/* ---- reference tables (the TSV files in data/) ---- */
#ifndef MAX_TSV_COLUMNS
#define MAX_TSV_COLUMNS 64 /* columns in a reference table's header */
#endif

/* ---- storage ---- */
#ifndef STORE_BUSY_TIMEOUT_MS
#define STORE_BUSY_TIMEOUT_MS 5000 /* wait this long for another writer's lock */
#endif
#ifndef STORE_CACHE_KIB
#define STORE_CACHE_KIB 32768 /* SQLite page cache per handle, KiB (grows as used) */
#endif
#ifndef MAX_STORE_URL
#define MAX_STORE_URL 4096 /* bytes of a database URL or path */
#endif
#ifndef MAX_FILTER_TEXT
#define MAX_FILTER_TEXT 256 /* bytes of one text member of a list filter */
#endif

/* ---- monthly monitoring ---- */
#ifndef MAX_MONTHLY_NOTE_CHARS
#define MAX_MONTHLY_NOTE_CHARS 500 /* 生产经营情况说明 of one report, characters */
#endif
#ifndef MAX_MONTHLY_FINDINGS
#define MAX_MONTHLY_FINDINGS 32 /* findings kept for one report (more are counted) */
#endif
#ifndef MAX_MONTHLY_REASON
#define MAX_MONTHLY_REASON 512 /* a correction's or confirmation's reason, bytes */
#endif
#ifndef MAX_MONTHLY_CONFIRMATIONS
#define MAX_MONTHLY_CONFIRMATIONS 32 /* warning confirmations sent with one report */
#endif

/* ---- money ---- */
#ifndef MAX_MONEY_DIGITS
#define MAX_MONEY_DIGITS 40 /* characters in one money literal */
#endif

#endif
