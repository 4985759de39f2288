/* cmd_template.c - `zjtx template enterprises|annual|monthly [-o FILE]`:
 * writes a blank XLSX import template (io/template.h). */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "io/template.h"

int cmd_template(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	const char *path = NULL;
	char def[96];
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o') {
			fprintf(ctx->err,
			        "zjtx template: 无效的选项或缺少参数;运行 zjtx template --help\n");
			return EXIT_USAGE;
		}
		path = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(ctx, cli_find("template"), false);
	enum template_kind k;
	if (!template_parse(argv[optind], &k))
		return cli_fail(ctx, "template", APP_EINVAL,
		                "未知的模板 \"%s\";可选 enterprises、annual、monthly",
		                argv[optind]);
	if (!path) {
		snprintf(def, sizeof def, "%s导入模板.xlsx", template_sheet(k));
		path = def;
	}
	struct app_err e = {0};
	if (template_write(k, path, &e) != APP_OK)
		return cli_fail_err(ctx, "template", &e);
	fprintf(ctx->out, "已生成模板 %s (%zu 列,填写说明见工作表「填写说明」)\n", path,
	        template_columns(k));
	return EXIT_OK;
}
