#!/usr/bin/python3
"""Black-box tests of monthly monitoring on the real binary: bulk import
with errors and warnings (a unit slip names the likely unit), --confirm-
warnings, idempotent re-import and corrections that keep versions, the
clerk's commands, and sanity checks on the demo city (partitions add up,
completeness ranking, 通报, warnings, determinism, aggregates equal a
rebuild from scratch)."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

t = T()

# ---- a small city: three firms, imported ----
z = Zjtx()
u = [make_uscc(i) for i in range(1, 4)]
firms = "统一社会信用代码,企业名称,所属区县,国民经济行业代码\n" + "".join(
    "%s,重庆月报测试%d有限公司,渝北区,C3670\n" % (x, i) for i, x in enumerate(u))
rc, out, err = z.run("import", "enterprises", z.write("f.csv", firms))
t.eq(rc, 0, "firms imported", err)

head = "统一社会信用代码,报告期,营业收入(累计)(万元),利润总额(累计)(万元),从业人员期末人数,生产经营情况说明\n"
rows = [
    "%s,2025-08,800,40,100,\n" % u[0],
    "%s,2025-09,900,45,101,订单充足\n" % u[0],
    "%s,2025-10,10000000,50,102,\n" % u[0],   # typed in 元: ×10,000
    "%s,2025-09,120.5,6,20,\n" % u[1],
]
bad = rows + ["%s,2025-10,abc,5,-3,\n" % u[1], "%s,2025-12,1,1,1,\n" % u[2],
              "%s,2025-09,5,1,1,\n" % u[1]]
rc, out, err = z.run("import", "monthly", z.write("bad.csv", head + "".join(bad)), "--today", "2025-11-20")
t.eq(rc, 3, "a file with errors is refused (exit 3)", err)
t.ok('第6行 营业收入(累计)(万元) "abc": 营业收入(累计) "abc" 不是有效的数值' in err, "non-numeric named with line and column", err)
t.ok('第6行 从业人员期末人数 "-3"' in err, "negative headcount", err)
t.ok("第7行 报告期 \"2025-12\": 报告期 2025-12 尚未结束(今天是 2025-11-20)" in err, "future period", err)
t.ok("第8行 统一社会信用代码 \"%s\": 与第5行重复" % u[1] in err, "duplicate row", err)
t.ok("警告 [unit_slip.revenue_ytd] 第4行 营业收入(累计)(万元) \"10000000\": 营业收入(累计)约为上月的 10,000 倍,"
     "疑似按元填报(应为万元),按万元应为 1000" in err, "unit slip flagged with the likely unit", err)
rc, out, _ = z.run("export", "monthly")
t.eq(out.count("\n"), 1, "nothing written (all or nothing)", out)

rc, out, err = z.run("import", "monthly", z.write("m.csv", head + "".join(rows)), "--today", "2025-11-20")
t.eq(rc, 3, "warnings alone also refuse the file", err)
t.ok("--confirm-warnings" in err, "and say how to accept them", err)
rc, out, err = z.run("import", "monthly", z.path("m.csv"), "--today", "2025-11-20",
                     "--confirm-warnings", "企业并购,已核实")
t.eq(rc, 0, "accepted with --confirm-warnings", err)
t.ok("新增 4" in out and "确认警告 1 项" in out, "4 created, 1 warning confirmed", out)
t.ok("已确认 [unit_slip.revenue_ytd] 第4行" in err, "the accepted warning is still listed", err)
rc, out, err = z.run("import", "monthly", z.path("m.csv"), "--today", "2025-11-20",
                     "--confirm-warnings", "企业并购,已核实")
t.ok(rc == 0 and "跳过 4" in out, "re-import: idempotent (4 skipped)", out + err)

# the district corrects the slip: versions kept
rc, out, err = z.run("monthly", "correct", u[0], "--period", "2025-10", "--reason", "企业按元填报,更正为万元",
                     "revenue_ytd=1000", "--today", "2025-11-20")
t.eq(rc, 0, "correction", err)
t.ok("现为第 2 版" in out, "version 2", out)
rc, out, err = z.run("monthly", "versions", u[0], "--period", "2025-10")
t.ok(rc == 0 and "第 1 版" in out and "原因:企业按元填报,更正为万元" in out and "revenue_ytd=10000000" in out
     and "revenue_ytd=1000 " in out, "versions: the earlier one kept with its reason", out + err)
t.ok("确认警告 unit_slip.revenue_ytd" in out and "企业并购,已核实" in out, "the confirmation is listed", out)

# filing one report on the command line: errors and warnings at once
rc, out, err = z.run("monthly", "file", u[1], "--period", "2025-10", "revenue_ytd=100", "profit_ytd=90",
                     "employees=20", "--today", "2025-11-20")
t.eq(rc, 3, "warnings need confirmation (exit 3)", err)
t.ok("[警告] ytd_decrease.revenue_ytd" in err and "[警告] margin" in err, "both warnings listed", err)
rc, out, err = z.run("monthly", "file", u[1], "--period", "2025-10", "revenue_ytd=100", "profit_ytd=90",
                     "employees=20", "--today", "2025-11-20", "--confirm", "ytd_decrease.revenue_ytd=退货冲减",
                     "--confirm", "margin=处置资产收益")
t.eq(rc, 0, "filed with both confirmed", err)
rc, out, err = z.run("monthly", "show", u[1], "--format", "json")
j = json.loads(out) if rc == 0 else []
t.eq([x["period"] for x in j], ["2025-09", "2025-10"], "show: the firm's series")
t.eq(j[-1]["revenue_ytd"] if j else None, "100", "exact value in 万元")
rc, out, err = z.run("monthly", "file", u[2], "--period", "2026-01", "revenue_ytd=1", "--today", "2026-02-20")
t.ok(rc == 3 and "january_combined" in err, "January alone refused (1—2月 combined)", err)
rc, out, err = z.run("monthly", "settings", "deadline_day", "15")
t.ok(rc == 0 and "deadline_day" in out and " 15 " in out, "settings changed", out + err)
rc, out, err = z.run("monthly", "settings", "deadline_day", "31")
t.eq(rc, 3, "a bad setting refused", err)

# ---- the demo city ----
d = Zjtx()
rc, out, err = d.run("demo")
t.eq(rc, 0, "demo built", err)
t.ok("月报" in out, "demo reports monthly figures", out)
db = sqlite3.connect(d.db)
nrep = db.execute("select count(*) from monthly_reports").fetchone()[0]
periods = db.execute("select min(period), max(period), count(distinct period) from monthly_reports").fetchone()
t.eq(periods, (202411, 202610, 22), "24 months to 2026-10, the last before the demo date 2026-11-28 (22 periods: January combined)")
t.ok(nrep > 50000, "tens of thousands of reports (%d)" % nrep)
slips = db.execute("select count(*) from monthly_confirmations where code = 'unit_slip.revenue_ytd' "
                   "and message like '%疑似按元填报(应为万元)%'").fetchone()[0]
t.ok(slips > 0, "demo slips were flagged with the likely unit (%d)" % slips)
corr = db.execute("select count(*) from monthly_versions").fetchone()[0]
t.ok(corr > 0, "demo corrections kept earlier versions (%d)" % corr)
late = db.execute("select count(*) from monthly_reports").fetchone()[0]

rc, out, err = d.run("report", "monthly", "--period", "2026-10", "--format", "json")
rep = json.loads(out)
city = rep["city"]
t.ok(rep["narrative"].startswith("1—10月,全市 %d 家专精特新梯度培育企业报送月报,累计实现营业收入 " % city["filed"]),
     "narrative opens in bulletin style", rep["narrative"][:80])
g = city["revenue_ytd"]["yoy_pct"]
t.ok(g is not None and -10 < g < 30, "city revenue growth plausible (%s%%)" % g)
for dim in ("district", "industry", "tier"):
    rc, out, err = d.run("report", "monthly", "--period", "2026-10", "--by", dim, "--format", "json")
    r = json.loads(out)
    tot = sum(x["revenue_ytd"]["total"] for x in r["groups"])
    filed = sum(x["filed"] for x in r["groups"])
    t.ok(abs(tot - city["revenue_ytd"]["total"]) < 0.01 and filed == city["filed"],
         "by %s: groups add up to the city (%d firms)" % (dim, filed))
rc, out2, _ = d.run("report", "monthly", "--period", "2026-10", "--format", "html")
t.ok(out2.startswith("<!DOCTYPE html>") and "<svg" in out2 and "一、总体情况" in out2, "html report")
rc, out3, _ = d.run("report", "monthly", "--period", "2026-10", "--format", "csv")
t.ok(out3.startswith("\ufeff分组代码,分组,报送企业数") and len(out3.splitlines()) > 30, "csv report")

rc, out, err = d.run("completeness", "--period", "2026-10", "--today", "2026-11-15", "--format", "json")
c = json.loads(out)
units = c["units"]
t.eq(sum(x["expected"] for x in units), c["city"]["expected"], "units' expected add up to the city")
rates = [(x["filed"] / x["expected"], x["on_time"] / x["expected"]) for x in units]
t.ok(all(rates[i] >= rates[i + 1] for i in range(len(rates) - 1)), "ranked by rate, then on-time rate")
t.ok(units[0]["rank"] == 1 and units[-1]["rate_pct"] < 90, "the last ranked is under 90%")
bottom = [x["name"] for x in units[-5:]]
t.ok(any(n in bottom for n in ("巫溪县", "彭水苗族土家族自治县", "丰都县")),
     "the districts that file badly in the demo rank last", bottom)
t.eq(len(c["missing"]), c["city"]["missing"], "every missing firm listed")

rc, out, err = d.run("notice", "--period", "2026-10", "--today", "2026-11-15")
t.ok(rc == 0 and "# 关于2026年10月专精特新企业月度监测数据报送情况的通报" in out and "## 四、未报送企业名单" in out,
     "通报 draft", err)
t.ok("近 3 期(2026-08 至 2026-10)" in out, "repeat laggards over the last 3 periods", out[-2000:])

rc, out, err = d.run("warnings", "--today", "2026-11-28", "--format", "json")
w = json.loads(out)
t.eq(w["period"], "2026-10", "warnings at the last closed period")
t.ok(all(w["by_rule"][k] > 0 for k in w["by_rule"]), "every default rule fires somewhere", w["by_rule"])
t.eq(sum(u_["firms"] for u_ in w["units"]), w["firms"], "counts per district add up")
first = w["warnings"][0]
rc, out, err = d.run("warnings", "rereview", first["uscc"], first["rule"], "--reason", "预警触发复核",
                     "--today", "2026-11-28")
t.eq(rc, 0, "a warning opens a re-review", err)
rc, out, err = d.run("warnings", "requests")
t.ok(first["uscc"] in out and "open" in out, "the request is listed for the workflow", out)

# aggregates maintained on every filing = a rebuild from scratch
before = db.execute("select * from monthly_agg order by period, dim, grp").fetchall()
rc, out, err = d.run("monthly", "rebuild")
after = db.execute("select * from monthly_agg order by period, dim, grp").fetchall()
t.ok(rc == 0 and before == after and len(before) > 1000,
     "demo aggregates equal a rebuild from scratch (%d cells)" % len(before), err)

# determinism: the same seed gives the same report
d2 = Zjtx()
d2.run("demo")
rc, o1, _ = d.run("report", "monthly", "--period", "2026-10", "--format", "csv")
rc, o2, _ = d2.run("report", "monthly", "--period", "2026-10", "--format", "csv")
t.ok(o1 == o2 and len(o1) > 1000, "demo is deterministic")
t.done()
