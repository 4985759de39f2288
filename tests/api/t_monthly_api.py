#!/usr/bin/python3
"""Black-box: the monthly-monitoring API against a real `zjtx serve` on a demo
database (300 firms, monthly reports up to 2026-10), its business date pinned
with --today 2026-12-05 (so 2026-11 may be filed and 2026-10 is the latest
closed period). Every route: filing with all findings at once and
confirmations, corrections that keep versions, the firm's series (当月, 同比
worked from its own items), completeness and the 催报 list in scope,
warnings and re-review requests, the analysis, the 通报, trends, exports,
bulk upload all-or-nothing (CSV and XLSX), settings, the template."""
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
srv = Server(firms=300, serve_args=("--today", "2026-12-05"))
V1 = "/api/v1"
M = V1 + "/monthly"
city = srv.client("city")
dist = srv.client("district")   # 沙坪坝区 500106
firm = srv.client("firm")
viewer = srv.client("viewer")
auditor = srv.client("auditor")
OWN = srv.accounts["firm"]["uscc"]


def firm_of(uscc):
    return city.get(V1 + "/enterprises/" + uscc).json()


def in_500106(uscc):
    f = firm_of(uscc)
    return f["district"] == "500106" or f["zone"] == "500106"


def csv_rows(r):
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def xlsx_rows(r, sheet=0):
    wb = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    return wb.sheetnames, [list(x) for x in ws.iter_rows(values_only=True)]


def codes(r):
    return sorted(f["code"] for f in r.json().get("findings", []))


# ---- completeness ----
r = city.get(M + "/completeness")
c = r.json()
t.ok(r.status_code == 200 and c["period"] == "2026-10" and c["as_of"] == "2026-12-05"
     and c["deadline"] == "2026-11-10" and c["closed"], "completeness: latest closed period 2026-10")
cc = c["city"]
t.eq(sum(u["expected"] for u in c["units"]), cc["expected"], "units add up to the city (expected)")
t.ok(cc["filed"] + cc["missing"] == cc["expected"] and cc["on_time"] + cc["late"] == cc["filed"],
     "expected = filed + missing; filed = on time + late")
t.eq(cc["rate_pct"], round(100.0 * cc["filed"] / cc["expected"], 2), "rate = filed / expected")
t.eq(len(c["missing"]), cc["missing"], "every missing firm is listed")
ranks = [u["rank"] for u in c["units"]]
rates = [u["filed"] / u["expected"] for u in c["units"]]
t.ok(ranks[0] == 1 and all(a >= b for a, b in zip(rates, rates[1:])), "units ranked by rate")
cli = srv.run("--today", "2026-12-05", "completeness", "--period", "2026-10", "--format", "json")
t.eq(json.loads(cli.stdout)["city"]["filed"], cc["filed"], "the API agrees with zjtx completeness")
r = city.get(M + "/completeness", params={"period": "2026-10", "as_of": "2026-11-05"})
t.ok(r.json()["closed"] is False and r.json()["city"]["late"] == 0,
     "as of 11-05 (before the deadline) nothing is late")
r = city.get(M + "/completeness", params={"period": "2026-01"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "period",
     "January (filed as 1—2月) is not a period of its own: 400 on period")
t.ok(is_problem(city.get(M + "/completeness", params={"period": "2026-13"}), 400), "bad period: 400")

d = dist.get(M + "/completeness").json()
t.ok(d["scope"] == {"unit": "500106", "name": "沙坪坝区"} and d["city"]["name"] == "沙坪坝区",
     "a district user's completeness is its own (scope named)")
t.eq(sum(u["expected"] for u in d["units"]), d["city"]["expected"], "its units add up to its total")
t.ok(0 < d["city"]["expected"] < cc["expected"], "fewer firms than the city")
t.ok(all(in_500106(m["uscc"]) for m in d["missing"]), "its missing firms are all its own")
by_unit = {u["unit"]: u for u in c["units"]}
t.ok(all(u["expected"] <= by_unit[u["unit"]]["expected"] for u in d["units"]),
     "each of its units holds at most the city's count of that unit")
t.eq(firm.get(M + "/completeness").status_code, 403, "an enterprise user has no completeness view")
t.eq(viewer.get(M + "/completeness").status_code, 200, "the viewer has")

# files of completeness and the 催报 list
rows = csv_rows(city.get(M + "/completeness.csv"))
t.ok(rows[0][:3] == ["排名", "区县(功能区)", "应报(家)"] and rows[-1][1] == "全市"
     and int(rows[-1][3]) == cc["filed"], "completeness.csv: ranking, the city last")
names, xr = xlsx_rows(city.get(M + "/completeness.xlsx"))
t.ok(names == ["报送情况", "未报送企业"] and len(xr) == len(c["units"]) + 2,
     "completeness.xlsx: ranking and missing sheets")
r = city.get(M + "/missing.csv")
rows = csv_rows(r)
t.ok(rows[0] == ["报告期", "截止日期", "区县(功能区)", "统一社会信用代码", "企业名称", "联系人", "联系电话"]
     and len(rows) - 1 == cc["missing"] and "attachment" in r.headers["Content-Disposition"],
     "missing.csv: the 催报 list with contact and phone, one row per missing firm")
if len(rows) > 1:
    one = firm_of(rows[1][3])
    t.eq(rows[1][5:], [one["contact"], one["phone"]], "city sees the contact and phone")
    vrows = csv_rows(viewer.get(M + "/missing.csv"))
    t.ok(vrows[1][5].endswith("**") and "****" in vrows[1][6], "the viewer's list is masked", vrows[1])
    unit = rows[1][2]
    code = [m for m in c["missing"] if m["uscc"] == rows[1][3]][0]["unit"]
    part = csv_rows(city.get(M + "/missing.csv", params={"district": code}))
    t.ok(len(part) > 1 and all(x[2] == unit for x in part[1:]), "district= narrows the list")
names, xr = xlsx_rows(dist.get(M + "/missing.xlsx"))
t.ok(names == ["催报名单"] and len(xr) - 1 == d["city"]["missing"], "missing.xlsx for the district")

# ---- filing: a unit slip raises a warning that must be confirmed ----
series = firm.get(M + "/reports/" + OWN).json()
t.ok(series["uscc"] == OWN and series["latest_period"] == "2026-11"
     and series["latest_deadline"] == "2026-12-10", "the firm's series names the period due next")
last = series["items"][-1]
t.eq(last["period"], "2026-10", "its last report is 2026-10")
t.ok(firm.get(M + "/reports/" + OWN + "/2026-11").json()["report"] is None, "2026-11 not filed yet")
slip = round(last["revenue_ytd"] * 1.08 * 10000, 2)   # typed in 元 instead of 万元
body = {"uscc": OWN, "period": "2026-11", "revenue_ytd": slip, "profit_ytd": last["profit_ytd"],
        "employees": last["employees"], "orders_note": "订单平稳"}
r = firm.post(M + "/reports", json=body)
f = r.json()
t.ok(is_problem(r, 409) and f["type"] == "urn:zjtx:problem:conflict", "a unit slip: 409 problem",
     r.text[:300])
w = [x for x in f["findings"] if x["code"] == "unit_slip.revenue_ytd"]
t.ok(w and w[0]["severity"] == "warning" and w[0]["field"] == "revenue_ytd"
     and w[0]["unit_slip"]["factor"] == 10000 and w[0]["confirmed"] is False,
     "finding unit_slip.revenue_ytd, factor 10000, on revenue_ytd", f["findings"])
t.ok(w and w[0]["unit_slip"]["likely_unit"] == "元", "names the unit that fits (元)", w)
t.ok(any(e["field"] == "/revenue_ytd" for e in f["errors"]), "and as a field error")
t.ok(firm.get(M + "/reports/" + OWN + "/2026-11").json()["report"] is None, "nothing stored")
r = firm.post(M + "/reports?dry_run=1", json=body)
t.ok(r.status_code == 200 and r.json()["ok"] is False and r.json()["unconfirmed"] == len(f["findings"]),
     "dry_run: the same findings, 200, nothing stored")
wrong = dict(body, confirm=[{"code": "margin", "reason": "不相干"}])
t.eq(firm.post(M + "/reports", json=wrong).status_code, 409, "confirming another code does not help")
blank = dict(body, confirm=[{"code": "unit_slip.revenue_ytd", "reason": "  "}])
r = firm.post(M + "/reports", json=blank)
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/confirm/0/reason",
     "a blank reason: 400 on /confirm/0/reason")
ok_body = dict(body, confirm=[{"code": x["code"], "reason": "本月确有大额订单,已核实"}
                              for x in f["findings"] if x["severity"] == "warning"])
r = firm.post(M + "/reports", json=ok_body)
j = r.json()
t.ok(r.status_code == 201 and j["report"]["version"] == 1 and j["on_time"] is True
     and r.headers["Location"].endswith("/monthly/reports/%s/2026-11" % OWN),
     "confirmed: 201, version 1, on time, Location", r.text[:300])
t.ok(all(x["confirmed"] for x in j["findings"] if x["severity"] == "warning"),
     "the answer lists the warnings as confirmed")
t.eq(j["report"]["revenue_ytd"], slip, "the value is stored exactly (万元)")
one = firm.get(M + "/reports/%s/2026-11" % OWN).json()
t.ok(one["deadline"] == "2026-12-10" and one["report"]["filed_by"] == "firm"
     and [x["code"] for x in one["confirmations"]] == [x["code"] for x in ok_body["confirm"]]
     and one["confirmations"][0]["reason"] == "本月确有大额订单,已核实",
     "GET one: the report and its confirmations with the reason")
aud = auditor.get(V1 + "/audit", params={"entity": "monthly_report", "id": OWN + "/2026-11"}).json()
t.ok(any(e["action"] == "monthly.file" and e["actor"] == "firm" for e in aud["items"]),
     "audited as monthly.file")

# errors: every finding at once
bad = {"uscc": OWN, "period": "2026-11", "revenue_ytd": "abc", "tax_ytd": -5, "employees": 10}
r = firm.post(M + "/reports", json=bad)
t.ok(is_problem(r, 422), "errors: 422 problem", r.text[:300])
got = codes(r)
t.ok("not_numeric" in got and "negative" in got and "duplicate" in got,
     "not numeric, negative and duplicate reported together", got)
r = firm.post(M + "/reports", json={"uscc": OWN, "period": "2027-01", "revenue_ytd": 1})
t.ok(r.status_code == 422 and "future_period" in codes(r), "a future period: 422 future_period")
r = firm.post(M + "/reports", json={"uscc": OWN, "period": "2026-11", "revenue": 1})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/revenue", "unknown key: 400")
r = firm.post(M + "/reports", json={"period": "2026-11", "revenue_ytd": 1})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/uscc", "missing uscc: 400")
r = firm.post(M + "/reports", json={"uscc": OWN, "period": "2026-11", "revenue_ytd": 1, "unit": "美元"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/unit", "unknown unit: 400")
others = city.get(V1 + "/enterprises", params={"district": "500101", "page_size": 5}).json()["items"]
foreign = others[0]["uscc"]
t.eq(firm.post(M + "/reports", json={"uscc": foreign, "period": "2026-11", "revenue_ytd": 1}).status_code,
     404, "a firm files only its own firm (404)")
t.eq(dist.post(M + "/reports", json={"uscc": foreign, "period": "2026-11", "revenue_ytd": 1}).status_code,
     404, "a district only its own firms (404)")
t.eq(viewer.post(M + "/reports", json={"uscc": OWN, "period": "2026-11"}).status_code, 403,
     "the viewer files nothing (403)")

# a district files for a firm of its own, in 元
mine = [m for m in dist.get(V1 + "/enterprises", params={"page_size": 200}).json()["items"]
        if m["uscc"] != OWN and m["tier"]]
target = None
for m in mine:
    s = dist.get(M + "/reports/" + m["uscc"]).json()
    if s["items"] and s["items"][-1]["period"] == "2026-10":
        target, tl = m["uscc"], s["items"][-1]
        break
t.ok(target is not None, "a firm of 沙坪坝 with a 2026-10 report")
yuan = {"uscc": target, "period": "2026-11", "unit": "元", "revenue_ytd": int(tl["revenue_ytd"] * 1.09 * 10000),
        "profit_ytd": str(int(tl["profit_ytd"] * 1.05 * 10000)), "employees": tl["employees"]}
r = dist.post(M + "/reports", json=yuan)
if r.status_code == 409:
    yuan["confirm"] = [{"code": x["code"], "reason": "区县核实"} for x in r.json()["findings"]]
    r = dist.post(M + "/reports", json=yuan)
t.ok(r.status_code == 201 and abs(r.json()["report"]["revenue_ytd"] - tl["revenue_ytd"] * 1.09) < 0.01,
     "a district user files for its firm; 元 are stored as 万元", r.text[:300])

# ---- corrections keep versions ----
base = M + "/reports/%s/2026-11" % OWN
good = {"revenue_ytd": round(slip / 10000, 2), "profit_ytd": last["profit_ytd"],
        "employees": last["employees"], "orders_note": "订单平稳"}
r = firm.put(base, json=good)
t.ok(r.status_code == 422 and "no_reason" in codes(r), "a correction without a reason: 422 no_reason")
r = firm.put(base, json=dict(good, reason="单位填错,应为万元"))
t.ok(r.status_code == 200 and r.json()["version"] == 2 and r.json()["report"]["revenue_ytd"] == good["revenue_ytd"],
     "corrected with a reason: version 2", r.text[:300])
r = firm.put(base, json=dict(good, reason="再次提交"))
t.ok(r.status_code == 422 and "unchanged" in codes(r), "a correction that changes nothing: 422 unchanged")
r = firm.put(base, json=dict(good, employees=good["employees"] + 1, reason="人数更正"))
t.eq(r.json().get("version"), 3, "a second correction: version 3")
v = firm.get(base + "/versions").json()
t.ok(v["current"]["version"] == 3 and [x["version"] for x in v["versions"]] == [1, 2],
     "versions: current 3, earlier 1 and 2 kept")
t.ok(v["versions"][0]["revenue_ytd"] == slip and v["versions"][0]["reason"] == "单位填错,应为万元"
     and v["versions"][0]["replaced_by"] == "firm", "version 1 keeps its values, who replaced it and why")
t.ok(any(x["version"] == 1 for x in v["confirmations"]), "the confirmations of version 1 are kept")
r = firm.put(M + "/reports/%s/2026-12" % OWN, json=dict(good, reason="x"))
t.ok(r.status_code == 422 and "not_filed" in codes(r), "correcting an unfiled period: 422 not_filed")
t.eq(firm.put(M + "/reports/%s/2026-10" % foreign, json=dict(good, reason="x")).status_code, 404,
     "correcting another firm's report: 404")
t.eq(dist.get(M + "/reports/%s/2026-10/versions" % foreign).status_code, 404,
     "another district's versions: 404")

# ---- the series: 当月 and 同比 from the firm's own items ----
s = city.get(M + "/reports/" + OWN, params={"from": "2025-09", "to": "2026-10"}).json()
by = {x["period"]: x for x in s["items"]}
t.ok(s["from"] == "2025-09" and min(by) >= "2025-09" and max(by) <= "2026-10", "from/to respected")
if "2026-10" in by and "2026-09" in by:
    want = round(by["2026-10"]["revenue_ytd"] - by["2026-09"]["revenue_ytd"], 2)
    t.ok(abs(by["2026-10"]["month"]["revenue_ytd"] - want) < 0.005, "当月 = cum(10) − cum(9)")
if "2026-10" in by and "2025-10" in by:
    want = round((by["2026-10"]["revenue_ytd"] / by["2025-10"]["revenue_ytd"] - 1) * 100, 2)
    t.eq(by["2026-10"]["yoy_pct"]["revenue_ytd"], want, "同比 = cum(2026-10) / cum(2025-10) − 1")
if "2026-02" in by:
    t.eq(by["2026-02"]["month"]["revenue_ytd"], by["2026-02"]["revenue_ytd"],
         "1—2月: the single month is the year-to-date value")
t.ok(isinstance(s["warnings"], list) and isinstance(s["rereviews"], list), "with warnings and re-reviews")
t.ok(is_problem(city.get(M + "/reports/" + OWN, params={"from": "2026-10", "to": "2026-01"}), 400),
     "from after to: 400")

# ---- warnings and re-review requests ----
wa = city.get(M + "/warnings").json()
t.ok(wa["period"] == "2026-10" and wa["firms"] > 0 and len(wa["rules"]) == 5, "warnings at 2026-10")
t.eq(sum(u["firms"] for u in wa["units"]), wa["firms"], "firms per unit add up")
t.eq(sum(wa["by_rule"].values()), len(wa["items"]), "one item per firm and rule")
ls = city.get(M + "/warnings", params={"rule": "loss_streak"}).json()
t.ok(ls["items"] and all(x["rule"] == "loss_streak" for x in ls["items"])
     and len(ls["items"]) == wa["by_rule"]["loss_streak"], "rule= filters")
dw = dist.get(M + "/warnings").json()
t.ok(all(in_500106(x["uscc"]) for x in dw["items"]) and dw["firms"] <= wa["firms"],
     "a district user sees its own firms' warnings only")
t.eq(firm.get(M + "/warnings").status_code, 403, "an enterprise user has no warnings list")
sm = city.get(M + "/warnings", params={"items": 0}).json()
t.ok(sm["items"] == [] and sm["by_rule"] == wa["by_rule"] and sm["units"] == wa["units"],
     "items=0: the same counts without the list (the dashboard)")
t.ok(is_problem(city.get(M + "/warnings", params={"rule": "nope"}), 400), "unknown rule: 400")
hit = ls["items"][0]
path = M + "/warnings/%s/loss_streak/rereview" % hit["uscc"]
r = city.post(path, json={})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/reason", "a re-review needs a reason")
r = city.post(path, json={"reason": "连续亏损,启动复核"})
rr = r.json()
t.ok(r.status_code == 201 and rr["status"] == "open" and rr["uscc"] == hit["uscc"]
     and rr["started_period"] == hit["started_period"], "re-review opened (201, open)", r.text[:300])
t.eq(city.post(path, json={"reason": "again"}).status_code, 409, "a second one for the same warning: 409")
quiet = [x for x in wa["items"] if x["uscc"] not in {y["uscc"] for y in ls["items"]}]
if quiet:
    t.eq(city.post(M + "/warnings/%s/loss_streak/rereview" % quiet[0]["uscc"],
                   json={"reason": "x"}).status_code, 404, "no such active warning: 404")
if not in_500106(hit["uscc"]):
    t.eq(dist.post(path, json={"reason": "x"}).status_code, 404, "another district's firm: 404")
t.eq(viewer.post(path, json={"reason": "x"}).status_code, 403, "the viewer opens nothing (403)")
t.eq(city.post(M + "/warnings/%s/nope/rereview" % hit["uscc"], json={"reason": "x"}).status_code, 404,
     "an unknown rule: 404")
req = city.get(M + "/rereviews").json()["items"]
t.ok(any(x["id"] == rr["id"] and x["name"] for x in req), "listed among the open requests")
t.ok(all(in_500106(x["uscc"]) for x in dist.get(M + "/rereviews").json()["items"]),
     "a district user lists its own firms' requests only")
w2 = city.get(M + "/warnings", params={"uscc": hit["uscc"], "rule": "loss_streak"}).json()
t.eq(w2["items"][0]["rereview_id"], rr["id"], "the warning now points at its request")

# ---- analysis and 通报 ----
a = city.get(M + "/analysis").json()
t.ok(a["period"] == "2026-10" and a["narrative"].startswith("1—10月") and a["by"] == "district",
     "analysis: 1—10月, by district")
tot = round(sum(g["revenue_ytd"]["total"] for g in a["groups"]), 2)
t.ok(abs(tot - a["city"]["revenue_ytd"]["total"]) < 0.01, "groups add up to the city (revenue)")
rv = a["city"]["revenue_ytd"]
t.eq(rv["yoy_pct"], round((rv["yoy_current"] / rv["yoy_previous"] - 1) * 100, 2),
     "同比 = like-for-like current / previous − 1 (each key its own)")
pv = a["city"]["profit_ytd"]
t.eq(pv["yoy_pct"], round((pv["yoy_current"] / pv["yoy_previous"] - 1) * 100, 2), "the same for profit")
tr = city.get(M + "/trends").json()
t.ok(tr["items"][-1]["period"] == "2026-10" and len(tr["items"]) <= 13
     and abs(tr["items"][-1]["revenue_ytd"] - a["city"]["revenue_ytd"]["total"]) < 0.01,
     "trends end at 2026-10 with the analysis' total")
t.eq(tr["items"][-1]["revenue_yoy_pct"], a["city"]["revenue_ytd"]["yoy_pct"], "and its 同比")
dtr = dist.get(M + "/trends").json()
t.ok(dtr["unit"] == "500106" and dtr["name"] == "沙坪坝区", "a district user's trends are its unit's")
t.eq(city.get(M + "/trends", params={"months": 99}).status_code, 400, "months 1-36")
t.ok(city.get(M + "/analysis", params={"by": "tier"}).json()["by"] == "tier", "by tier")
r = city.get(M + "/analysis", params={"format": "csv", "by": "industry"})
t.ok(r.status_code == 200 and csv_rows(r)[0][:3] == ["分组代码", "分组", "报送企业数"], "analysis CSV")
r = city.get(M + "/analysis", params={"format": "html"})
t.ok(r.headers["Content-Type"].startswith("text/html") and "<svg" in r.text and "1—10月" in r.text,
     "analysis HTML: printable, with charts")
r = city.get(M + "/analysis", params={"format": "html", "download": 1})
t.ok("attachment" in r.headers.get("Content-Disposition", ""), "download=1: an attachment")
names, xr = xlsx_rows(city.get(M + "/analysis", params={"format": "xlsx"}))
t.ok(names == ["分析", "月度走势"] and xr[1][1] == "全市", "analysis XLSX")
t.eq(dist.get(M + "/analysis").status_code, 403, "the analysis is city-wide: a district user 403")
t.eq(viewer.get(M + "/analysis").status_code, 200, "the viewer reads it")
r = city.get(M + "/notice")
t.ok(r.headers["Content-Type"].startswith("text/markdown") and "通报" in r.text, "通报 draft (Markdown)")
r = city.get(M + "/notice", params={"format": "html"})
t.ok(r.headers["Content-Type"].startswith("text/html") and "<h1" in r.text, "通报 draft (HTML)")
rows = csv_rows(city.get(M + "/notice", params={"format": "csv", "threshold": 99}))
t.ok(rows[0][-2:] == ["低于阈值", "近期未达标次数"]
     and all((x[9] == "是") == (float(x[7]) < 99) for x in rows[1:-1]),
     "通报表: 低于阈值 exactly when the rate is under the threshold (99%)")
names, _ = xlsx_rows(city.get(M + "/notice", params={"format": "xlsx"}))
t.eq(names, ["报送排名", "连续未达标", "未报送企业"], "通报附表 XLSX")
t.eq(dist.get(M + "/notice").status_code, 403, "the 通报 is the city's: a district user 403")

# ---- exports ----
rows = csv_rows(dist.get(M + "/reports.csv", params={"from": "2026-10", "to": "2026-11"}))
t.ok(len(rows) > 1 and all(in_500106(x[0]) for x in rows[1:20]) and {x[2] for x in rows[1:]} <= {"2026-10", "2026-11"},
     "reports.csv: a district exports its own firms, within from/to")
rows = csv_rows(firm.get(M + "/reports.csv"))
t.ok(len(rows) > 1 and {x[0] for x in rows[1:]} == {OWN}, "a firm exports its own reports only")
t.eq(firm.get(M + "/reports.csv", params={"uscc": foreign}).status_code, 404,
     "and cannot name another firm (404)")
names, xr = xlsx_rows(city.get(M + "/reports.xlsx", params={"uscc": OWN}))
t.ok(names == ["月度数据"] and xr[0][3] == "营业收入(累计)(万元)" and {x[0] for x in xr[1:]} == {OWN},
     "reports.xlsx of one firm, import headers")

# ---- bulk upload: all or nothing ----
miss = c["missing"]
t.ok(len(miss) >= 2, "the demo has firms that did not file 2026-10")
head = "统一社会信用代码,报告期,营业收入(累计),利润总额(累计),从业人员期末人数\n"
bad = head + "%s,2026-10,1200,60,40\n%s,2026-10,abc,10,40\n" % (miss[0]["uscc"], miss[1]["uscc"])
r = city.post(V1 + "/imports/monthly", files={"file": ("m.csv", bad.encode(), "text/csv")})
j = r.json()
t.ok(r.status_code == 422 and not j["committed"] and j["error_count"] >= 1, "a bad row: 422, nothing written")
t.ok(any(x["line"] == 3 and x["column"] == "营业收入(累计)" and x["value"] == "abc" for x in j["items"]),
     "the row error names line 3, the column and the value")
t.ok(city.get(M + "/reports/%s/2026-10" % miss[0]["uscc"]).json()["report"] is None,
     "the good row was not written either")
good_rows = head + "".join("%s,2026-10,%d,%d,%d\n" % (m["uscc"], 1000 + i, 50, 30) for i, m in enumerate(miss[:2]))
r = city.post(V1 + "/imports/monthly", files={"file": ("m.csv", good_rows.encode(), "text/csv")})
j = r.json()
if r.status_code == 409:
    t.ok(j["error_count"] == 0 and j["warning_count"] > 0 and all(x["warning"] for x in j["items"]),
         "warnings only: 409, each listed as a warning")
    r = city.post(V1 + "/imports/monthly", params={"confirm_warnings": "已电话核实"},
                  files={"file": ("m.csv", good_rows.encode(), "text/csv")})
    j = r.json()
    t.ok(all(x["accepted"] for x in j["items"]), "confirmed with a reason: listed as accepted")
t.ok(r.status_code == 200 and j["committed"] and j["created"] == 2, "committed: 2 reports created", r.text[:300])
t.ok(city.get(M + "/reports/%s/2026-10" % miss[0]["uscc"]).json()["report"]["revenue_ytd"] == 1000,
     "the report is there")
r = city.post(V1 + "/imports/monthly", params={"confirm_warnings": "已核实"},
              files={"file": ("m.csv", good_rows.encode(), "text/csv")})
t.ok(r.status_code == 200 and r.json()["unchanged"] == 2 and r.json()["created"] == 0,
     "uploading the same file again changes nothing (2 unchanged)")
aud = auditor.get(V1 + "/audit", params={"entity": "import", "id": "m.csv"}).json()
t.ok(any(e["action"] == "import.monthly" for e in aud["items"]), "the upload is audited (import.monthly)")
# XLSX, dry run
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "月度数据"
ws.append(["统一社会信用代码", "报告期", "营业收入(累计)(万元)", "从业人员期末人数"])
rest = miss[2:4] if len(miss) >= 4 else miss[:0]
for m in rest:
    ws.append([m["uscc"], "2026-10", 800.5, 20])
buf = io.BytesIO()
wb.save(buf)
r = city.post(V1 + "/imports/monthly", params={"dry_run": 1, "confirm_warnings": "核实"},
              files={"file": ("m.xlsx", buf.getvalue(), "application/octet-stream")})
j = r.json()
t.ok(r.status_code == 200 and j["dry_run"] and not j["committed"] and j["encoding"] == "XLSX"
     and "月度数据" in j["sheet"], "an XLSX upload, dry run: 200, not committed", r.text[:300])
if rest:
    t.ok(city.get(M + "/reports/%s/2026-10" % rest[0]["uscc"]).json()["report"] is None,
         "the dry run wrote nothing")
r = dist.post(V1 + "/imports/monthly", params={"dry_run": 1},
              files={"file": ("x.csv", (head + "%s,2026-11,1,1,1\n" % foreign).encode(), "text/csv")})
t.ok(r.status_code == 422 and r.json()["items"][0]["code"] == "unknown_firm",
     "a district's upload of another district's firm: the row reads as an unknown firm")
t.eq(firm.post(V1 + "/imports/monthly", files={"file": ("x.csv", b"a\n", "text/csv")}).status_code, 403,
     "an enterprise user uploads no files (403)")
r = city.post(V1 + "/imports/monthly", files={"file": ("x.xls", b"\xd0\xcf\x11\xe0", "application/vnd.ms-excel")})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "file", "old .xls: 400 on file")
r = city.get(V1 + "/templates/monthly")
names, xr = xlsx_rows(r)
t.ok(r.status_code == 200 and names[0] == "月度数据" and xr[0][:3] == ["统一社会信用代码", "企业名称", "报告期"]
     and "填写说明" in names, "the monthly template")

# ---- settings ----
st = firm.get(M + "/settings").json()
t.ok(st["deadline_day"] == 10 and st["combine_jan_feb"] is True and "deadline_day" in st["labels"],
     "settings are readable by a firm")
t.eq(dist.put(M + "/settings", json={"deadline_day": 12}).status_code, 403, "only the city changes them")
r = city.put(M + "/settings", json={"deadline_day": 12, "notice_threshold_bp": 200000})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/notice_threshold_bp"
     and city.get(M + "/settings").json()["deadline_day"] == 10, "a bad value: 400 and nothing changed")
r = city.put(M + "/settings", json={"deadline_day": 12})
t.ok(r.status_code == 200 and r.json()["deadline_day"] == 12
     and city.get(M + "/completeness").json()["deadline"] == "2026-11-12", "the deadline moves to the 12th")
city.put(M + "/settings", json={"deadline_day": 10})

t.ok(srv.alive(), "server still up")
srv.stop()
t.done()
