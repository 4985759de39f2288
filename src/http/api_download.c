/* api_download.c - answering with a generated file (see api_int.h
 * api_download_csv, api_download_xlsx). The file is written to a private
 * temporary place and removed as soon as it is open: the descriptor keeps
 * the data until the server has sent it, and nothing is left behind if the
 * client goes away. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api_int.h"
#include "io/export.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *tmp_root(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

static void dated_name(char *out, size_t n, const char *stem, const char *ext)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	snprintf(out, n, "%s-%04d%02d%02d.%s", stem, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	         ext);
}

static enum app_status fd_write(void *ctx, const char *p, size_t n)
{
	int fd = *(int *)ctx;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return APP_EIO;
		p += w;
		n -= (size_t)w;
	}
	return APP_OK;
}

enum app_status api_download_csv(struct http_resp *resp, api_csv_writer fn, void *ctx,
                                 const char *ascii_name, const char *stem, struct app_err *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/zjtx-download-XXXXXX", tmp_root());
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return app_err_set(err, APP_EIO, "无法创建临时文件");
	unlink(path);
	struct export_sink sink = {fd_write, &fd};
	enum app_status st = fn(ctx, &sink, err);
	off_t size = st == APP_OK ? lseek(fd, 0, SEEK_CUR) : -1;
	if (st == APP_OK && (size < 0 || lseek(fd, 0, SEEK_SET) != 0))
		st = app_err_set(err, APP_EIO, "无法读取生成的文件");
	if (st != APP_OK) {
		close(fd);
		return st;
	}
	char name[256];
	dated_name(name, sizeof name, stem, "csv");
	api_attachment(resp, "text/csv; charset=utf-8", fd, (uint64_t)size, ascii_name, name);
	return APP_OK;
}

enum app_status api_download_xlsx(struct http_resp *resp, api_xlsx_writer fn, void *ctx,
                                  const char *ascii_name, const char *stem, struct app_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/zjtx-XXXXXX", tmp_root());
	if (!mkdtemp(dir))
		return app_err_set(err, APP_EIO, "无法创建临时目录");
	snprintf(path, sizeof path, "%s/x.xlsx", dir);
	enum app_status st = fn(ctx, path, err);
	int fd = st == APP_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat sb;
	if (st == APP_OK && (fd < 0 || fstat(fd, &sb) != 0))
		st = app_err_set(err, APP_EIO, "无法读取生成的文件");
	unlink(path);
	rmdir(dir);
	if (st != APP_OK) {
		if (fd >= 0)
			close(fd);
		return st;
	}
	char name[256];
	dated_name(name, sizeof name, stem, "xlsx");
	api_attachment(resp, XLSX_TYPE, fd, (uint64_t)sb.st_size, ascii_name, name);
	return APP_OK;
}
