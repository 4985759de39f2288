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
	 "用法: zjtx import enterprises|annual FILE [--dry-run] [--sheet NAME] [--db PATH]\n"
	 "  enterprises  企业名录:统一社会信用代码、企业名称、所属区县、国民经济行业代码 ...\n"
	 "  annual       年度数据:统一社会信用代码、年度、营业收入(万元) ...\n"
	 "表头可用英文键或中文名,单位写在括号中,如 营业收入(元)。文件编码自动识别 (UTF-8/GB18030)。\n"
	 "整个文件要么全部导入,要么一行不写:任一行有错即列出全部错误并以退出码 3 结束。\n"
	 "  --dry-run     只校验,不写入 / validate only\n"
	 "  --sheet NAME  XLSX 工作表名(默认第一个)\n"},
	{"export", cmd_export, "导出 CSV / export a list as CSV",
	 "用法: zjtx export enterprises|annual [-o FILE] [--format csv|xlsx] [--district D]\n"
	 "       [--industry I] [--tier T] [--q TEXT] [--year Y] [--mask] [--db PATH]\n"
	 "导出为带 BOM 的 UTF-8 CSV(Excel 可直接打开)或 XLSX(-o 以 .xlsx 结尾时默认),表头与导入格式\n"
	 "一致,可原样再导入。金额单位为万元,精确到分。CSV 默认写到标准输出。--mask 遮蔽联系人和电话。\n"},
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
	 "用法: zjtx demo [--enterprises N] [--seed S] [--force] [--accounts-file FILE] [--no-accounts]\n"
	 "       [--db PATH]\n"
	 "生成确定性的合成数据:默认 5000 家企业,覆盖全部区县,3 个会计年度的年度数据和梯度历史。\n"
	 "数据库非空时需 --force(会先清空)。\n"
	 "同时为每个角色建一个演示账号,密码随机生成、只打印一次(库中只存哈希),并写入权限为 0600\n"
	 "的文件(默认为数据库所在目录的 demo-accounts.json);--no-accounts 不建账号。\n"},
	{"audit", cmd_audit, "审计日志 / audit log",
	 "用法: zjtx audit verify [--expect-head HASH]\n"
	 "       zjtx audit list [--entity E] [--id ID] [--actor USER] [--limit N]\n"
	 "verify 重新计算 SM3 哈希链,发现被修改或删除的记录;打印末端哈希,请另行保存,\n"
	 "下次用 --expect-head 比对,可发现末尾记录被删除。list 按时间倒序列出记录。\n"},
	{"serve", cmd_serve, "启动 HTTP 服务 / start the HTTP API and web UI",
	 "用法: zjtx serve [--db PATH] [--listen 127.0.0.1:8080] [--threads N] [--web DIR]\n"
	 "       [--demo-accounts [--accounts-file FILE]] [--secure-cookie] [--access-log FILE|-]\n"
	 "启动 HTTP JSON API (/api/v1,见 docs/API.md) 和网页界面,打印 zjtx: listening on URL。\n"
	 "  --listen         监听地址,端口 0 表示任选空闲端口(默认 127.0.0.1:8080)\n"
	 "  --threads        工作线程数(默认 2×CPU 核数,至少 4:登录时的密码哈希约占一个线程 0.2 秒)\n"
	 "  --web            网页界面目录(默认程序旁的 web/ 目录,即 make web 的输出;空字符串不提供)\n"
	 "  --demo-accounts  创建或重置演示账号(每个角色一个,随机密码,打印一次并写入 0600 文件,\n"
	 "                   默认为数据库所在目录的 demo-accounts.json)\n"
	 "  --secure-cookie  会话 Cookie 加 Secure 属性(经 HTTPS 反向代理部署时使用)\n"
	 "  --access-log     访问日志(JSON 行)写入文件,- 为标准错误\n"
	 "SIGTERM/SIGINT 时停止接收新连接,等待进行中的请求完成后退出。\n"},
	{"user", cmd_user, "用户管理 / manage user accounts",
	 "用法: zjtx user add NAME --role ROLE [--district D] [--uscc U] [--name 姓名] [--password-stdin]\n"
	 "       zjtx user passwd NAME [--password-stdin]\n"
	 "       zjtx user disable NAME [--enable]\n"
	 "       zjtx user list [--role ROLE] [--format table|json]\n"
	 "角色: city 市经信委、district 区县(须 --district 区县或功能区)、enterprise 企业(须 --uscc)、\n"
	 "expert 评审专家、viewer 领导、admin 系统管理员、security 安全管理员、auditor 审计管理员。\n"
	 "系统没有默认账号:先用 user add 创建安全管理员。未给 --password-stdin 时生成随机初始密码,\n"
	 "只显示一次,首次登录须修改。三员分立:admin、security、auditor 账号的角色不可变更。\n"
	 "passwd 重置密码并结束该用户的全部会话;disable 停用账号(--enable 重新启用)。\n"},
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
