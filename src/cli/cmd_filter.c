/* cmd_filter.c - command-line filters shared by list and export (the
 * parsing itself is app/query.c, shared with the HTTP API). */
#include <getopt.h>
#include <string.h>

#include "app/query.h"
#include "cli/cli_filter.h"

enum app_status cli_filter_district(const char *text, char out[8], struct app_err *e)
{
	return query_district(text, out, e);
}

enum app_status cli_filter_industry(const char *text, char out[6], struct app_err *e)
{
	return query_industry(text, out, e);
}

enum app_status cli_filter_tier(const char *text, int *out, struct app_err *e)
{
	return query_tier(text, out, e);
}

int cli_filter_option(struct cli_filter *cf, int opt, const char *arg, struct app_err *e)
{
	switch (opt) {
	case CLI_OPT_DISTRICT:
		if (cli_filter_district(arg, cf->district, e) != APP_OK)
			return -1;
		cf->f.district = cf->district;
		return 1;
	case CLI_OPT_INDUSTRY:
		if (cli_filter_industry(arg, cf->industry, e) != APP_OK)
			return -1;
		cf->f.industry = cf->industry;
		return 1;
	case CLI_OPT_TIER:
		if (cli_filter_tier(arg, &cf->f.tier, e) != APP_OK)
			return -1;
		return 1;
	case CLI_OPT_Q:
		cf->f.q = arg;
		return 1;
	default:
		return 0;
	}
}
