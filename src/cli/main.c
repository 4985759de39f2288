/* main.c - the zjtx entry point: global options and the command table.
 *
 *   zjtx [--db PATH] COMMAND [OPTIONS] [ARGS]
 *
 * Every command accepts --help. The database is --db PATH (before or after
 * the command), else $ZJTX_DB, else ./zjtx.db. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const struct cli_cmd cli_commands[] = {
	{"init", cmd_init, "创建或升级数据库 / create or migrate the database",
	 "用法: zjtx init [--db PATH]\n"
	 "创建数据库(如不存在)并执行全部迁移,打印架构版本。\n"
	 "Creates the database if absent and applies pending migrations.\n"},
	{"import", cmd_import, "导入 CSV/XLSX 文件 / import a CSV or XLSX file",
	 "用法: zjtx import enterprises|annual|monthly FILE [--dry-run] [--sheet NAME] [--db PATH]\n"
	 "  enterprises  企业名录:统一社会信用代码、企业名称、所属区县、国民经济行业代码 ...\n"
	 "  annual       年度数据:统一社会信用代码、年度、营业收入(万元) ...\n"
	 "  monthly      月度数据:统一社会信用代码、报告期(YYYY-MM)、营业收入(累计)(万元)、\n"
	 "               工业总产值(累计)、利润总额(累计)、税金总额(累计)、研发费用(累计)、\n"
	 "               出口交货值(累计)、从业人员期末人数、生产经营情况说明\n"
	 "    月度数据逐行校验:错误(非数值、负数、未来报告期、未知企业、重复行)使整个文件不写入;\n"
	 "    警告(累计值减少、疑似单位错误、利润率异常、人数变动超过 50%)逐行列出,\n"
	 "    默认同样拒绝整个文件,确认无误后加 --confirm-warnings \"原因\" 导入并记录确认。\n"
	 "    已报送的月份:数值相同则跳过;不同则报错,加 --correction-reason \"原因\" 作为更正(保留原版本)。\n"
	 "  --today YYYY-MM-DD  以该日期校验报告期(默认今天)\n"
	 "表头可用英文键或中文名,单位写在括号中,如 营业收入(元)。文件编码自动识别 (UTF-8/GB18030)。\n"
	 "整个文件要么全部导入,要么一行不写:任一行有错即列出全部错误并以退出码 3 结束。\n"
	 "  --dry-run     只校验,不写入 / validate only\n"
	 "  --sheet NAME  XLSX 工作表名(默认第一个)\n"},
	{"export", cmd_export, "导出 CSV / export a list as CSV",
	 "用法: zjtx export enterprises|annual|monthly [-o FILE] [--format csv|xlsx] [--district D]\n"
	 "       [--industry I] [--tier T] [--q TEXT] [--year Y] [--from YYYY-MM] [--to YYYY-MM]\n"
	 "       [--mask] [--db PATH]\n"
	 "导出为带 BOM 的 UTF-8 CSV(Excel 可直接打开)或 XLSX(-o 以 .xlsx 结尾时默认),表头与导入格式\n"
	 "一致,可原样再导入。金额单位为万元,精确到分。CSV 默认写到标准输出。--mask 遮蔽联系人和电话。\n"
	 "monthly 按报告期导出月报(仅 CSV;--from/--to 限定报告期,--district 限定区县或功能区)。\n"},
	{"template", cmd_template, "下载导入模板 / write a blank XLSX import template",
	 "用法: zjtx template enterprises|annual [-o FILE]\n"
	 "生成 XLSX 导入模板:表头带单位,区县、功能区、等级、是/否 有下拉选项,\n"
	 "「填写说明」工作表逐列说明规则并给出示例。默认文件名 企业名录导入模板.xlsx / 年度数据导入模板.xlsx。\n"},
	{"show", cmd_show, "查看一家企业 / show one firm",
	 "用法: zjtx show USCC [--format text|json] [--db PATH]\n"
	 "显示企业概况、划型、各年度数据和梯度历史。JSON 使用 indicators.md 中的键,金额单位为万元。\n"},
	{"list", cmd_list, "企业列表 / list firms",
	 "用法: zjtx list [--district D] [--industry I] [--tier T] [--q TEXT] [--sort KEY] [--desc]\n"
	 "       [--limit N] [--offset N] [--format table|json|csv] [--db PATH]\n"
	 "  --district  区县或功能区(代码或名称)     --industry  行业代码前缀,如 C、C35、C3562\n"
	 "  --tier      candidate|innovative|srdi|little_giant|champion|none(或中文)\n"
	 "  --q         名称包含的文字,或信用代码前缀\n"
	 "  --sort      uscc|name|district|industry|tier|founded\n"},
	{"summary", cmd_summary, "企业库概况 / pool summary by district and tier",
	 "用法: zjtx summary [--format table|json] [--db PATH]\n"
	 "按区县(功能区单列)和梯度统计企业数。\n"},
	{"backup", cmd_backup, "在线备份数据库 / online backup",
	 "用法: zjtx backup PATH [--db PATH]\n"
	 "使用 SQLite 在线备份把数据库复制到新文件 PATH(已存在则拒绝)。\n"},
	{"demo", cmd_demo, "生成演示城市 / build the demo city",
	 "用法: zjtx demo [--enterprises N] [--seed S] [--force] [--db PATH]\n"
	 "生成确定性的合成数据:默认 5000 家企业,覆盖全部区县,3 个会计年度的年度数据和梯度历史。\n"
	 "数据库非空时需 --force(会先清空)。\n"},
	{"audit", cmd_audit, "审计日志 / audit log",
	 "用法: zjtx audit verify [--expect-head HASH]\n"
	 "       zjtx audit list [--entity E] [--id ID] [--actor USER] [--limit N]\n"
	 "verify 重新计算 SM3 哈希链,发现被修改或删除的记录;打印末端哈希,请另行保存,\n"
	 "下次用 --expect-head 比对,可发现末尾记录被删除。list 按时间倒序列出记录。\n"},
	{"monthly", cmd_monthly, "月报:报送、更正、查看、催报 / monthly reports",
	 "用法: zjtx monthly file USCC --period YYYY-MM [--unit 万元] [--confirm 代码=原因]...\n"
	 "                   [--today D] 指标=数值 ...\n"
	 "       zjtx monthly correct USCC --period YYYY-MM --reason 原因 [--confirm 代码=原因]... 指标=数值 ...\n"
	 "       zjtx monthly show USCC [--from YYYY-MM] [--to YYYY-MM] [--format table|json]\n"
	 "       zjtx monthly versions USCC --period YYYY-MM\n"
	 "       zjtx monthly missing --period YYYY-MM [--district D] [--today D]\n"
	 "       zjtx monthly settings [KEY VALUE]\n"
	 "       zjtx monthly rebuild\n"
	 "指标:revenue_ytd 营业收入(累计)、output_ytd 工业总产值(累计)、profit_ytd 利润总额(累计)、\n"
	 "tax_ytd 税金总额(累计)、rd_expense_ytd 研发费用(累计)、export_ytd 出口交货值(累计)、\n"
	 "employees 从业人员期末人数、orders_note 生产经营情况说明;金额默认万元(--unit 改变)。\n"
	 "file 一次列出全部错误和警告:有错误不保存;警告须逐项以 --confirm 代码=原因 确认后才保存。\n"
	 "correct 在现有数值上修改所给指标(指标= 留空即清除),原版本连同更正人、时间、原因一并保留。\n"
	 "missing 列出应报未报的企业(催报名单);settings 查看或修改截止日、1—2月合并、应报梯度等。\n"},
	{"report", cmd_report, "月度运行监测分析 / monthly analysis report",
	 "用法: zjtx report monthly --period YYYY-MM [--by district|industry|tier|all]\n"
	 "       [--format table|json|csv|html] [--months N] [-o FILE]\n"
	 "按区县(功能区)、行业大类或梯度汇总:累计、当月、累计同比(可比口径)、亏损面和月度走势。\n"
	 "HTML 为可打印的中文分析报告(含图表),开头是按统计公报写法生成的综述,数字与表格同源。\n"},
	{"notice", cmd_notice, "报送情况通报草稿 / draft of the reporting notice (通报)",
	 "用法: zjtx notice --period YYYY-MM [--format md|html] [--today D] [--threshold 90] [-o FILE]\n"
	 "根据报送完整性生成可编辑的通报草稿:区县排名、报送率低于阈值的区县、近 3 期 2 次以上\n"
	 "未达标的区县、各区县未报送企业名单。\n"},
	{"completeness", cmd_completeness, "月报报送完整性 / reporting completeness",
	 "用法: zjtx completeness --period YYYY-MM [--today D] [--format table|json|csv] [--missing]\n"
	 "按区县(功能区)统计应报、已报、按时、逾期、未报和报送率,并排名。应报企业为该月末持有\n"
	 "应报梯度的企业(按梯度历史)。--missing 同时列出未报送企业。\n"},
	{"warnings", cmd_warnings, "月度监测预警 / early warnings",
	 "用法: zjtx warnings [--period YYYY-MM] [--district D] [--uscc U] [--rule R] [--today D]\n"
	 "                    [--format table|json]\n"
	 "       zjtx warnings rereview USCC RULE --reason 原因 [--today D]\n"
	 "       zjtx warnings requests [open|taken|dismissed|all]\n"
	 "规则:revenue_yoy_drop 营业收入累计同比下降≥20%、loss_streak 连续3个月亏损、\n"
	 "employees_yoy_drop 从业人员同比下降≥10%、missing_streak 连续2期未报送、\n"
	 "rd_yoy_drop 研发费用累计同比下降≥30%。默认按最近一个已截止的报告期判断,列出每家企业的\n"
	 "预警及起始报告期、各区县预警数;rereview 据预警发起复核申请(供复核流程读取)。\n"},
	{"version", cmd_version, "版本 / version", "用法: zjtx version\n"},
	{"help", cmd_help, "帮助 / help", "用法: zjtx help [COMMAND]\n"},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

/* Removes a global --db option from anywhere in argv (before or after the
 * command name), so commands need not know about it. */
static int take_db(int argc, char **argv, const char **db)
{
	int j = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			*db = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			*db = argv[i] + 5;
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int main(int argc, char **argv)
{
	struct cli_ctx ctx = {.db = NULL, .out = stdout, .err = stderr};
	argc = take_db(argc, argv, &ctx.db);
	if (!ctx.db)
		ctx.db = getenv("ZJTX_DB");
	if (!ctx.db || !*ctx.db)
		ctx.db = "zjtx.db";
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(&ctx, argc - 1, argv + 1) == EXIT_OK && argc >= 2 ? EXIT_OK : EXIT_USAGE;
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(&ctx, 1, argv + 1);
	const struct cli_cmd *cmd = cli_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "zjtx: 未知命令 \"%s\";运行 zjtx help 查看全部命令\n", argv[1]);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_usage(&ctx, cmd, true);
	return cmd->run(&ctx, argc - 1, argv + 1);
}
