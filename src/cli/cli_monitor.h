/* cli_monitor.h - helpers shared by the monthly-monitoring commands
 * (cmd_monitor.c: report, notice, completeness, warnings; cmd_monthly.c:
 * the clerk's monthly subcommands). */
#ifndef ZJTX_CLI_MONITOR_H
#define ZJTX_CLI_MONITOR_H

#include <stdint.h>

#include "app/monitor.h"
#include "base/buf.h"
#include "cli/cli.h"

/* Opens the store and loads the monthly settings; prints the error and
 * returns its exit code (EXIT_OK on success). */
int cli_monitor_open(struct cli_ctx *ctx, const char *cmd, struct store **s,
                     struct monitor_settings *cfg);
/* Parses --today (YYYY-MM-DD) into days; false (and prints) if malformed. */
bool cli_monitor_today(struct cli_ctx *ctx, const char *cmd, const char *text, int64_t *out);
/* The global --today (or $ZJTX_TODAY) as days, 0 when not given (the
 * commands then use the clock); false (and prints) if malformed. */
bool cli_monitor_ctx_today(struct cli_ctx *ctx, const char *cmd, int64_t *out);
/* Parses --period (YYYY-MM); false (and prints) if malformed. */
bool cli_monitor_period(struct cli_ctx *ctx, const char *cmd, const char *text, int *out);
/* Writes b to the file path (atomically: temp file then rename) or, when
 * path is NULL, to ctx->out. Returns an exit code. */
int cli_monitor_write(struct cli_ctx *ctx, const char *cmd, const struct buf *b, const char *path);
/* "2025-11-05 10:00" in Beijing time from a UTC timestamp. */
void cli_monitor_local_time(const char *utc, char out[20]);

#endif
