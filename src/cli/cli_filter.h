/* cli_filter.h - parsing --district/--industry/--tier/--q into a store
 * filter, shared by list, export and later commands. */
#ifndef ZJTX_CLI_FILTER_H
#define ZJTX_CLI_FILTER_H

#include <stdio.h>

#include "base/err.h"
#include "store/store.h"

/* getopt_long codes for the filter options (above the ASCII range). */
enum {
	CLI_OPT_DISTRICT = 1000,
	CLI_OPT_INDUSTRY,
	CLI_OPT_TIER,
	CLI_OPT_Q,
};

#define CLI_FILTER_LONGOPTS                                                                        \
	{"district", required_argument, NULL, CLI_OPT_DISTRICT},                                   \
	    {"industry", required_argument, NULL, CLI_OPT_INDUSTRY},                               \
	    {"tier", required_argument, NULL, CLI_OPT_TIER},                                       \
	{                                                                                          \
		"q", required_argument, NULL, CLI_OPT_Q                                            \
	}

/* A filter plus the storage for its canonical codes. */
struct cli_filter {
	struct store_filter f;
	char district[8];
	char industry[6];
};

/* District or zone by code or name → its code (zone codes for zones). */
enum app_status cli_filter_district(const char *text, char out[8], struct app_err *e);
/* A section letter, or an industry code canonicalised ("35" → "C35"). */
enum app_status cli_filter_industry(const char *text, char out[6], struct app_err *e);
/* A tier key/label, or "none" (→ -1). */
enum app_status cli_filter_tier(const char *text, int *out, struct app_err *e);

/* Applies one getopt result: returns 1 if it was a filter option, 0 if
 * not, -1 on a bad value (e set). */
int cli_filter_option(struct cli_filter *cf, int opt, const char *arg, struct app_err *e);

#endif
