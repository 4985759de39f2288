/* filetype.h - what an uploaded file is, judged from its bytes alone, and
 * a display name that is safe to show and to offer for download.
 *
 * The client's file name and Content-Type are never trusted: the type comes
 * from the content (magic numbers; for ZIP containers, the names in the
 * central directory), and the name keeps only printable characters with the
 * extension of the detected type. Accepted types: PDF, PNG, JPEG, and the
 * ZIP-based DOCX, XLSX and OFD (GB/T 33190-2016, China's layout format).
 * Plain ZIP archives and everything else are refused. */
#ifndef ZJTX_FILETYPE_H
#define ZJTX_FILETYPE_H

#include <stddef.h>

enum filetype { FT_UNKNOWN = 0, FT_PDF, FT_PNG, FT_JPEG, FT_DOCX, FT_XLSX, FT_OFD, FT_COUNT };

/* Detects the type of n bytes. Never reads outside data[0..n-1]. A ZIP
 * container is recognised by its central directory: "[Content_Types].xml"
 * with an entry under "word/" is DOCX, under "xl/" XLSX; a root "OFD.xml"
 * is OFD; anything else (or a malformed directory) is FT_UNKNOWN. */
enum filetype filetype_sniff(const void *data, size_t n);

const char *filetype_key(enum filetype t);   /* "pdf", "png", "jpeg", "docx", "xlsx", "ofd"; "" */
const char *filetype_ext(enum filetype t);   /* ".pdf", ".png", ".jpg", ".docx", ".xlsx", ".ofd" */
const char *filetype_mime(enum filetype t);  /* "application/pdf", ... */
const char *filetype_label(enum filetype t); /* "PDF", "PNG 图片", ... */
/* Parses a key; FT_UNKNOWN if not one. */
enum filetype filetype_parse(const char *key);
/* "PDF、PNG、JPEG、DOCX、XLSX、OFD", for messages. */
const char *filetype_accepted(void);

/* Writes a cleaned display name for a client-supplied name (n bytes, any
 * content) into out (size outsz > 0, NUL-terminated): the part after the
 * last '/' or '\', invalid UTF-8 and control characters and the characters
 * "*:<>?|\" dropped to '_', leading/trailing spaces and dots trimmed, the
 * extension replaced by filetype_ext(t), at most MAX_ATTACH_NAME_CHARS
 * characters in all (cut at a character boundary). An empty result becomes
 * "附件" plus the extension. */
void filetype_clean_name(const char *name, size_t n, enum filetype t, char *out, size_t outsz);

#endif
