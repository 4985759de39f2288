/* accesslog.c - JSON line formatting for the access log. */
#include "accesslog.h"

#include <string.h>
#include <time.h>

#include "base/str.h"

enum app_status accesslog_json_string(struct buf *out, const char *s)
{
	enum app_status st = buf_putc(out, '"');
	const char *p = s ? s : "", *end = p + strlen(p);
	while (st == APP_OK && p < end) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80) {
			const char *q = p;
			if (utf8_next(&q, end) < 0) {
				st = buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
				p++;
			} else {
				st = buf_append(out, p, (size_t)(q - p));
				p = q;
			}
			continue;
		}
		if (c == '"' || c == '\\')
			st = buf_printf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			st = buf_printf(out, "\\u%04x", c);
		else
			st = buf_putc(out, (char)c);
		p++;
	}
	if (st == APP_OK)
		st = buf_putc(out, '"');
	return st;
}

enum app_status accesslog_format(const struct accesslog_entry *e, struct buf *out)
{
	time_t secs = (time_t)(e->time_ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	enum app_status s = buf_printf(
	    out, "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\"id\":", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(e->time_ms % 1000));
	if (s == APP_OK)
		s = accesslog_json_string(out, e->id);
	if (s == APP_OK)
		s = buf_puts(out, ",\"method\":");
	if (s == APP_OK)
		s = accesslog_json_string(out, e->method);
	if (s == APP_OK)
		s = buf_puts(out, ",\"path\":");
	if (s == APP_OK)
		s = accesslog_json_string(out, e->path);
	if (s == APP_OK)
		s = buf_puts(out, ",\"route\":");
	if (s == APP_OK)
		s = accesslog_json_string(out, e->route);
	if (s == APP_OK)
		s = buf_printf(out,
		               ",\"status\":%d,\"bytes\":%llu,\"dur_us\":%llu,\"user\":", e->status,
		               (unsigned long long)e->bytes, (unsigned long long)e->dur_us);
	if (s == APP_OK)
		s = accesslog_json_string(out, e->user);
	if (s == APP_OK)
		s = buf_puts(out, ",\"ip\":");
	if (s == APP_OK)
		s = accesslog_json_string(out, e->ip);
	if (s == APP_OK)
		s = buf_puts(out, "}\n");
	return s;
}
