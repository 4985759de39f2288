#!/usr/bin/python3
"""Black-box: monthly monitoring in Excel on the command line. The monthly
template (headers with units, 报告期 list, notes); a workbook filled from it
by openpyxl imports through the same pipeline as CSV (errors by sheet, row
and column, all or nothing; warnings confirmed with a reason); the XLSX
export of the reports holds exactly the CSV export's values and re-imports
unchanged; completeness, 通报 and analysis as workbooks agree with their JSON;
the 催报 list carries contacts (masked with --mask)."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx  # noqa: E402

import openpyxl  # noqa: E402

t = T()
z = Zjtx()
TODAY = ("--today", "2026-12-05")
rc, out, err = z.run("demo", "--enterprises", "300", "--no-accounts")
t.eq(rc, 0, "demo city", err[-300:])

# ---- the template ----
tpl = z.path("tpl.xlsx")
rc, out, err = z.run("template", "monthly", "-o", tpl)
t.ok(rc == 0 and "11 列" in out, "zjtx template monthly writes 11 columns", out + err)
wb = openpyxl.load_workbook(tpl)
t.eq(wb.sheetnames[0], "月度数据", "the data sheet comes first")
head = [c.value for c in wb["月度数据"][1]]
t.eq(head, ["统一社会信用代码", "企业名称", "报告期", "营业收入(累计)(万元)", "工业总产值(累计)(万元)",
            "利润总额(累计)(万元)", "税金总额(累计)(万元)", "研发费用(累计)(万元)", "出口交货值(累计)(万元)",
            "从业人员期末人数(人)", "生产经营情况说明"], "headers carry their units")
dv = [d for d in wb["月度数据"].data_validations.dataValidation if d.type == "list"]
t.ok(dv and "C2" in str(dv[0].sqref), "报告期 has a drop-down list")
notes = [r for r in wb["填写说明"].iter_rows(values_only=True)]
t.ok(all(any(r[0] == h for r in notes) for h in head), "the notes sheet explains every column")
t.ok(any(r[0] == "警告" and "确认原因" in (r[4] or "") for r in notes), "and the warnings rule")

# ---- a filled template imports through the one pipeline ----
rc, out, err = z.run(*TODAY, "monthly", "missing", "--period", "2026-10")
missing = [line.split("\t")[1] for line in out.splitlines() if line]
t.ok(len(missing) >= 2, "the demo has missing filers for 2026-10 (%d)" % len(missing))
rc, out, err = z.run(*TODAY, "completeness", "--period", "2026-10", "--format", "json")
before = json.loads(out)["city"]["missing"]
ws = wb["月度数据"]
ws.append([missing[0], "甲", "2026-10", 1200.5, 1100, 60.25, 12, 30, 0, 40, "说明"])
ws.append([missing[1], "乙", "2026-10", "一千", None, 10, None, None, None, 20, None])
good = z.path("filled.xlsx")
wb.save(good)
rc, out, err = z.run(*TODAY, "import", "monthly", good)
t.eq(rc, 3, "a workbook with a bad value is refused (exit 3)", out + err)
t.ok("工作表 月度数据 第3行 营业收入(累计)(万元) \"一千\"" in err, "the error names sheet, row, column and value",
     err[-600:])
rc, out, _ = z.run(*TODAY, "completeness", "--period", "2026-10", "--format", "json")
t.eq(json.loads(out)["city"]["missing"], before, "nothing was written")
ws.cell(row=3, column=4, value=800)
wb.save(good)
rc, out, err = z.run(*TODAY, "import", "monthly", good)
if rc == 3:
    t.ok("--confirm-warnings" in err, "warnings refuse the file until confirmed", err[-300:])
    rc, out, err = z.run(*TODAY, "import", "monthly", good, "--confirm-warnings", "已电话核实")
t.ok(rc == 0 and "新增 2" in out, "imported: 2 reports", out + err)
rc, out, _ = z.run(*TODAY, "completeness", "--period", "2026-10", "--format", "json")
t.eq(json.loads(out)["city"]["missing"], before - 2, "two fewer missing firms")
rc, out, err = z.run("monthly", "show", missing[0], "--from", "2026-10", "--to", "2026-10", "--format", "json")
t.eq(json.loads(out)[0]["revenue_ytd"], "1200.5", "the value is stored exactly")

# ---- the XLSX export = the CSV export, and it re-imports unchanged ----
rc, csv_out, _ = z.run("export", "monthly", "--from", "2026-09", "--to", "2026-10")
rows = list(csv.reader(io.StringIO(csv_out.lstrip("\ufeff"))))
xl = z.path("monthly.xlsx")
rc, out, err = z.run("export", "monthly", "--from", "2026-09", "--to", "2026-10", "-o", xl)
t.eq(rc, 0, "zjtx export monthly -o FILE.xlsx", err)
xr = list(openpyxl.load_workbook(xl, read_only=True).worksheets[0].iter_rows(values_only=True))
t.eq(len(xr), len(rows), "as many rows as the CSV export (%d)" % (len(rows) - 1))
t.eq(list(xr[0]), rows[0], "the same headers")


def same(c, x):
    if c == "":
        return x is None
    if isinstance(x, (int, float)):
        return abs(float(c) - x) < 1e-9 and ("%.6f" % x).rstrip("0").rstrip(".") == c
    return str(x) == c


bad = [(i, j) for i in range(1, len(rows)) for j in range(len(rows[0])) if not same(rows[i][j], xr[i][j])]
t.eq(bad[:5], [], "every cell equals the CSV's value exactly (money in 万元 to the 分)")
rc, out, err = z.run(*TODAY, "import", "monthly", xl, "--dry-run")
t.ok(rc == 0 and "校验通过" in out, "the XLSX export re-imports (dry run)", out + err)
rc, out, err = z.run(*TODAY, "import", "monthly", xl, "--confirm-warnings", "x")
t.ok(rc == 0 and ("与已报送相同而跳过 %d" % (len(rows) - 1)) in out, "every row is the same as stored (skipped)",
     out + err)

# ---- completeness, 通报 and analysis as workbooks ----
rc, out, _ = z.run(*TODAY, "completeness", "--period", "2026-10", "--format", "json")
cj = json.loads(out)
cx = z.path("c.xlsx")
rc, out, err = z.run(*TODAY, "completeness", "--period", "2026-10", "--format", "xlsx", "-o", cx)
wb = openpyxl.load_workbook(cx, read_only=True)
t.eq(wb.sheetnames, ["报送情况", "未报送企业"], "completeness workbook sheets")
rk = list(wb["报送情况"].iter_rows(values_only=True))
t.ok(len(rk) == len(cj["units"]) + 2 and rk[-1][1] == "全市" and rk[-1][3] == cj["city"]["filed"]
     and abs(rk[-1][7] - cj["city"]["filed"] / cj["city"]["expected"]) < 1e-12,
     "the ranking and the city line (rate as a fraction shown as %)")
t.eq(sum(1 for _ in wb["未报送企业"].iter_rows()) - 1, cj["city"]["missing"], "one row per missing firm")
rc, out, err = z.run(*TODAY, "completeness", "--period", "2026-10", "--format", "xlsx")
t.ok(rc != 0 and "-o" in err, "xlsx needs -o")
nx = z.path("n.xlsx")
rc, out, err = z.run(*TODAY, "notice", "--period", "2026-10", "--format", "xlsx", "-o", nx)
t.eq(openpyxl.load_workbook(nx, read_only=True).sheetnames, ["报送排名", "连续未达标", "未报送企业"],
     "zjtx notice --format xlsx: the 通报 tables")
rc, out, err = z.run(*TODAY, "notice", "--period", "2026-10", "--format", "csv", "--threshold", "99")
nr = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
t.ok(nr[0][-2:] == ["低于阈值", "近期未达标次数"] and all((r[9] == "是") == (float(r[7]) < 99) for r in nr[1:-1]),
     "zjtx notice --format csv: 低于阈值 exactly under the threshold")
rc, out, _ = z.run("report", "monthly", "--period", "2026-10", "--format", "json")
rj = json.loads(out)
rx = z.path("r.xlsx")
rc, out, err = z.run("report", "monthly", "--period", "2026-10", "--format", "xlsx", "-o", rx)
wb = openpyxl.load_workbook(rx, read_only=True)
a = list(wb["分析"].iter_rows(values_only=True))
t.ok(a[1][1] == "全市" and abs(a[1][3] - rj["city"]["revenue_ytd"]["total"]) < 0.005
     and abs(a[1][5] - rj["city"]["revenue_ytd"]["yoy_pct"] / 100) < 1e-4,
     "zjtx report monthly --format xlsx: the city's revenue and its 同比", a[1][:6])
t.eq(len(a) - 2, len(rj["groups"]), "one row per district")

# ---- the 催报 list ----
rc, out, err = z.run(*TODAY, "monthly", "missing", "--period", "2026-10", "--format", "csv")
ch = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
t.ok(ch[0] == ["报告期", "截止日期", "区县(功能区)", "统一社会信用代码", "企业名称", "联系人", "联系电话"]
     and len(ch) - 1 == cj["city"]["missing"] and all(r[6] for r in ch[1:]), "the 催报 list with phones")
rc, out, err = z.run(*TODAY, "monthly", "missing", "--period", "2026-10", "--format", "csv", "--mask")
mk = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
t.ok(all("****" in r[6] for r in mk[1:]), "--mask masks the phones")
cx = z.path("ch.xlsx")
rc, out, err = z.run(*TODAY, "monthly", "missing", "--period", "2026-10", "--format", "xlsx", "-o", cx)
t.eq(openpyxl.load_workbook(cx, read_only=True).sheetnames, ["催报名单"], "the 催报 list as a workbook")
t.done()
