#!/usr/bin/python3
"""Black-box: the criteria endpoints of the HTTP API (docs/API.md
"Criteria") against a real `zjtx serve` on a 300-firm demo database:
every endpoint, its scope (a district user sees its district or zone, an
enterprise user its own firm, out of scope is 404, the viewer reads but
cannot check or simulate), and agreement with the command line (`zjtx
evaluate|simulate|gaps --format json` on the same database)."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T  # noqa: E402
from zjtxapi import Server, is_problem  # noqa: E402

import openpyxl  # noqa: E402

t = T()
srv = Server(firms=300)
V1 = "/api/v1"
BUILTINS = ["innovative-2022", "srdi-2022", "little-giant-2022", "little-giant-2025"]

city = srv.client("city")
dist = srv.client("district")      # 沙坪坝区 500106
lj = srv.client("liangjiang")      # 两江新区 5001LJ (a zone)
firm = srv.client("firm")
viewer = srv.client("viewer")
expert = srv.client("expert")
anon = srv.anon()
OWN = srv.accounts["firm"]["uscc"]


def cli(*args):
    p = srv.run(*args)
    return p.returncode, p.stdout, p.stderr


def firms(c, **params):
    return c.get(V1 + "/enterprises", params=dict(params, page_size=200)).json()["items"]


def in_scope(f, unit):
    return f["district"] == unit or f["zone"] == unit


in_district = [f["uscc"] for f in firms(city, district="500106") if f["uscc"] != OWN][0]
other = [f["uscc"] for f in firms(city, district="500101")][0]

# ---- the list and one file ----
r = city.get(V1 + "/criteria")
lst = r.json() if r.status_code == 200 else []
t.eq([c["name"] for c in lst], BUILTINS, "GET /criteria lists the built-ins by tier")
srdi = {c["name"]: c for c in lst}.get("srdi-2022", {})
t.eq(srdi.get("counts"), {"requirements": 4, "indicators": 14, "routes": 4, "reviews": 4,
                          "groups": 4},
     "srdi-2022: SME + 3 basic conditions, 14 indicators, 4 routes, 4 review items, 4 groups")
t.ok(srdi.get("title") == "专精特新中小企业认定标准" and srdi.get("effective") == "2022-08-01"
     and "附件2" in srdi.get("source", "") and srdi.get("tier") == "srdi"
     and srdi.get("score_max") == 100, "srdi-2022: title, source, effective date, tier", srdi)
for c in (viewer, firm, dist):
    t.eq(c.get(V1 + "/criteria").status_code, 200, "%s reads the criteria list" % c.user["role"])
t.eq(expert.get(V1 + "/criteria").status_code, 403, "an expert does not (no read permission)")
t.eq(anon.get(V1 + "/criteria").status_code, 401, "anonymous: 401")

r = city.get(V1 + "/criteria/srdi-2022")
d = r.json()
rc, text, _ = cli("criteria", "show", "srdi-2022")
t.ok(r.status_code == 200 and d["text"] == text, "GET /criteria/srdi-2022: the rule text, as `criteria show`")
t.eq([g["label"] for g in d["groups"]], ["专业化", "精细化", "特色化", "创新能力"], "its groups")
t.eq([g["max"] for g in d["groups"]], [25, 25, 15, 35], "with their caps")
t.ok(len(d["indicators"]) == 14 and all(i["group"] in {g["name"] for g in d["groups"]}
                                        and i["clause"] for i in d["indicators"]),
     "14 indicators, each in a group, each with its clause")
kinds = [q["kind"] for q in d["requirements"]]
t.ok(kinds.count("requirement") == 4 and kinds.count("route") == 4 and kinds.count("review") == 4,
     "requirements, routes and review items with kinds", kinds)
inn = city.get(V1 + "/criteria/innovative-2022").json()
t.eq([(g["label"], g["min"]) for g in inn["groups"]],
     [("创新能力", 20), ("成长性", 15), ("专业化", 15)], "innovative-2022: group minimums 20/15/15")
r = city.get(V1 + "/criteria/nonesuch-2020")
t.ok(is_problem(r, 404) and "nonesuch-2020" in r.json()["detail"], "unknown criteria: 404 naming it")

# ---- compile check (city only) ----
r = city.post(V1 + "/criteria/check", json={"text": text, "name": "copy.zc"})
b = r.json()
t.ok(r.status_code == 200 and b["ok"] and b["errors"] == [] and b["criteria"]["counts"]["indicators"] == 14,
     "check: a copy of srdi-2022 compiles, with its structure", b.get("errors"))
bad = text.replace("= rd_expense >= 100万元 and rd_ratio >= 3%", "= rd_expens >= 100万元 and rd_ratio >= 3%")
t.ok(bad != text, "made a typo")
r = city.post(V1 + "/criteria/check", json={"text": bad, "name": "mine.zc"})
b = r.json()
line = next(i + 1 for i, l in enumerate(bad.splitlines()) if "rd_expens " in l)
col = bad.splitlines()[line - 1].index("rd_expens ") + 1
e0 = b["errors"][0] if b.get("errors") else {}
t.ok(r.status_code == 200 and b["ok"] is False and b["criteria"] is None, "a typo: ok false", b)
t.eq((e0.get("file"), e0.get("line"), e0.get("col")), ("mine.zc", line, col),
     "the error names file, line and column (characters)")
t.ok("rd_expens" in e0.get("message", "") and "rd_expense" in e0.get("message", "")
     and e0.get("text", "").startswith("mine.zc:%d:%d: " % (line, col)),
     "and the name, with a suggestion, as FILE:LINE:COL: message", e0)
r = city.post(V1 + "/criteria/check", json={"text": "criteria \"x\"\n  source \"y\"\n  effective 2022-01-01\n"
                                                    "require r \"r\" = revenue >= 1000\n"})
e0 = r.json()["errors"][0]
t.ok(e0["line"] == 4 and "单位" in e0["message"], "a unit slip is named (金额不能与不带单位的数比较)", e0)
r = city.post(V1 + "/criteria/check", json={"text": "criteria \"x\"\n  source \"y\"\n  effective 2022-01-01\n"
                                                    "use \"prelude\"\nrequire r \"r\" = rd_ratio >= 3%\n"})
t.ok(r.json()["ok"], "use \"prelude\" resolves to the built-in library", r.json().get("errors"))
r = city.post(V1 + "/criteria/check", json={})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/text", "no text: 400 on /text")
r = city.post(V1 + "/criteria/check", json={"text": "x", "extra": 1})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/extra", "unknown member: 400")
r = city.post(V1 + "/criteria/check", json={"text": "#" * (256 * 1024 + 1)})
t.eq(r.status_code, 413, "text over 256 KiB: 413")
for c in (dist, viewer, firm):
    t.eq(c.post(V1 + "/criteria/check", json={"text": text}).status_code, 403,
         "%s may not check rule text (city only)" % c.user["role"])

# ---- a firm's evaluation: agrees with the CLI ----
rc, out, err = cli("evaluate", "--criteria", "srdi-2022", "--enterprise", in_district, "--year",
                   "2025", "--format", "json", "--explain")
want = json.loads(out)[0] if rc == 0 else {}
r = city.get(V1 + "/enterprises/%s/evaluation" % in_district, params={"criteria": "srdi-2022", "year": 2025})
got = r.json()
t.eq(r.status_code, 200, "GET /enterprises/{uscc}/evaluation?criteria=srdi-2022")
t.eq(got.pop("tier", None), "srdi", "the result names the tier it recognises")
t.eq(got, want, "the JSON is `zjtx evaluate --format json --explain` for the same firm")
t.ok(got.get("text", "").startswith("专精特新中小企业认定标准") and "基本条件" in got.get("text", ""),
     "with the worksheet text")
t.ok(all(k in got for k in ("verdict", "score", "groups", "requirements", "indicators", "missing", "shortfalls")),
     "verdict, score, groups, requirements, indicators, missing, shortfalls")
rq = [q for q in got["requirements"] if q["kind"] == "requirement"]
t.ok(all(q["met"] in (True, False, None) and isinstance(q["lines"], list) for q in rq),
     "each requirement: met and its worksheet lines")
unmet = [q for q in rq if q["met"] is False]
t.ok(all(q["gap"] and q["actual"] and q["threshold"] for q in unmet), "an unmet one has actual, threshold and gap", unmet)

r = city.get(V1 + "/enterprises/%s/evaluation" % in_district)
allr = r.json()
t.ok(r.status_code == 200 and [x["criteria"] for x in allr["results"]] == BUILTINS,
     "criteria omitted: one result per built-in file, by tier")
rows = city.get(V1 + "/enterprises/%s/annual" % in_district).json()
t.eq(allr["year"], max(x["year"] for x in rows), "year omitted: the firm's latest year with figures")
rc, out, _ = cli("evaluate", "--criteria", "little-giant-2025", "--enterprise", in_district, "--year",
                 str(allr["year"]), "--format", "json", "--explain")
lg = dict(allr["results"][3])
lg.pop("tier")
t.eq(lg, json.loads(out)[0], "the little-giant-2025 result of the `all` form agrees with the CLI too")
r = city.get(V1 + "/enterprises/%s/evaluation" % in_district, params={"criteria": "all", "year": 2023})
t.ok(r.status_code == 200 and all(x["year"] == 2023 for x in r.json()["results"]), "criteria=all&year=2023")
r = city.get(V1 + "/enterprises/%s/evaluation" % in_district, params={"year": 1800})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "year", "a bad year: 400 on year")
r = city.get(V1 + "/enterprises/%s/evaluation" % in_district, params={"criteria": "srdi-1999"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "criteria", "an unknown criteria: 400 on criteria")
r = city.get(V1 + "/enterprises/91500000000000000X/evaluation")
t.ok(r.status_code in (400, 404), "a malformed or unknown USCC is refused")

# scope
path = V1 + "/enterprises/%s/evaluation?criteria=srdi-2022"
t.eq(dist.get(path % in_district).status_code, 200, "district: a firm of its district")
r = dist.get(path % other)
t.ok(is_problem(r, 404), "district: another district's firm is 404 (not 403)")
t.eq(firm.get(path % OWN).status_code, 200, "enterprise: its own firm")
t.eq(firm.get(path % in_district).status_code, 404, "enterprise: another firm is 404")
t.eq(viewer.get(path % other).status_code, 200, "viewer reads any firm's evaluation")
t.eq(expert.get(path % OWN).status_code, 403, "expert: 403")
t.eq(anon.get(path % OWN).status_code, 401, "anonymous: 401")

# ---- simulate ----
strict = text.replace('param pass_score "认定分数线" = 60', 'param pass_score "认定分数线" = 75')
t.ok(strict != text, "a stricter copy of srdi-2022 (pass score 75)")
strict_path = os.path.join(srv.dir, "strict.zc")
with open(strict_path, "w", encoding="utf-8") as f:
    f.write(strict)
r = city.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "text": strict, "name": "strict.zc",
                                                 "year": 2025})
s = r.json()
t.eq(r.status_code, 200, "POST /criteria/simulate with rule text", r.text[:300])
t.ok(s.get("gain") == 0 and s.get("lose", 0) >= 1 and s["pass_new"] == s["pass_base"] - s["lose"],
     "a higher pass score only loses firms (%s lost)" % s.get("lose"))
t.ok(sum(x["lose"] for x in s["by_district"]) == s["lose"] and sum(x["firms"] for x in s["by_district"]) == s["firms"],
     "district totals add up")
t.ok(sum(x["lose"] for x in s["by_industry"]) == s["lose"], "industry totals add up")
t.ok(all(c["change"] == "lose" and c["base"] == "pass" and c["new"] != "pass" for c in s["changed"]),
     "each changed firm went from pass to not pass")
t.diag("simulate over %d firms: %.1f ms on the server" % (s["firms"], s["elapsed_ms"]))
rc, out, err = cli("simulate", "--criteria", strict_path, "--base", "srdi-2022", "--year", "2025",
                   "--format", "json")
c_sim = json.loads(out) if rc == 0 else {}
for k in ("firms", "pass_base", "pass_new", "gain", "lose", "by_district", "by_industry"):
    t.eq(s.get(k), c_sim.get(k), "simulate agrees with the CLI: %s" % k)
t.eq([c["uscc"] for c in s["changed"]], [c["uscc"] for c in c_sim.get("changed", [])],
     "and lists the same firms")
r = city.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "criteria": strict, "year": 2025})
t.ok(r.status_code == 200 and r.json()["lose"] == s["lose"] and r.json()["criteria"] == "rule.zc",
     "rule text may also be given as criteria (more than one line)")
r = city.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "criteria": "innovative-2022"})
s2 = r.json()
t.ok(r.status_code == 200 and s2["gain"] > 0 and s2["year"] == 2025,
     "built-in against built-in; year omitted = the latest year with figures")
gains = [c for c in s2["changed"] if c["change"] == "gain"]
t.ok(s2["changed"][:len(gains)] == gains, "gains listed first")
r = dist.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "text": strict, "year": 2025})
ds = r.json()
n_dist = len(firms(dist))
t.ok(r.status_code == 200 and ds["firms"] == n_dist and sum(x["firms"] for x in ds["by_district"]) == n_dist,
     "district user: simulate over its own district only (%d firms, zones inside it included)" % n_dist,
     r.text[:300])
t.ok(all(in_scope(city.get(V1 + "/enterprises/" + c["uscc"]).json(), "500106") for c in ds["changed"]),
     "and lists only its firms")
r = dist.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "text": strict, "district": "500101"})
t.ok(r.status_code == 200 and r.json()["firms"] == 0, "asking for another district finds nothing")
r = city.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "text": strict, "district": "沙坪坝区"})
t.eq(r.json().get("firms"), n_dist, "city filters by district name as lists do")
r = city.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "text": bad, "name": "mine.zc"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/text" and "mine.zc:%d:%d" % (line, col) in r.json()["detail"],
     "rule text that does not compile: 400 on /text with FILE:LINE:COL")
r = city.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "criteria": "srdi-2022", "text": strict})
t.ok(is_problem(r, 400), "criteria and text together: 400")
r = city.post(V1 + "/criteria/simulate", json={"base": "nonesuch", "criteria": "srdi-2022"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/base", "unknown base: 400 on /base")
r = city.post(V1 + "/criteria/simulate", json={"criteria": "srdi-2022"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/base", "base is required")
for c in (viewer, firm, expert):
    t.eq(c.post(V1 + "/criteria/simulate", json={"base": "srdi-2022", "criteria": "srdi-2022"}).status_code,
         403, "%s may not simulate" % c.user["role"])

# ---- gaps ----
r = city.get(V1 + "/criteria/srdi-2022/gaps", params={"year": 2025, "top": 8})
g = r.json()
rc, out, _ = cli("gaps", "--criteria", "srdi-2022", "--year", "2025", "--top", "8", "--format", "json")
t.ok(r.status_code == 200 and len(g["items"]) == 8 and g["criteria"] == "srdi-2022", "gaps: top 8")
t.eq(g["items"], json.loads(out) if rc == 0 else None, "the same firms and lacks as `zjtx gaps`")
keys = [(x["unmet"], -x["score"], x["unknown"], x["uscc"]) for x in g["items"]]
t.eq(keys, sorted(keys), "closest first: unmet, then score, then unknowns")
t.ok(all(x["verdict"] != "pass" and (x["lacks"] or x["unknown"]) for x in g["items"]),
     "each lacks something, and says what")
# (items name the reporting unit: the zone of a firm inside one)
r = dist.get(V1 + "/criteria/srdi-2022/gaps", params={"top": 200})
t.ok(r.status_code == 200 and r.json()["items"]
     and all(in_scope(city.get(V1 + "/enterprises/" + x["uscc"]).json(), "500106") for x in r.json()["items"]),
     "district user: gaps of its district only")
r = lj.get(V1 + "/criteria/srdi-2022/gaps", params={"top": 200})
t.ok(r.status_code == 200 and r.json()["items"]
     and all(in_scope(city.get(V1 + "/enterprises/" + x["uscc"]).json(), "5001LJ") for x in r.json()["items"]),
     "zone user: gaps of its zone only")
r = city.get(V1 + "/criteria/srdi-2022/gaps", params={"top": 0})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "top", "top 0: 400 on top")
t.eq(city.get(V1 + "/criteria/nonesuch/gaps").status_code, 404, "gaps of an unknown criteria: 404")
t.eq(viewer.get(V1 + "/criteria/srdi-2022/gaps").status_code, 403, "viewer: 403 (city and districts only)")
t.eq(firm.get(V1 + "/criteria/srdi-2022/gaps").status_code, 403, "enterprise: 403")

# ---- the evaluations export ----
r = city.get(V1 + "/criteria/srdi-2022/evaluations.csv", params={"district": "500106", "year": 2025})
rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
t.ok(r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
     and "attachment" in r.headers.get("Content-Disposition", ""), "evaluations.csv: an attachment")
t.eq(rows[0][:9], ["统一社会信用代码", "企业名称", "区县", "国民经济行业", "评价标准", "评价年度", "结论", "评分", "满分"],
     "the header")
t.eq(rows[0][9:], ["专业化(满分25分)", "精细化(满分25分)", "特色化(满分15分)", "创新能力(满分35分)",
                   "未满足的基本条件", "评分差距", "满足的直通条件", "缺少数据"], "one column per group, then the gaps")
t.eq(len(rows) - 1, n_dist, "one row per firm of the district")
rc, out, _ = cli("evaluate", "--criteria", "srdi-2022", "--district", "500106", "--year", "2025", "--format", "csv")
t.eq(rows, list(csv.reader(io.StringIO(out))), "the same rows as `zjtx evaluate --format csv`")
by_uscc = {x[0]: x for x in rows[1:]}
t.ok(by_uscc.get(in_district, [None] * 7)[6] == want.get("verdict_label"), "the firm's verdict as in its evaluation")
r = dist.get(V1 + "/criteria/srdi-2022/evaluations.csv")
drows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
t.eq(len(drows) - 1, n_dist, "district user: its firms only")
r = firm.get(V1 + "/criteria/srdi-2022/evaluations.csv")
frows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
t.ok(len(frows) == 2 and frows[1][0] == OWN, "enterprise user: its own row only")
t.eq(viewer.get(V1 + "/criteria/srdi-2022/evaluations.csv").status_code, 200, "viewer may export")
r = city.get(V1 + "/criteria/srdi-2022/evaluations.xlsx", params={"district": "500106", "year": 2025})
t.ok(r.status_code == 200 and r.headers["Content-Type"].startswith("application/vnd.openxmlformats"),
     "evaluations.xlsx")
wb = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
t.eq(wb.sheetnames, ["评价结果", "评价说明", "评价表"], "sheets: results, explanations, worksheets")
res = list(wb["评价结果"].iter_rows(values_only=True))
t.eq(len(res) - 1, n_dist, "results: one row per firm")
t.eq([str(v) if v is not None else "" for v in res[1]], [str(int(float(v))) if v.replace(".", "").isdigit() else v for v in rows[1]],
     "the first row as in the CSV (numbers as numbers)")
exp = list(wb["评价说明"].iter_rows(values_only=True))
mine = [x for x in exp[1:] if x[0] == in_district]
t.ok(len(mine) == 4 + 4 + 14 + 4 + 4, "explanations: 4 requirements, 4 groups, 14 indicators, 4 routes, 4 reviews per firm",
     len(mine))
ws = list(wb["评价表"].iter_rows(values_only=True))
t.ok(any(x[0] == in_district and x[3] == want["text"] for x in ws[1:]), "worksheets: each firm's worksheet text")
t.eq(city.get(V1 + "/criteria/nonesuch/evaluations.xlsx").status_code, 404, "unknown criteria: 404")
t.eq(expert.get(V1 + "/criteria/srdi-2022/evaluations.csv").status_code, 403, "expert: 403")

t.ok(srv.alive(), "server still up")
t.done()
