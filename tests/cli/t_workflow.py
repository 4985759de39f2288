#!/usr/bin/python3
"""Black-box tests of the cultivation workflow through the real binary:
one batch end to end with one user per role (city, district, enterprise,
experts, viewer), forbidden moves refused with the state and the role in
the message, uploads judged by content, the public notice on the
working-day calendar, recognition dates, the 3-year bar, and the shipped
targets against the demo pool."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

t = T()
z = Zjtx()

U1 = make_uscc(1)                    # 渝北区 firm
U2 = make_uscc(2, region="500106")   # 重庆高新区 (zone) firm
U3 = make_uscc(3)                    # another 渝北区 firm
csv = ("统一社会信用代码,企业名称,所属区县,所属功能区,国民经济行业代码\n"
       "%s,重庆渝北精密机械有限公司,渝北区,,C3562\n"
       "%s,重庆高新光电科技有限公司,沙坪坝区,重庆高新区,C3976\n"
       "%s,重庆渝北第二机械有限公司,渝北区,,C3562\n" % (U1, U2, U3))
rc, out, err = z.run("import", "enterprises", z.write("f.csv", csv))
t.eq(rc, 0, "firms imported", err)
annual = ("统一社会信用代码,年度,营业收入(万元),从业人员\n%s,2025,12345.67,120\n" % U1)
rc, out, err = z.run("import", "annual", z.write("a.csv", annual))
t.eq(rc, 0, "figures imported", err)


def run(who, *args, today="2026-11-28"):
    pre = ["--today", today]
    if who:
        pre += ["--as", who]
    return z.run(*(pre + list(args)))


CITY, DIST, GXQ, VIEW = "city", "district:渝北区", "district:重庆高新区", "viewer"
ENT = "enterprise:" + U1

# experts: two in 渝北 (excluded), one linked to U1 (excluded), five eligible
for i, unit in enumerate(["沙坪坝区", "九龙坡区", "南岸区", "北碚区", "巴南区", "渝北区", "渝北区", "江津区"]):
    rc, out, err = run(CITY, "expert", "add", "e%d" % i, "--name", "专家%d" % i, "--unit", unit,
                       "--field", "智能制造")
    t.eq(rc, 0, "expert e%d added" % i, err)
rc, out, err = run(CITY, "expert", "link", "e7", U1, "持股")
t.eq(rc, 0, "conflict declared", err)

# ---- the batch ----
rc, out, err = run(DIST, "batch", "open", "--tier", "srdi", "--year", "2026", "--name", "测试批次",
                   "--opens", "2026-11-02", "--closes", "2026-12-18")
t.eq(rc, 7, "a district cannot open a batch (exit 7)")
t.ok("区县经信部门" in err, "the refusal names the role", err)
rc, out, err = run(CITY, "batch", "open", "--tier", "srdi", "--year", "2026", "--name",
                   "2026年度专精特新中小企业申报", "--opens", "2026-11-02", "--closes", "2026-12-18",
                   "--doc-no", "渝经信中小〔2026〕30号")
t.eq(rc, 0, "the city opens the batch", err)
t.ok("srdi-2022" in out, "criteria default for SRDI", out)
rc, out, err = run(VIEW, "batch", "list", "--format", "json")
b = json.loads(out)[0] if rc == 0 else {}
t.eq((b.get("notice_days"), b.get("term_years"), b.get("status")), (5, 3, "申报中"),
     "5 working days of notice, 3-year term, open today")

# ---- applying ----
rc, out, err = run(ENT, "application", "apply", "1", U2)
t.eq(rc, 4, "a firm cannot apply for another (not found)")
rc, out, err = run(ENT, "application", "apply", "1", U1, today="2026-12-19")
t.eq(rc, 3, "after the window: refused")
t.ok("2026-11-02 至 2026-12-18" in err, "names the window", err)
rc, out, err = run(ENT, "application", "apply", "1", U1)
t.eq(rc, 0, "the firm applies", err)
t.ok("评价引擎尚未接入" in out or "自评" in out, "self-assessment reported (or unavailable until F2)", out)
rc, out, err = run(GXQ, "application", "apply", "1", U2)
t.eq(rc, 0, "the 高新区 applies on behalf of its firm", err)

rc, out, err = run(ENT, "application", "move", "1", "submit")
t.eq(rc, 3, "submit without documents refused")
t.ok("缺少必备材料" in err and "草稿" in err and "企业" in err, "lists missing documents", err)
pdf = z.write("申报书.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
exe = z.write("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
rc, out, err = run(ENT, "application", "attach", "1", "application_form", exe)
t.eq(rc, 3, "an executable named .pdf is refused")
t.ok("PDF" in err and "按文件内容判断" in err, "says types are judged by content", err)
for kind in ("application_form", "financial_audit"):
    rc, out, err = run(ENT, "application", "attach", "1", kind, pdf)
    t.eq(rc, 0, "%s attached" % kind, err)
for kind in ("decl_truth", "decl_compliance"):
    rc, out, err = run(ENT, "application", "declare", "1", kind)
    t.eq(rc, 0, "%s accepted" % kind, err)
rc, out, err = run(ENT, "application", "move", "1", "submit")
t.eq(rc, 0, "submitted", err)

# ---- forbidden moves ----
for who, to, code, words in [
        (ENT, "district_approve", 7, ["企业", "已提交", "区县初审通过"]),
        (CITY, "district_approve", 7, ["市经信委", "已提交"]),
        (VIEW, "district_approve", 7, ["领导", "已提交"]),
        ("auditor", "district_approve", 7, ["审计管理员"]),
        ("admin", "return", 7, ["系统管理员"]),
        (GXQ, "district_approve", 4, ["不存在"]),
        (DIST, "recognized", 3, ["已提交", "已认定", "区县经信部门"]),
        (DIST, "return", 3, ["必须填写理由"])]:
    rc, out, err = run(who, "application", "move", "1", to)
    t.ok(rc == code and all(w in err for w in words),
         "%s → %s refused (exit %d)" % (who, to, code), "rc=%d %s" % (rc, err))

rc, out, err = run(DIST, "application", "move", "1", "return", "--comment", "请补充审计报告")
t.eq(rc, 0, "the district returns it with a reason", err)
rc, out, err = run(ENT, "application", "show", "1")
t.ok("请补充审计报告" in out and "已退回" in out, "the firm sees the reason", out)
rc, out, err = run(ENT, "application", "move", "1", "resubmit")
t.eq(rc, 0, "resubmitted", err)
rc, out, err = run(DIST, "application", "move", "1", "区县初审通过")
t.eq(rc, 0, "district approves (by the Chinese label)", err)
rc, out, err = run(CITY, "application", "move", "1", "city_approve")
t.eq(rc, 0, "city approves", err)
rc, out, err = run(CITY, "application", "move", "1", "assign")
t.eq(rc, 0, "experts drawn", err)
t.ok("随机抽取专家 5 名(符合回避要求 5 名,因关联回避 3 名)" in out, "3 excluded, 5 drawn", out)

rc, out, err = run(CITY, "application", "show", "1", "--json")
# the drawn experts are e0..e4 (the others are excluded), each scores
for i, score in enumerate(["82", "80.5", "81", "79", "60"]):
    rc, out, err = run("expert:e%d" % i, "application", "show", "1")
    t.ok(rc == 0 and "匿名评审" in out and U1 not in out and "精密机械" not in out,
         "expert e%d sees the application without the firm's identity" % i, out + err)
    rc, out, err = run("expert:e%d" % i, "application", "score", "1", score, "--comment", "意见")
    t.eq(rc, 0, "expert e%d scores %s" % (i, score), err)
rc, out, err = run("expert:e5", "application", "show", "1")
t.eq(rc, 4, "an excluded expert cannot see it")
rc, out, err = run(CITY, "application", "move", "1", "finalize")
t.eq(rc, 0, "scores summarised", err)
t.ok("平均分 76.50" in out and "异常评分 1 个" in out, "mean 76.50, one outlier (60 is >15 from 80.5)",
     out)
rc, out, err = run(CITY, "application", "move", "1", "publicize")
t.eq(rc, 0, "publicized on Saturday 2026-11-28", err)
t.ok("公示期 2026-11-30 至 2026-12-04" in out, "notice Monday to Friday", out)
rc, out, err = run(CITY, "application", "object", "1", "--content", "研发费用存疑", "--source", "来信")
t.eq(rc, 0, "objection recorded", err)
rc, out, err = run(CITY, "application", "move", "1", "recognize", today="2026-12-07")
t.eq(rc, 3, "an open objection blocks recognition")
rc, out, err = run(CITY, "application", "resolve", "1", "dismissed", "--comment", "经核实无误")
t.eq(rc, 0, "objection dismissed", err)
rc, out, err = run(CITY, "application", "move", "1", "recognize", today="2026-12-04")
t.eq(rc, 3, "not on the notice's last day")
rc, out, err = run(CITY, "application", "move", "1", "recognize", today="2026-12-07")
t.eq(rc, 0, "recognized", err)
t.ok("认定自 2026-12-07 起,有效期至 2029-12-06" in out, "valid until start + 3 years - 1 day", out)
rc, out, err = z.run("show", U1, "--format", "json")
j = json.loads(out) if rc == 0 else {}
t.eq((j.get("tier"), j.get("tier_until")), ("srdi", "2029-12-06"), "the firm holds SRDI")
hist = j.get("tier_history", [])
t.ok(hist and hist[-1]["doc_no"] == "渝经信中小〔2026〕30号" and hist[-1]["status"] == "recognized",
     "tier history has the event with the batch's document number", hist)

rc, out, err = run(ENT, "application", "show", "1")
t.ok("***" in out and "e0" not in out, "the firm does not see which expert scored", out)

rc, out, err = run(CITY, "application", "list", "--format", "csv")
t.ok(rc == 0 and out.startswith("\ufeff编号"), "CSV with BOM", out[:40])
rc, out, err = run(GXQ, "application", "list", "--format", "json")
j = json.loads(out) if rc == 0 else {}
t.eq([i["uscc"] for i in j.get("items", [])], [U2], "the zone lists only its application")
rc, out, err = run(CITY, "application", "list", "--overdue", "--format", "json", today="2026-12-31")
j = json.loads(out) if rc == 0 else {}
t.eq([i["id"] for i in j.get("items", [])], [2], "the forgotten draft is overdue after the window")
rc, out, err = z.run("application", "transitions")
t.ok(all(k in out for k in ["submit", "resubmit", "district_approve", "return", "city_approve",
                            "city_reject", "assign", "finalize", "publicize", "score_reject",
                            "recognize", "notice_reject"]), "transitions lists the table", out)

# ---- exit and the bar ----
rc, out, err = run(CITY, "manage", "exit", U1, "--tier", "srdi", "--reason", "fraud", "--detail",
                   "数据造假", "--date", "2027-01-05", today="2027-01-05")
t.eq(rc, 0, "revoked for fraud", err)
t.ok("2030-01-04 前不得再次申报" in out, "barred for 3 years", out)
rc, out, err = run(CITY, "batch", "open", "--tier", "innovative", "--year", "2030", "--name", "2030批次",
                   "--opens", "2029-12-01", "--closes", "2030-03-31")
t.eq(rc, 0, "a later batch", err)
rc, out, err = run(ENT, "application", "apply", "2", U1, today="2030-01-04")
t.ok(rc == 3 and "2030-01-04 前不得申报" in err, "applying on the bar's last day refused", err)
rc, out, err = run(ENT, "application", "apply", "2", U1, today="2030-01-05")
t.eq(rc, 0, "the day after: allowed", err)

rc, out, err = z.run("audit", "verify")
t.ok(rc == 0 and "审计链完好" in out, "audit chain intact after the workflow", out + err)

# ---- targets against the demo pool ----
d = Zjtx()
rc, out, err = d.run("demo", "--enterprises", "1200")
t.eq(rc, 0, "demo built", err)
t.ok("申请" in out and "已认定" in out, "demo reports applications", out)
rc, out, err = d.run("--today", "2026-11-28", "application", "list", "--format", "json")
states = {i["state"] for i in json.loads(out)["items"]} if rc == 0 else set()
t.eq(states, {"draft", "submitted", "returned", "district_approved", "city_approved",
              "expert_review", "scored", "publicized", "recognized", "rejected"},
     "applications in every state")
rc, out, err = d.run("--today", "2026-11-28", "targets", "progress", "--format", "json")
items = json.loads(out)["items"] if rc == 0 else []
got = {(i["set"], i["tier"]): i for i in items}
for key, target in [(("cq-2020-notice", "srdi"), 1600), (("cq-2020-notice", "little_giant"), 150),
                    (("cq-2020-notice", "champion"), 60), (("cq-2022-plan", "innovative"), 25000),
                    (("cq-2022-plan", "srdi"), 2500), (("cq-2022-plan", "little_giant"), 300)]:
    row = got.get(key, {})
    t.ok(row.get("target") == target and row.get("past") and row.get("measured_on") == "2025-12-31"
         and row.get("gap") == target - row.get("held", 0) and row.get("held", 0) > 0,
         "%s %s: target %d, progress at 2025-12-31" % (key[0], key[1], target), row)
rc, out, err = d.run("--today", "2026-11-28", "--as", "viewer", "targets", "trajectory", "--tier",
                     "srdi")
t.ok(rc == 0 and "2025" in out and "█" in out, "trajectory drawn", out + err)
rc, out, err = d.run("--today", "2026-11-28", "--as", "enterprise:" + U1, "targets", "progress")
t.eq(rc, 7, "an enterprise cannot read the targets")

t.done()
