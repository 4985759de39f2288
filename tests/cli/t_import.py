#!/usr/bin/python3
"""Black-box tests of `zjtx import/export/show/list` on real files:
UTF-8, BOM, GB18030, CRLF, quoted fields, one bad row in 1,000 (nothing
imported), duplicates, idempotent re-import, exact money, round trip."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc, uscc_check_char  # noqa: E402

t = T()

HEAD_CN = "统一社会信用代码,企业名称,所属区县,国民经济行业代码,成立日期,进入细分市场年份\r\n"


def firm_rows(n, start=1):
    rows = []
    for i in range(start, start + n):
        rows.append("%s,重庆测试%04d精密机械有限公司,渝北区,C34%02d,2010-01-%02d,2012\r\n"
                    % (make_uscc(i), i, i % 90 + 10, i % 28 + 1))
    return rows


def count(z):
    rc, out, err = z.run("list", "--format", "json", "--limit", "1")
    return json.loads(out)["total"] if rc == 0 else -1


# ---- encodings ----
for label, enc, bom in [("UTF-8", "utf-8", b""), ("UTF-8 BOM", "utf-8", b"\xef\xbb\xbf"),
                        ("GB18030", "gb18030", b"")]:
    z = Zjtx()
    data = bom + (HEAD_CN + "".join(firm_rows(3))).encode(enc)
    rc, out, err = z.run("import", "enterprises", z.write("f.csv", data))
    t.eq(rc, 0, "%s file imports (exit 0)" % label)
    t.ok(("编码 " + ("GB18030" if enc == "gb18030" else "UTF-8")) in out, "%s detected" % label, out + err)
    rc, out, _ = z.run("show", make_uscc(2), "--format", "json")
    j = json.loads(out) if rc == 0 else {}
    t.eq(j.get("name"), "重庆测试0002精密机械有限公司", "%s: Chinese name intact" % label)
    t.eq((j.get("district"), j.get("district_name")), ("500112", "渝北区"), "%s: district by name → code" % label)

# ---- quoted fields, LF line ends, keys as headers, units ----
z = Zjtx()
u1, u2, u3 = make_uscc(11), make_uscc(12), make_uscc(13)
csv = ('uscc,name,district,industry,zone,contact,phone,备注\n'
       '%s,"重庆""引号"",逗号,有限公司",500112,3562,两江新区,"张三",13800001111,\n'
       '%s,重庆多行备注有限公司,沙坪坝,c3670,GXQ,,,"第一行\n第二行,含逗号\r\n第三行"\n' % (u1, u2))
rc, out, err = z.run("import", "enterprises", z.write("q.csv", csv))
t.eq(rc, 0, "quoted commas, quotes and newlines import", err)
t.ok("已忽略无法识别的列: 备注" in err, "unknown column ignored with a notice", err)
rc, out, _ = z.run("show", u1, "--format", "json")
j = json.loads(out)
t.eq(j["name"], '重庆"引号",逗号,有限公司', "doubled quotes and comma kept")
t.eq((j["industry"], j["zone"]), ("C3562", "LJXQ"), "industry 3562 → C3562, zone by name")
rc, out, _ = z.run("show", u2, "--format", "json")
t.eq((json.loads(out)["industry"], json.loads(out)["zone"]), ("C3670", "GXQ"), "lower-case c3670, zone code")
# a record spanning three physical lines: the next record's line number counts them
bad = csv + '%s,重庆错行有限公司,渝北区,C99,,,,\n' % u3
rc, out, err = z.run("import", "enterprises", z.write("q2.csv", bad))
t.ok(rc == 3 and '第6行 industry "C99"' in err, "line numbers count newlines inside quotes", err)

# ---- annual figures: units and exact money ----
ann = ("统一社会信用代码,年度,营业收入(元),主营业务收入（万元）,研发费用[千元],从业人员数,净利润(万元),主导产品国内细分市场占有率(%%)\r\n"
       "%s,2025,\"12,345,678.90\",1234.5678,\"1,000.5\",120,-12.34,12.5\r\n" % u1)
rc, out, err = z.run("import", "annual", z.write("a.csv", ann))
t.eq(rc, 0, "annual import with 元/万元/千元 headers", err)
rc, out, _ = z.run("show", u1, "--format", "json")
y = json.loads(out)["annual"][0]
t.eq(y["revenue"], 1234.567890, "12,345,678.90元 = 1234.56789 万元 exactly")
t.eq(y["main_revenue"], 1234.5678, "1234.5678 万元 kept")
t.eq(y["rd_expense"], 100.05, "1,000.5 千元 = 100.05 万元")
t.eq(y["net_profit"], -12.34, "negative profit")
t.eq(y["market_share"], 12.5, "percent")
t.eq(y["total_assets"], None, "missing is null, not zero")

# ---- one bad row in 1,000: nothing imported, exact message ----
z = Zjtx()
rows = firm_rows(1000)
bad = make_uscc(517)
wrong = bad[:17] + ("0" if bad[17] != "0" else "1")
rows[516] = rows[516].replace(bad, wrong)
rc, out, err = z.run("import", "enterprises", z.write("big.csv", HEAD_CN + "".join(rows)))
t.eq(rc, 3, "one bad row in 1,000 → exit 3")
t.ok('第518行 统一社会信用代码 "%s": 校验位应为 %s' % (wrong, bad[17]) in err,
     "error names line, column, value and expected check char", err)
t.ok("未写入任何数据" in err, "says nothing was written", err)
t.eq(count(z), 0, "database unchanged (0 firms)")

# the criteria.md negative control, verbatim
rc, out, err = z.run("import", "enterprises", z.write("neg.csv", HEAD_CN + "91500000202813384X,重庆某某有限公司,渝中区,C3670,,\r\n"))
t.ok('第2行 统一社会信用代码 "91500000202813384X": 校验位应为 0' in err, "negative control message", err)

# ---- every bad row reported; duplicates ----
rows = firm_rows(5)
rows.append(rows[1])                       # duplicate of line 3
rows.append("%s,,渝东区,Z99,2010-02-30,x\r\n" % make_uscc(99))
rc, out, err = z.run("import", "enterprises", z.write("many.csv", HEAD_CN + "".join(rows)))
t.eq(rc, 3, "bad rows → exit 3")
t.ok("第7行" in err and "与第3行重复" in err, "duplicate reported with the first line", err)
for col in ["企业名称", "所属区县", "国民经济行业代码", "成立日期", "进入细分市场年份"]:
    t.ok(("第8行 " + col) in err, "line 8 reports %s" % col, err)
t.eq(count(z), 0, "still nothing written")

# ---- idempotent re-import, then export round trip ----
z = Zjtx()
f = z.write("ok.csv", HEAD_CN + "".join(firm_rows(50)))
rc, out1, _ = z.run("import", "enterprises", f)
rc2, out2, _ = z.run("import", "enterprises", f)
t.ok(rc == 0 and "新增 50,更新 0" in out1, "first import creates 50", out1)
t.ok(rc2 == 0 and "新增 0,更新 50" in out2, "re-import updates the same 50", out2)
t.eq(count(z), 50, "still 50 firms")
exp1 = z.path("e1.csv")
rc, _, err = z.run("export", "enterprises", "-o", exp1)
t.eq(rc, 0, "export enterprises", err)
data = open(exp1, "rb").read()
t.ok(data.startswith(b"\xef\xbb\xbf"), "export starts with a UTF-8 BOM")
t.ok(b"\r\n" in data, "export uses CRLF")
z2 = Zjtx()
rc, out, err = z2.run("import", "enterprises", exp1)
t.ok(rc == 0 and not err, "export re-imports with no notices", err)
exp2 = z2.path("e2.csv")
z2.run("export", "enterprises", "-o", exp2)
t.eq(open(exp2, "rb").read(), data, "export → import → export is byte-identical")

# XLSX export of the same list re-imports to the same data
xl = z.path("e.xlsx")
rc, _, err = z.run("export", "enterprises", "-o", xl)
t.eq(rc, 0, "export enterprises as XLSX", err)
z3 = Zjtx()
rc, out, err = z3.run("import", "enterprises", xl)
t.ok(rc == 0 and "新增 50" in out, "the XLSX export re-imports", out + err)
exp3 = z3.path("e3.csv")
z3.run("export", "enterprises", "-o", exp3)
t.eq(open(exp3, "rb").read(), data, "XLSX round trip gives the same CSV export")

# ---- CLI behaviour ----
rc, out, err = z.run("show", make_uscc(999999))
t.eq(rc, 4, "show of an unknown firm → exit 4")
rc, out, err = z.run("show", "123")
t.eq(rc, 3, "show of a malformed code → exit 3")
rc, out, err = z.run("import", "nonsense", "x.csv")
t.eq(rc, 3, "unknown import kind → exit 3")
rc, out, err = z.run("import", "enterprises", z.path("missing.csv"))
t.eq(rc, 6, "missing file → exit 6")
rc, out, err = z.run("frobnicate")
t.eq(rc, 2, "unknown command → exit 2")
rc, out, _ = z.run("help")
cmds = [l.split()[0] for l in out.splitlines() if l.startswith("  ")]
for c in cmds:
    rc, out, err = z.run(c, "--help")
    t.ok(rc == 0 and "用法" in out, "zjtx %s --help" % c, err)
rc, out, _ = z.run("list", "--district", "渝北", "--industry", "C34", "--sort", "name", "--desc", "--limit", "3", "--format", "json")
j = json.loads(out)
names = [i["name"] for i in j["items"]]
t.ok(rc == 0 and j["total"] == 50 and names == sorted(names, reverse=True) and len(names) == 3,
     "list filters, sorts and pages", out)
t.done()
