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
#define MAX_XLSX_RATIO_GRACE                                                                       \
	(1024L * 1024) /* a part may inflate this much before the ratio counts */
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
#ifndef STORE_BULK_CACHE_KIB
#define STORE_BULK_CACHE_KIB 262144 /* SQLite page cache during a bulk monthly load, KiB */
#endif
#ifndef MONITOR_IMPORT_CHUNK
/* rows a bulk monthly load sorts and writes at a time (≈ 130 bytes each): a
 * chunk's rows go in between those of the chunks before, so fewer chunks
 * split fewer pages (a million rows: 3.0-3.3 s of CPU in chunks of 131,072,
 * 2.3-2.6 s in chunks of 262,144) */
#define MONITOR_IMPORT_CHUNK 262144
#endif
#ifndef MONITOR_IMPORT_HELD
/* new rows a bulk monthly load keeps for its pass 2 (72 bytes each) */
#define MONITOR_IMPORT_HELD 1048576
#endif
#ifndef MONITOR_IMPORT_CHUNK_NOTES
#define MONITOR_IMPORT_CHUNK_NOTES (4 * 1024 * 1024) /* note bytes held with one chunk */
#endif
#ifndef MAX_MONTHLY_CONFIRMATIONS
#define MAX_MONTHLY_CONFIRMATIONS 32 /* warning confirmations sent with one report */
#endif

/* ---- money ---- */
#ifndef MAX_MONEY_DIGITS
#define MAX_MONEY_DIGITS 40 /* characters in one money literal */
#endif

/* ---- HTTP server (src/http/) ---- */
#ifndef MAX_BODY_BYTES
#define MAX_BODY_BYTES (1024 * 1024) /* request body of an ordinary API call; larger → 413 */
#endif
#ifndef MAX_HEADER_BYTES
#define MAX_HEADER_BYTES (16 * 1024) /* request line plus headers; larger → 431 */
#endif
#ifndef MAX_URI_BYTES
#define MAX_URI_BYTES (8 * 1024) /* request target (path and query), bytes */
#endif
#ifndef MAX_PATH_SEGMENTS
#define MAX_PATH_SEGMENTS 32 /* '/'-separated segments of one path */
#endif
#ifndef MAX_QUERY_PARAMS
#define MAX_QUERY_PARAMS 64 /* name=value pairs in one query string */
#endif
#ifndef MAX_ROUTE_PARAMS
#define MAX_ROUTE_PARAMS 8 /* :name parameters in one route pattern */
#endif
#ifndef MAX_RESPONSE_BYTES
#define MAX_RESPONSE_BYTES (256 * 1024 * 1024) /* one buffered response body */
#endif
#ifndef MAX_HTTP_CONNECTIONS
#define MAX_HTTP_CONNECTIONS 1024 /* open connections, all clients together */
#endif
#ifndef MAX_HTTP_CONNECTIONS_PER_IP
#define MAX_HTTP_CONNECTIONS_PER_IP 128 /* open connections from one client address */
#endif
#ifndef MAX_HTTP_IDLE_SECONDS
#define MAX_HTTP_IDLE_SECONDS 30 /* a connection with no traffic for this long is closed */
#endif
#ifndef MAX_HTTP_HEAD_MS
#define MAX_HTTP_HEAD_MS 10000 /* connect (or previous response) to complete request head */
#endif
#ifndef MAX_HTTP_BODY_MS
#define MAX_HTTP_BODY_MS 120000 /* complete request head to complete body */
#endif
#ifndef MAX_HTTP_SHUTDOWN_MS
#define MAX_HTTP_SHUTDOWN_MS 10000 /* graceful stop: wait this long for in-flight requests */
#endif
#ifndef MAX_HTTP_THREADS
#define MAX_HTTP_THREADS 64 /* --threads */
#endif
#ifndef MAX_HTTP_ROUTES
#define MAX_HTTP_ROUTES 256 /* entries in the route table */
#endif
#ifndef MAX_JSON_DEPTH
#define MAX_JSON_DEPTH 32 /* nesting of arrays and objects in a request body */
#endif

/* ---- authentication (src/app/auth_crypto) ---- */
#ifndef MAX_PASSWORD_CHARS
#define MAX_PASSWORD_CHARS 128 /* longer passwords are refused (hashing cost is bounded anyway) */
#endif
#ifndef MAX_THROTTLE_ENTRIES
#define MAX_THROTTLE_ENTRIES 10000 /* sign-in throttle: remembered accounts, and as many IPs */
#endif

/* ---- cultivation workflow (F5) ---- */
#ifndef MAX_ATTACH_BYTES
#define MAX_ATTACH_BYTES (20 * 1024 * 1024) /* one uploaded attachment, bytes */
#endif
#ifndef MAX_ATTACHMENTS
#define MAX_ATTACHMENTS 30 /* attachments (files and declarations) of one application */
#endif
#ifndef MAX_ATTACH_NAME_CHARS
#define MAX_ATTACH_NAME_CHARS 100 /* display name kept for an upload, characters */
#endif
#define MAX_ATTACH_NAME_BYTES (MAX_ATTACH_NAME_CHARS * 4 + 1)
#ifndef MAX_COMMENT_CHARS
#define MAX_COMMENT_CHARS 500 /* a reviewer's comment, reason or objection, characters */
#endif
#define MAX_COMMENT_BYTES (MAX_COMMENT_CHARS * 4 + 1)
#ifndef MAX_EXPERTS_PER_APP
#define MAX_EXPERTS_PER_APP 15 /* experts drawn for one application */
#endif
#ifndef MAX_EXPORT_APPLICATIONS
#define MAX_EXPORT_APPLICATIONS 50000 /* rows of one export of applications */
#endif
#ifndef MAX_SNAPSHOT_BYTES
#define MAX_SNAPSHOT_BYTES (1024 * 1024) /* JSON snapshot of a firm's figures, bytes */
#endif
#ifndef MAX_NOTICE_WORKDAYS
#define MAX_NOTICE_WORKDAYS 30 /* longest public notice (公示) a batch may set, working days */
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
