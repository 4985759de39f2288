#!/usr/bin/python3
"""Black-box tests of the criteria commands: criteria list/show/check,
evaluate (table, JSON, the worksheet), simulate and gaps, on a hand-made
firm whose figures put every srdi-2022 score in a known band."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

t = T()
z = Zjtx()

# ---- criteria list / show / check ----
rc, out, _ = z.run("criteria", "list")
for name in ["innovative-2022", "srdi-2022", "little-giant-2022", "little-giant-2025"]:
    t.ok(rc == 0 and name in out, "criteria list shows %s" % name)
rc, out, _ = z.run("criteria", "show", "srdi-2022")
t.ok(rc == 0 and "附件2" in out and "pass =" in out, "criteria show prints the rule text")
rc, out, err = z.run("criteria", "show", "nonesuch")
t.eq(rc, 4, "criteria show of an unknown name → exit 4")
bad = z.write("bad.zc", 'criteria "坏"\n    source "x"\n    effective 2022-08-01\nrequire r "r" = revenue >= \n')
rc, out, err = z.run("criteria", "check", bad)
t.ok(rc == 3 and err.startswith(bad + ":5:1:") and "文件结尾" in err,
     "check reports FILE:LINE:COL (an expression cut off at the end of the file)", err)
rc, out, err = z.run("criteria", "check", z.write("typo.zc", 'criteria "错"\n    source "x"\n    effective 2022-08-01\nrequire r "r" = revenu >= 1\npass = requirements\n'))
t.ok(rc == 3 and ":4:" in err and "revenu" in err, "an unknown key is named with its place", err)

# ---- a hand-made firm ----
A, B = make_uscc(101), make_uscc(102)
ent = ("统一社会信用代码,企业名称,所属区县,国民经济行业代码,进入细分市场年份\n"
       "%s,重庆样本精密机械有限公司,渝北区,C3411,2015\n"
       "%s,重庆对照软件有限公司,万州区,I6510,2025\n" % (A, B))
rc, out, err = z.run("import", "enterprises", z.write("e.csv", ent))
t.eq(rc, 0, "firms imported", err)
# Firm A, 2025: revenue 2000万, main 1700 (85%), rd 118.56 (5.93%), profit 140 (7%),
# assets 1000 / liabilities 450 (45%), 100 staff / 12 R&D (12%); growth 2023→24→25:
# 1500 → 1620 → 1700 main (8% and 4.94%, mean 6.47%).
ann = ("uscc,year,revenue,main_revenue,net_profit,total_assets,total_liabilities,rd_expense,"
       "equity_financing,employees,rd_staff,ip_class1_high,ip_class1_own,ip_class1,ip_class2,"
       "digital_level,quality_award,quality_cert,own_brand,standard_setting,rd_institution,"
       "product_field,award,honour,maker_china\n"
       "%s,2023,1800,1500,100,900,400,90,0,90,10,0,1,2,3,2,0,1,1,0,2,1,0,1,0\n"
       "%s,2024,1900,1620,120,950,420,100,0,95,11,0,1,2,3,2,0,1,1,0,2,1,0,1,0\n"
       "%s,2025,2000,1700,140,1000,450,118.56,0,100,12,0,1,2,3,2,0,1,1,0,2,1,0,1,0\n"
       "%s,2025,800,800,10,500,100,30,0,20,2,0,0,0,1,1,0,0,0,0,0,0,0,0,0\n" % (A, A, A, B))
rc, out, err = z.run("import", "annual", z.write("a.csv", ann))
t.eq(rc, 0, "annual figures imported", err)

rc, out, err = z.run("evaluate", "--criteria", "srdi-2022", "--enterprise", A, "--explain")
t.eq(rc, 0, "evaluate --explain", err)
for line in ["研发费用 118.56 万元(100万元-200万元)",           # the money band, not "< 100万元"
             "研发费用占营业收入比重 5.93%(4%-6%)",
             "主营业务收入占营业收入比重 85.00%(≥ 80%) → 5 / 5 分",
             "净利润率 7.00%(6%-8%) → 6 / 10 分",
             "资产负债率 45.00%(< 50%) → 5 / 5 分",
             "研发人员占比 12.00%(10%-20%) → 3 / 5 分"]:
    t.ok(line in out, "worksheet: " + line, out)

rc, out, err = z.run("evaluate", "--criteria", "srdi-2022", "--enterprise", A, "--format", "json")
j = json.loads(out)[0] if rc == 0 else {}
t.ok(set(j.keys()) >= {"uscc", "name", "criteria", "year", "verdict", "score", "groups",
                       "requirements", "missing"}, "JSON carries the documented keys", j.keys())
t.eq((j.get("uscc"), j.get("criteria"), j.get("year")), (A, "srdi-2022", 2025), "JSON identity")
groups = {g["label"]: g["score"] for g in j.get("groups", [])}
t.eq(groups.get("精细化"), 19.0, "精细化 = digital L2 3 + quality (2 items) 5 + margin 6 + debt 5")
rd = [r for r in j.get("requirements", []) if r["label"].startswith("上年度研发费用总额")]
t.ok(rd and rd[0]["met"] is True, "R&D requirement met (118.56万 ≥ 100万, 5.93% ≥ 3%)")

rc, out, err = z.run("evaluate", "--criteria", "srdi-2022", "--enterprise", B, "--format", "json")
j = json.loads(out)[0]
t.eq(j["verdict"], "fail", "firm B fails")
niche = [r for r in j["requirements"] if "细分市场" in r["label"]]
t.ok(niche and niche[0]["met"] is False and niche[0]["gap"] == "差 1 年",
     "B: 2 years in the niche not met (entered 2025: 1 year)", niche)
rc, out, err = z.run("evaluate", "--criteria", "srdi-2022", "--enterprise", B, "--year", "2024", "--format", "json")
j = json.loads(out)[0]
t.eq(j["verdict"], "fail", "B in 2024 fails on the niche whatever the missing figures say")
rc, out, err = z.run("evaluate", "--criteria", "srdi-2022", "--enterprise", A, "--year", "2022", "--format", "json")
j = json.loads(out)[0]
t.ok(j["verdict"] == "insufficient" and any(m.startswith("revenue") for m in j["missing"]),
     "A with no 2022 figures → insufficient, naming revenue", j)

# ---- simulate: a stricter copy of srdi-2022 ----
src = z.run("criteria", "show", "srdi-2022")[1]
strict = src.replace('param pass_score "认定分数线" = 60', 'param pass_score "认定分数线" = 99')
t.ok(strict != src, "made a stricter copy")
sp = z.write("strict.zc", strict)
rc, out, err = z.run("simulate", "--criteria", sp, "--base", "srdi-2022", "--format", "json")
s = json.loads(out) if rc == 0 else {}
t.ok(rc == 0 and s["gain"] == 0 and s["lose"] >= 1, "a higher pass score only loses firms", err + out)
t.ok(s and any(c["uscc"] == A and c["change"] == "lose" for c in s["changed"]), "firm A is listed as lost")
t.ok(s and sum(d["lose"] for d in s["by_district"]) == s["lose"], "district totals add up")

# ---- gaps ----
rc, out, err = z.run("gaps", "--criteria", "srdi-2022", "--format", "json")
g = json.loads(out) if rc == 0 else []
t.ok(rc == 0 and [x["uscc"] for x in g] == [B], "gaps lists the failing firm only", out + err)
t.ok(g and "细分市场" in g[0]["lacks"], "and says what it lacks", g)
t.done()
