/* static.h - serving the web UI's files from a directory.
 *
 * Safety: the path comes from http_parse_target, which has already refused
 * "." and ".." segments, encoded slashes and NULs. Here, in addition, hidden
 * names (a segment starting with '.') are never served, and the file's real
 * path (realpath(3), so symlinks are resolved) must lie inside the root's
 * real path; the final open uses O_NOFOLLOW and only regular files are sent.
 *
 * Behaviour:
 * - Content-Type from the extension (text types with charset=utf-8);
 * - if the client accepts gzip and FILE.gz exists, FILE.gz is sent with
 *   Content-Encoding: gzip (Vary: Accept-Encoding is always set);
 * - Cache-Control: "public, max-age=31536000, immutable" under /assets/
 *   (file names carry a content hash), "no-cache" elsewhere (index.html);
 * - a strong ETag from size and modification time; If-None-Match → 304;
 * - SPA fallback: a path that names no file, is not under /api/ and whose
 *   last segment has no '.', gets index.html (the client-side router then
 *   shows the page). */
#ifndef ZJTX_STATIC_H
#define ZJTX_STATIC_H

#include "base/err.h"
#include "http.h"

struct static_dir;

/* Opens the directory root (resolved with realpath). APP_ENOTFOUND (Chinese
 * message naming it) if it is missing or not a directory. */
enum app_status static_dir_open(const char *root, struct static_dir **out, struct app_err *err);
/* NULL is a no-op. */
void static_dir_close(struct static_dir *d);

/* Answers a GET or HEAD for req's decoded path: fills resp with 200 (body
 * from a file) or 304 and returns APP_OK, or returns APP_ENOTFOUND when
 * there is nothing to serve (resp untouched). */
enum app_status static_dir_serve(const struct static_dir *d, const struct http_req *req,
                                 struct http_resp *resp);

/* Content-Type for a file name, by extension; "application/octet-stream"
 * when unknown. */
const char *static_content_type(const char *name);

/* True if an Accept-Encoding value accepts gzip (token gzip, x-gzip or *,
 * without q=0). value may be NULL. */
bool static_accepts_gzip(const char *value);

#endif
