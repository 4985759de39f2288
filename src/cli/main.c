/* main.c - the zjtx entry point: global options and the command table.
 *
 *   zjtx [--db PATH] COMMAND [OPTIONS] [ARGS]
 *
 * Every command accepts --help. The database is --db PATH (before or after
 * the command), else $ZJTX_DB, else ./zjtx.db. */
#include <stdbool.h>
#include <stddef.h>
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
     "    已报送的月份:数值相同则跳过;不同则报错,加 --correction-reason \"原因\" "
     "作为更正(保留原版本)。\n"
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
     "monthly 按报告期导出月报(--from/--to 限定报告期,--district 限定区县或功能区;CSV 或 XLSX,\n"
     "与导入格式一致,可原样再导入)。\n"},
    {"template", cmd_template, "下载导入模板 / write a blank XLSX import template",
     "用法: zjtx template enterprises|annual|monthly [-o FILE]\n"
     "生成 XLSX 导入模板:表头带单位,区县、功能区、等级、是/否、报告期 有下拉选项,\n"
     "「填写说明」工作表逐列说明规则并给出示例(月度模板另列报送口径、1—2月、警告与更正规则)。\n"
     "默认文件名 企业名录导入模板.xlsx / 年度数据导入模板.xlsx / 月度数据导入模板.xlsx。\n"},
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
     "用法: zjtx demo [--enterprises N] [--seed S] [--force] [--accounts-file FILE] "
     "[--no-accounts]\n"
     "       [--db PATH]\n"
     "生成确定性的合成数据:默认 5000 家企业,覆盖全部区县,3 个会计年度的年度数据和梯度历史。\n"
     "数据库非空时需 --force(会先清空)。\n"
     "同时为每个角色建一个演示账号,密码随机生成、只打印一次(库中只存哈希),并写入权限为 0600\n"
     "的文件(默认为数据库所在目录的 demo-accounts.json);--no-accounts 不建账号。\n"},
    {"criteria", cmd_criteria, "认定标准规则文件 / criteria files",
     "用法: zjtx criteria list\n"
     "       zjtx criteria show NAME\n"
     "       zjtx criteria check FILE\n"
     "list 列出内置标准;show 打印规则文件原文;check 只编译,错误以 FILE:LINE:COL: message 报告。\n"
     "规则语言见 docs/RULES.md。\n"},
    {"evaluate", cmd_evaluate, "按标准评价企业 / evaluate firms against criteria",
     "用法: zjtx evaluate --criteria NAME|FILE [--year Y] [--enterprise USCC] [--explain]\n"
     "       [--district D] [--industry I] [--tier T] [--format table|json|csv|xlsx] [-o FILE]\n"
     "       [--db PATH]\n"
     "--year 为\"上年度\"所指的会计年度(默认 2025)。--explain 输出逐项评分说明。\n"
     "JSON 为数组,每项 {uscc, name, criteria, year, verdict, score, groups, requirements, "
     "missing}。\n"
     "csv 每家一行(结论、评分、各分组得分、未满足的条件及差距);xlsx 另有\"评价说明\"(逐项)\n"
     "和\"评价表\"(评分说明全文)两张工作表,须用 -o 指定文件(-o X.xlsx 即为 xlsx)。\n"},
    {"simulate", cmd_simulate, "比较两版标准 / compare two criteria versions",
     "用法: zjtx simulate --criteria NEW --base OLD [--year Y] [--district D] [--industry I]\n"
     "       [--format table|json|csv] [--db PATH]\n"
     "NEW、OLD 为内置标准名或规则文件路径。列出新增和不再通过的企业,并按区县和行业汇总。\n"},
    {"gaps", cmd_gaps, "最接近达标的企业 / firms closest to qualifying",
     "用法: zjtx gaps --criteria NAME|FILE [--year Y] [--top N] [--district D] [--industry I]\n"
     "       [--tier T] [--format table|json|csv] [--db PATH]\n"
     "按未满足的基本条件数和评分排序,列出尚未达标的企业及其差距(默认前 20 家)。\n"},
    {"audit", cmd_audit, "审计日志 / audit log",
     "用法: zjtx audit verify [--expect-head HASH]\n"
     "       zjtx audit list [--entity E] [--id ID] [--actor USER] [--limit N]\n"
     "verify 重新计算 SM3 哈希链,发现被修改或删除的记录;打印末端哈希,请另行保存,\n"
     "下次用 --expect-head 比对,可发现末尾记录被删除。list 按时间倒序列出记录。\n"},
    {"monthly", cmd_monthly, "月报:报送、更正、查看、催报 / monthly reports",
     "用法: zjtx monthly file USCC --period YYYY-MM [--unit 万元] [--confirm 代码=原因]...\n"
     "                   [--today D] 指标=数值 ...\n"
     "       zjtx monthly correct USCC --period YYYY-MM --reason 原因 [--confirm 代码=原因]... "
     "指标=数值 ...\n"
     "       zjtx monthly show USCC [--from YYYY-MM] [--to YYYY-MM] [--format table|json]\n"
     "       zjtx monthly versions USCC --period YYYY-MM\n"
     "       zjtx monthly missing --period YYYY-MM [--district D] [--today D]\n"
     "                   [--format text|csv|xlsx] [-o FILE] [--mask]\n"
     "       zjtx monthly settings [KEY VALUE]\n"
     "       zjtx monthly rebuild\n"
     "指标:revenue_ytd 营业收入(累计)、output_ytd 工业总产值(累计)、profit_ytd 利润总额(累计)、\n"
     "tax_ytd 税金总额(累计)、rd_expense_ytd 研发费用(累计)、export_ytd 出口交货值(累计)、\n"
     "employees 从业人员期末人数、orders_note 生产经营情况说明;金额默认万元(--unit 改变)。\n"
     "file 一次列出全部错误和警告:有错误不保存;警告须逐项以 --confirm 代码=原因 确认后才保存。\n"
     "correct 在现有数值上修改所给指标(指标= 留空即清除),原版本连同更正人、时间、原因一并保留。\n"
     "missing 列出应报未报的企业(催报名单;csv/xlsx 含联系人和电话,--mask 遮蔽);\n"
     "settings 查看或修改截止日、1—2月合并、应报梯度等。\n"},
    {"report", cmd_report, "月度运行监测分析 / monthly analysis report",
     "用法: zjtx report monthly --period YYYY-MM [--by district|industry|tier|all]\n"
     "       [--format table|json|csv|html|xlsx] [--months N] [-o FILE]\n"
     "按区县(功能区)、行业大类或梯度汇总:累计、当月、累计同比(可比口径)、亏损面和月度走势。\n"
     "HTML 为可打印的中文分析报告(含图表),开头是按统计公报写法生成的综述,数字与表格同源。\n"},
    {"notice", cmd_notice, "报送情况通报草稿 / draft of the reporting notice (通报)",
     "用法: zjtx notice --period YYYY-MM [--format md|html|csv|xlsx] [--today D] [--threshold 90]\n"
     "       [-o FILE]\n"
     "根据报送完整性生成可编辑的通报草稿:区县排名、报送率低于阈值的区县、近 3 期 2 次以上\n"
     "未达标的区县、各区县未报送企业名单。csv 输出通报表(排名、是否低于阈值、近期未达标次数),\n"
     "xlsx 输出通报附表(报送排名、连续未达标、未报送企业)。\n"},
    {"completeness", cmd_completeness, "月报报送完整性 / reporting completeness",
     "用法: zjtx completeness --period YYYY-MM [--today D] [--format table|json|csv|xlsx] "
     "[--missing]\n"
     "       [-o FILE]\n"
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
    {"batch", cmd_batch, "申报批次 / application batches",
     "用法: zjtx batch list [--tier T] [--year Y] [--format table|json]\n"
     "       zjtx batch show ID [--json]\n"
     "       zjtx batch open --tier T --year Y --name 名称 --opens 日期 --closes 日期\n"
     "            [--criteria 标准] [--notice-days 5] [--term-years 3] [--experts 5]\n"
     "            [--district-due 日期] [--city-due 日期] [--review-due 日期] [--doc-no 文号]\n"
     "            [--no-blind] [--no-exclude]\n"
     "       zjtx batch set ID [同上可修改的选项]\n"
     "市经信委开设申报批次:一个梯度、一个认定标准版本(默认按梯度:innovative-2022、srdi-2022、\n"
     "little-giant-2025)、申报窗口、公示期(工作日,跳过节假日并计入调休上班日)、有效期。\n"
     "工作流命令的公共选项(可放在任意位置):\n"
     "  --as ROLE[:范围]  以该角色办理:city(默认)、district:区县、enterprise:信用代码、\n"
     "                    expert:专家用户名、viewer、admin、security、auditor\n"
     "  --user 名称       操作人(默认 cli:登录名)    --today 日期  业务日期(默认今天)\n"
     "  --files 目录      附件存储目录(默认 数据库路径.files)\n"},
    {"application", cmd_application, "申报、审核、评审、公示、认定 / applications",
     "用法: zjtx application list [--batch ID] [--state S] [--tier T] [--district D] [--uscc U]\n"
     "            [--open] [--overdue] [--limit N] [--offset N] [--format table|json|csv|xlsx]\n"
     "            [--output 文件]   导出全部列(csv 或 xlsx)到文件\n"
     "       zjtx application show ID [--json]\n"
     "       zjtx application transitions            状态机:每个操作的起止状态、角色和条件\n"
     "       zjtx application apply 批次 信用代码     企业或其所在区县申报(保存数据快照并自评)\n"
     "       zjtx application declare ID decl_truth|decl_compliance   确认声明\n"
     "       zjtx application attach ID 类别 文件      上传材料(application_form 申报书、\n"
     "            financial_audit 审计报告、ip_proof、other;按内容识别 "
     "PDF/PNG/JPEG/DOCX/XLSX/OFD)\n"
     "       zjtx application move ID 操作或状态 [--comment 理由] [--doc-no 文号] [--since 日期]\n"
     "            操作:submit resubmit district_approve return city_approve city_reject assign\n"
     "                 finalize publicize score_reject recognize "
     "notice_reject(或中文名、目标状态)\n"
     "       zjtx application score ID 分数 [--comment 意见]     评审专家评分(0-100,一位小数)\n"
     "       zjtx application appoint ID 专家用户名 --comment 理由   增补评审专家(市经信委)\n"
     "       zjtx application object ID --content 内容 [--source 来源] [--received 日期]\n"
     "       zjtx application resolve 异议编号 upheld|dismissed --comment 处理意见\n"
     "       zjtx application file 附件编号 -o 文件     导出附件(核对 SHA-256)\n"
     "公共选项 --as/--user/--today/--files 见 zjtx batch "
     "--help。不允许的操作会说明当前状态和角色。\n"},
    {"expert", cmd_expert, "评审专家库 / expert pool",
     "用法: zjtx expert list\n"
     "       zjtx expert add 用户名 --name 姓名 [--field 领域] [--unit 区县] [--employer "
     "信用代码]\n"
     "            [--inactive]\n"
     "       zjtx expert link 用户名 信用代码 [关系]    登记关联企业(评审时回避)\n"
     "开启回避时,与企业有关联(工作单位、登记的关联)或与企业同一区县的专家不会被抽中。\n"},
    {"manage", cmd_manage, "动态管理:复核、年度复评、退出 / re-review and exit",
     "用法: zjtx manage rereview [--months 6] [--tier T]        有效期将满、需复核的企业\n"
     "       zjtx manage reevaluate [--tier T] [--only keep|warn|exit|unknown|oversize] "
     "[--record]\n"
     "            "
     "按现行标准和最新年度数据逐家复评,提出保留/预警/退出建议;标出超出中小企业规模的企业\n"
     "       zjtx manage exit 信用代码 --tier T --reason criteria|accident|dishonesty|fraud\n"
     "            --detail 具体情况 [--doc-no 文号] [--date 日期]\n"
     "            重大安全质量环境事故、严重失信、数据造假:撤销认定,3 年内不得再次申报\n"
     "       zjtx manage exits [信用代码]\n"},
    {"targets", cmd_targets, "培育目标与进度 / targets and progress",
     "用法: zjtx targets list\n"
     "       zjtx targets progress [--set 目标集] [--format table|json]\n"
     "       zjtx targets trajectory [--tier T] [--from 年] [--to 年] [--district D] "
     "[--tier-only]\n"
     "       zjtx targets set 目标集 梯度 年度 目标数 [--district D] [--label 标题] [--tier-only]\n"
     "       zjtx targets install     载入内置目标:2020年通知(1600/150/60)、2022年行动计划\n"
     "            (创新型 25000、专精特新 2500、小巨人 300)\n"
     "进度按目标年末(已过)或今天持有该梯度的企业计算,给出差距、逐年轨迹和按在途申请的预计。\n"},
    {"serve", cmd_serve, "启动 HTTP 服务 / start the HTTP API and web UI",
     "用法: zjtx serve [--db PATH] [--listen 127.0.0.1:8080] [--threads N] [--web DIR]\n"
     "       [--demo-accounts [--accounts-file FILE]] [--secure-cookie] [--access-log FILE|-]\n"
     "       [--trusted-proxy IP]\n"
     "启动 HTTP JSON API (/api/v1,见 docs/API.md) 和网页界面,打印 zjtx: listening on URL。\n"
     "  --listen         监听地址,端口 0 表示任选空闲端口(默认 127.0.0.1:8080)\n"
     "  --threads        工作线程数(默认 2×CPU 核数,至少 4:登录时的密码哈希约占一个线程 0.2 秒)\n"
     "  --web            网页界面目录(默认程序旁的 web/ 目录,即 make web 的输出;空字符串不提供)\n"
     "  --demo-accounts  创建或重置演示账号(每个角色一个,随机密码,打印一次并写入 0600 文件,\n"
     "                   默认为数据库所在目录的 demo-accounts.json)\n"
     "  --secure-cookie  会话 Cookie 加 Secure 属性(经 HTTPS 反向代理部署时使用)\n"
     "  --access-log     访问日志(JSON 行)写入文件,- 为标准错误\n"
     "  --trusted-proxy  反向代理的地址:来自该地址的请求以 X-Forwarded-For 的最后一项为客户端\n"
     "                   地址(登录限流、审计、访问日志);其他来源的该请求头一律忽略\n"
     "  --today 日期     申报评审的业务日期(默认当天;演示和测试固定为 2026-11-28)\n"
     "  --files 目录     申报附件目录(默认 数据库路径.files)\n"
     "SIGTERM/SIGINT 时停止接收新连接,等待进行中的请求完成后退出。\n"},
    {"user", cmd_user, "用户管理 / manage user accounts",
     "用法: zjtx user add NAME --role ROLE [--district D] [--uscc U] [--name 姓名] "
     "[--password-stdin]\n"
     "       zjtx user passwd NAME [--password-stdin]\n"
     "       zjtx user disable NAME [--enable]\n"
     "       zjtx user list [--role ROLE] [--format table|json]\n"
     "角色: city 市经信委、district 区县(须 --district 区县或功能区)、enterprise 企业(须 "
     "--uscc)、\n"
     "expert 评审专家、viewer 领导、admin 系统管理员、security 安全管理员、auditor 审计管理员。\n"
     "系统没有默认账号:先用 user add 创建安全管理员。未给 --password-stdin 时生成随机初始密码,\n"
     "只显示一次,首次登录须修改。三员分立:admin、security、auditor 账号的角色不可变更。\n"
     "passwd 重置密码并结束该用户的全部会话;disable 停用账号(--enable 重新启用)。\n"},
    {"version", cmd_version, "版本 / version", "用法: zjtx version\n"},
    {"help", cmd_help, "帮助 / help", "用法: zjtx help [COMMAND]\n"},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

/* Removes the global options (--db, --files, --today, --as, --user) from
 * anywhere in argv (before or after the command name), so commands need
 * not know about them. */
static int take_globals(int argc, char **argv, struct cli_ctx *ctx)
{
	static const struct {
		const char *name;
		size_t off;
	} globals[] = {
	    {"db", offsetof(struct cli_ctx, db)},       {"files", offsetof(struct cli_ctx, files)},
	    {"today", offsetof(struct cli_ctx, today)}, {"as", offsetof(struct cli_ctx, as)},
	    {"user", offsetof(struct cli_ctx, user)},
	};
	int j = 0;
	for (int i = 0; i < argc; i++) {
		bool taken = false;
		for (size_t g = 0; g < sizeof globals / sizeof globals[0] && !taken; g++) {
			const char **slot = (const char **)((char *)ctx + globals[g].off);
			size_t n = strlen(globals[g].name);
			if (strncmp(argv[i], "--", 2) != 0 ||
			    strncmp(argv[i] + 2, globals[g].name, n) != 0)
				continue;
			const char *rest = argv[i] + 2 + n;
			if (*rest == '\0' && i + 1 < argc) {
				*slot = argv[++i];
				taken = true;
			} else if (*rest == '=') {
				*slot = rest + 1;
				taken = true;
			}
		}
		if (!taken)
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int main(int argc, char **argv)
{
	struct cli_ctx ctx = {.db = NULL, .out = stdout, .err = stderr};
	argc = take_globals(argc, argv, &ctx);
	if (!ctx.db)
		ctx.db = getenv("ZJTX_DB");
	if (!ctx.db || !*ctx.db)
		ctx.db = "zjtx.db";
	if (!ctx.files)
		ctx.files = getenv("ZJTX_FILES");
	if (ctx.files && !*ctx.files)
		ctx.files = NULL;
	if (!ctx.today)
		ctx.today = getenv("ZJTX_TODAY");
	if (ctx.today && !*ctx.today)
		ctx.today = NULL;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(&ctx, argc - 1, argv + 1) == EXIT_OK && argc >= 2 ? EXIT_OK
		                                                                  : EXIT_USAGE;
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
