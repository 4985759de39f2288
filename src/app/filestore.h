/* filestore.h - uploaded files on disk, addressed by their SHA-256.
 *
 * A file with digest h lives at DIR/h[0..1]/h. The same content uploaded
 * twice is stored once. Writes go to a temporary file in the same
 * directory, are fsync'ed and renamed into place, so a crash never leaves a
 * half-written file under a digest name. The metadata (who, which
 * application, display name, detected type) lives in the database
 * (store_workflow.h); nothing here trusts a client's name or type. */
#ifndef ZJTX_FILESTORE_H
#define ZJTX_FILESTORE_H

#include <stddef.h>

#include "base/err.h"

#define FILESTORE_HEX 64

/* SHA-256 of n bytes as lower-case hex. */
void filestore_sha256(const void *data, size_t n, char out[FILESTORE_HEX + 1]);

/* Stores n bytes under dir (created with mode 0750 if absent) and writes
 * the digest to sha. Errors: APP_EIO naming the path and the system error;
 * APP_EINVAL for an empty dir. */
enum app_status filestore_put(const char *dir, const void *data, size_t n,
                              char sha[FILESTORE_HEX + 1], struct app_err *e);

/* Writes the path of digest sha under dir to out (size n). APP_EINVAL if
 * sha is not 64 lower-case hex digits; APP_ETOOLARGE if out is too small. */
enum app_status filestore_path(const char *dir, const char *sha, char *out, size_t n,
                               struct app_err *e);

/* Reads the file of digest sha (at most max bytes) into *data (caller
 * frees; NUL-terminated for convenience) and *n, and checks its digest.
 * APP_ENOTFOUND if absent; APP_ETOOLARGE if over max; APP_EIO on a read
 * error or when the content no longer matches its digest (corruption). */
enum app_status filestore_get(const char *dir, const char *sha, size_t max, char **data, size_t *n,
                              struct app_err *e);

#endif
