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

/* ---- XLSX ---- */
#ifndef MAX_XLSX_UNZIPPED
#define MAX_XLSX_UNZIPPED (512L * 1024 * 1024) /* bytes inflated from one workbook, all parts */
#endif
#ifndef MAX_XLSX_RATIO
#define MAX_XLSX_RATIO 200 /* inflated / compressed bytes of one part (zip bomb guard) */
#endif
#ifndef MAX_XLSX_RATIO_GRACE
#define MAX_XLSX_RATIO_GRACE (1024L * 1024) /* a part may inflate this much before the ratio counts */
#endif
#ifndef MAX_XLSX_ENTRIES
#define MAX_XLSX_ENTRIES 10000 /* files inside the zip */
#endif
#ifndef MAX_XLSX_SHEETS
#define MAX_XLSX_SHEETS 1024 /* sheets in workbook.xml */
#endif
#ifndef MAX_XLSX_ROWS
#define MAX_XLSX_ROWS 1048576 /* highest row number (Excel's own limit) */
#endif
#ifndef MAX_XLSX_COLS
#define MAX_XLSX_COLS MAX_CSV_FIELDS /* highest column holding a value */
#endif
#ifndef MAX_XLSX_CELL
#define MAX_XLSX_CELL MAX_CSV_FIELD /* one cell's text, bytes */
#endif
#ifndef MAX_XLSX_SHARED_STRINGS
#define MAX_XLSX_SHARED_STRINGS 2000000 /* entries in sharedStrings.xml */
#endif
#ifndef MAX_XLSX_SST_BYTES
#define MAX_XLSX_SST_BYTES (64L * 1024 * 1024) /* their total text, bytes */
#endif
#ifndef MAX_XLSX_STYLES
#define MAX_XLSX_STYLES 65536 /* cell formats (cellXfs) and number formats */
#endif
#ifndef MAX_XLSX_XML_DEPTH
#define MAX_XLSX_XML_DEPTH 64 /* element nesting in any part */
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

/* ---- money ---- */
#ifndef MAX_MONEY_DIGITS
#define MAX_MONEY_DIGITS 40 /* characters in one money literal */
#endif

#endif
