/* filestore.c - content-addressed files on disk (see filestore.h). */
#include "filestore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/crypto.h"
#include "base/mem.h"

void filestore_sha256(const void *data, size_t n, char out[FILESTORE_HEX + 1])
{
	uint8_t md[CRYPTO_DIGEST_BYTES];
	struct strv part = {data, n};
	APP_ASSERT(crypto_digest(CRYPTO_SHA256, &part, 1, md, NULL) == APP_OK);
	crypto_hex(md, sizeof md, out);
}

static bool is_hex64(const char *s)
{
	for (int i = 0; i < FILESTORE_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[FILESTORE_HEX] == '\0';
}

enum app_status filestore_path(const char *dir, const char *sha, char *out, size_t n,
                               struct app_err *e)
{
	if (!dir || !*dir)
		return app_err_set(e, APP_EINVAL, "未配置附件存储目录");
	if (!sha || !is_hex64(sha))
		return app_err_set(e, APP_EINVAL, "附件摘要应为 64 位小写十六进制");
	int k = snprintf(out, n, "%s/%.2s/%s", dir, sha, sha);
	if (k < 0 || (size_t)k >= n)
		return app_err_set(e, APP_ETOOLARGE, "附件路径过长");
	return APP_OK;
}

static enum app_status make_dir(const char *path, struct app_err *e)
{
	if (mkdir(path, 0750) == 0 || errno == EEXIST)
		return APP_OK;
	return app_err_set(e, APP_EIO, "无法创建附件目录 %s:%s", path, strerror(errno));
}

/* Writes all of data to fd. */
static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

enum app_status filestore_put(const char *dir, const void *data, size_t n,
                              char sha[FILESTORE_HEX + 1], struct app_err *e)
{
	char path[4096], sub[4000], tmp[4096];
	struct stat st;
	enum app_status rc;
	int fd = -1;
	filestore_sha256(data, n, sha);
	if ((rc = filestore_path(dir, sha, path, sizeof path, e)) != APP_OK)
		return rc;
	if (stat(path, &st) == 0 && (size_t)st.st_size == n)
		return APP_OK; /* already stored */
	if (strlen(dir) > sizeof sub - 8)
		return app_err_set(e, APP_ETOOLARGE, "附件目录路径过长");
	snprintf(sub, sizeof sub, "%s/%.2s", dir, sha);
	if ((rc = make_dir(dir, e)) != APP_OK || (rc = make_dir(sub, e)) != APP_OK)
		return rc;
	snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", sub);
	if ((fd = mkstemp(tmp)) < 0)
		return app_err_set(e, APP_EIO, "无法在 %s 创建临时文件:%s", sub, strerror(errno));
	if (fchmod(fd, 0640) != 0 || !write_all(fd, data, n) || fsync(fd) != 0) {
		rc = app_err_set(e, APP_EIO, "写入附件 %s 失败:%s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = app_err_set(e, APP_EIO, "写入附件 %s 失败:%s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = app_err_set(e, APP_EIO, "保存附件 %s 失败:%s", path, strerror(errno));
		goto fail;
	}
	/* make the rename durable */
	int dfd = open(sub, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return APP_OK;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return rc;
}

enum app_status filestore_get(const char *dir, const char *sha, size_t max, char **data, size_t *n,
                              struct app_err *e)
{
	char path[4096], got[FILESTORE_HEX + 1];
	enum app_status rc;
	*data = NULL;
	*n = 0;
	if ((rc = filestore_path(dir, sha, path, sizeof path, e)) != APP_OK)
		return rc;
	FILE *f = fopen(path, "rb");
	if (!f)
		return app_err_set(e, errno == ENOENT ? APP_ENOTFOUND : APP_EIO,
		                   "附件文件 %s 无法读取:%s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
		fclose(f);
		return app_err_set(e, APP_EIO, "附件文件 %s 无法读取", path);
	}
	if ((size_t)st.st_size > max) {
		fclose(f);
		return app_err_set(e, APP_ETOOLARGE, "附件文件 %s 超过 %zu 字节", path, max);
	}
	size_t len = (size_t)st.st_size;
	char *buf = xmalloc(len + 1);
	size_t r = fread(buf, 1, len, f);
	fclose(f);
	buf[r] = '\0';
	filestore_sha256(buf, r, got);
	if (r != len || strcmp(got, sha) != 0) {
		free(buf);
		return app_err_set(e, APP_EIO, "附件文件 %s 内容与摘要不符(已损坏或被改动)", path);
	}
	*data = buf;
	*n = len;
	return APP_OK;
}
