#!/usr/bin/python3
"""Black-box: every endpoint of the HTTP API v1 against a real `zjtx serve`
on 127.0.0.1:0 with a temporary demo database (300 firms): answers, shapes,
validation errors as problem+json with field pointers, and the audit entry
each write leaves."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, make_uscc  # noqa: E402
from zjtxapi import Server, is_problem  # noqa: E402

import openpyxl  # noqa: E402

t = T()
srv = Server(firms=300)
V1 = "/api/v1"

# ---- operations ----
anon = srv.anon()
r = anon.get("/healthz")
t.eq((r.status_code, r.json()), (200, {"status": "ok"}), "GET /healthz is public")
t.eq(anon.get("/metrics").status_code, 401, "GET /metrics needs a sign-in")
admin = srv.client("admin")
r = admin.get("/metrics")
t.ok(r.status_code == 200 and "zjtx_http_requests_total" in r.text, "admin reads /metrics")
r = anon.get(V1 + "/openapi.json")
t.ok(r.status_code == 200 and r.json().get("openapi", "").startswith("3.1"),
     "GET /api/v1/openapi.json is public and OpenAPI 3.1")

# ---- session ----
r = anon.get(V1 + "/session")
t.eq((r.status_code, r.json()), (200, {"user": None, "csrf_token": None}),
     "GET /session signed out: 200 {user: null}")
r = anon.post(V1 + "/session", json={"username": "city", "password": "Wrong-pass-1"})
t.ok(is_problem(r, 401) and "用户名或密码错误" in r.json()["detail"], "wrong password: 401 problem")
r = anon.post(V1 + "/session", json={"username": "nobody", "password": "Wrong-pass-1"})
t.ok(is_problem(r, 401) and "用户名或密码错误" in r.json()["detail"],
     "unknown user: the same 401 as a wrong password")
r = anon.post(V1 + "/session", json={"username": "city"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/password",
     "missing password: 400 naming /password")
city = srv.anon()
r = city.sign_in("city", srv.password("city"))
t.eq(r.status_code, 200, "city signs in")
cookie = r.headers.get("Set-Cookie", "")
t.ok(cookie.startswith("zjtx_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
     and "Path=/" in cookie and "Secure" not in cookie,
     "session cookie: HttpOnly, SameSite=Strict, Path=/ (no Secure without --secure-cookie)", cookie)
tok = cookie.split(";")[0].split("=", 1)[1]
t.ok(len(tok) >= 22, "session token has >= 128 bits (%d base64url chars)" % len(tok))
b = r.json()
t.ok(b["user"]["role"] == "city" and len(b["csrf_token"]) >= 22, "answer has the user and a CSRF token")
for k in ("id", "username", "display_name", "role", "district", "uscc", "disabled",
          "must_change_password", "last_login"):
    t.ok(k in b["user"], "User has %s" % k)
r = city.get(V1 + "/session")
t.ok(r.status_code == 200 and r.json()["user"]["username"] == "city"
     and r.json()["csrf_token"] == city.csrf, "GET /session returns the user and the same CSRF token")
tmp = srv.client("viewer")
r = tmp.delete(V1 + "/session")
t.ok(r.status_code == 204 and "Max-Age=0" in r.headers.get("Set-Cookie", ""),
     "DELETE /session: 204 and the cookie expired")
t.eq(tmp.get(V1 + "/session").json()["user"], None, "after sign-out the session is gone")
tmp.s.cookies.set("zjtx_session", tok[:-1] + ("A" if tok[-1] != "A" else "B"))
t.eq(tmp.get(V1 + "/enterprises").status_code, 401, "a forged session token is 401")

# ---- password change (newbie must change at first sign-in) ----
nb = srv.client("newbie")
t.ok(nb.user["must_change_password"], "newbie must change the initial password")
r = nb.get(V1 + "/enterprises")
t.ok(is_problem(r, 403) and "修改初始密码" in r.json()["detail"], "before the change: 403 on business routes")
t.eq(nb.get(V1 + "/meta/tiers").status_code, 200, "reference data is readable before the change")
r = nb.post(V1 + "/tokens", json={"name": "sidestep"})
t.ok(is_problem(r, 403) and "修改初始密码" in r.json()["detail"], "no API token before the change")
r = nb.post(V1 + "/session/password", json={"old_password": "Not-the-one-1", "new_password": "Abcdef-12345"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/old_password", "wrong old password: 400 /old_password")
r = nb.post(V1 + "/session/password", json={"old_password": srv.password("newbie"), "new_password": "short"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/new_password", "weak new password: 400 /new_password")
r = nb.post(V1 + "/session/password", json={"old_password": srv.password("newbie"),
                                            "new_password": "Chongqing#2026"})
t.ok(r.status_code == 200 and r.json()["user"]["must_change_password"] is False,
     "password changed; must_change_password cleared", r.text)
t.eq(nb.get(V1 + "/enterprises").status_code, 200, "after the change the city account works")
t.eq(srv.anon().sign_in("newbie", srv.password("newbie")).status_code, 401, "the old password no longer works")
t.eq(srv.anon().sign_in("newbie", "Chongqing#2026").status_code, 200, "the new one does")

# ---- API tokens ----
r = city.post(V1 + "/tokens", json={"name": "报表机器人", "scope": "read", "expires_days": 30})
t.ok(r.status_code == 201 and r.json()["token"].startswith("zjtx_") and r.json()["scope"] == "read",
     "POST /tokens: 201 with the token shown once", r.text)
rtok, rid = r.json()["token"], r.json()["id"]
bearer = srv.anon()
bearer.s.headers["Authorization"] = "Bearer " + rtok
t.eq(bearer.get(V1 + "/enterprises?page_size=1").status_code, 200, "Bearer token reads")
r = bearer.patch(V1 + "/enterprises/" + make_uscc(1), json={"phone": "023-1"})
t.ok(is_problem(r, 403) and "只读" in r.json()["detail"], "read-only token cannot write")
r = bearer.post(V1 + "/tokens", json={"name": "x"})
t.eq(r.status_code, 403, "a token cannot mint tokens")
r = city.get(V1 + "/tokens")
t.ok(r.status_code == 200 and any(x["id"] == rid and x["active"] and "token" not in x
                                  for x in r.json()["items"]),
     "GET /tokens lists own tokens without their secret")
t.eq(srv.client("viewer").delete(V1 + "/tokens/%d" % rid).status_code, 404,
     "another user cannot revoke it (404)")
t.eq(city.delete(V1 + "/tokens/%d" % rid).status_code, 204, "DELETE /tokens/{id}: 204")
t.eq(bearer.get(V1 + "/enterprises").status_code, 401, "revoked token: 401")
r = city.post(V1 + "/tokens", json={"name": "", "scope": "admin"})
t.ok(is_problem(r, 400), "bad token request: 400")

# ---- users (security) ----
sec = srv.client("security")
r = sec.get(V1 + "/users?page_size=50")
t.ok(r.status_code == 200 and r.json()["total"] >= 10 and "password_hash" not in r.text,
     "GET /users: paged, no hashes")
t.ok(sec.get(V1 + "/users?role=auditor").json()["items"][0]["role"] == "auditor", "filter by role")
r = sec.get(V1 + "/users?q=liang")
t.ok([u["username"] for u in r.json()["items"]] == ["liangjiang"], "filter by q")
r = sec.post(V1 + "/users", json={"username": "jb_user", "display_name": "江北测试", "role": "district",
                                  "district": "九龙坡区"})
t.ok(r.status_code == 201 and r.json()["user"]["district"] == "500107" and
     len(r.json()["initial_password"]) >= 12 and r.json()["user"]["must_change_password"],
     "POST /users: 201, district by name → code, initial password once", r.text)
uid, upw = r.json()["user"]["id"], r.json()["initial_password"]
t.eq(sec.get(V1 + "/users/%d" % uid).json()["username"], "jb_user", "GET /users/{id}")
t.eq(sec.get(V1 + "/users/999999").status_code, 404, "unknown user id: 404")
r = sec.post(V1 + "/users", json={"username": "jb_user", "role": "viewer"})
t.ok(is_problem(r, 409), "duplicate user name: 409")
r = sec.post(V1 + "/users", json={"username": "X", "role": "viewer"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/username", "bad user name: 400 /username")
r = sec.post(V1 + "/users", json={"username": "d_nodistrict", "role": "district"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/district", "district user needs a district")
r = sec.post(V1 + "/users", json={"username": "e_nofirm", "role": "enterprise", "uscc": make_uscc(424242)})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/uscc", "enterprise user needs a firm of the pool")
r = sec.patch(V1 + "/users/%d" % uid, json={"display_name": "九龙坡测试"})
t.ok(r.status_code == 200 and r.json()["display_name"] == "九龙坡测试", "PATCH /users/{id}")
jb = srv.anon()
t.eq(jb.sign_in("jb_user", upw).status_code, 200, "the new user signs in with the initial password")
r = sec.patch(V1 + "/users/%d" % uid, json={"disabled": True})
t.ok(r.status_code == 200 and r.json()["disabled"], "disable a user")
t.eq(jb.get(V1 + "/session").json()["user"], None, "disabling ends the user's sessions")
r = srv.anon().sign_in("jb_user", upw)
t.ok(r.status_code == 401 and "停用" in r.json()["detail"], "a disabled user cannot sign in")
sec.patch(V1 + "/users/%d" % uid, json={"disabled": False})
r = sec.post(V1 + "/users/%d/password" % uid, json={})
t.ok(r.status_code == 200 and r.json()["initial_password"] != upw and
     r.json()["user"]["must_change_password"], "POST /users/{id}/password: new initial password")
t.eq(srv.anon().sign_in("jb_user", upw).status_code, 401, "the old password is gone")
t.eq(srv.anon().sign_in("jb_user", r.json()["initial_password"]).status_code, 200, "the reset one works")
me = sec.user["id"]
r = sec.patch(V1 + "/users/%d" % me, json={"disabled": True})
t.ok(is_problem(r, 403), "security cannot disable itself")

# ---- reference data ----
d = city.get(V1 + "/meta/districts").json()
t.ok(any(x["code"] == "500106" and x["name"] == "沙坪坝区" for x in d["districts"]), "meta/districts")
z = {x["code"]: x for x in d["zones"]}
t.ok(set(z) >= {"LJXQ", "GXQ", "WSJK"} and isinstance(z["GXQ"]["hosts"], list), "zones with hosts as arrays")
t.ok(any(x["code"] == "500112" and x["successor"] == "5001LJ" for x in d["districts"]),
     "merged districts carry their successor")
ind = city.get(V1 + "/meta/industries").json()
c = [s for s in ind["sections"] if s["code"] == "C"][0]
t.ok(c["name"] == "制造业" and any(x["code"] == "C35" for x in c["divisions"]), "meta/industries")
tiers = city.get(V1 + "/meta/tiers").json()
t.eq([x["key"] for x in tiers["tiers"]], ["candidate", "innovative", "srdi", "little_giant", "champion"],
     "meta/tiers in rank order")
im = city.get(V1 + "/meta/indicators").json()
rev = [x for x in im["annual"] if x["key"] == "revenue"][0]
t.eq((rev["type"], rev["unit"], len(im["annual"])), ("money", "万元", 25), "meta/indicators")
t.ok(len(im["monthly"]) > 0 and any(x["ytd"] for x in im["monthly"]), "monthly keys, year-to-date marked")
roles = city.get(V1 + "/meta/roles").json()
t.eq(len(roles), 8, "meta/roles lists the 8 roles")

# ---- enterprises ----
r = city.get(V1 + "/enterprises?page=1&page_size=2&sort=name&order=desc")
b = r.json()
t.ok(r.status_code == 200 and b["total"] == 300 and len(b["items"]) == 2 and b["page_size"] == 2
     and b["items"][0]["name"] >= b["items"][1]["name"], "list: total, page, sort=name desc")
b2 = city.get(V1 + "/enterprises?page=2&page_size=2&sort=name&order=desc").json()
t.ok(b2["items"][0]["uscc"] not in [x["uscc"] for x in b["items"]], "page 2 follows page 1")
r = city.get(V1 + "/enterprises", params={"district": "沙坪坝区", "page_size": 200})
sp = r.json()
t.ok(sp["total"] > 0 and all(x["district"] == "500106" for x in sp["items"]), "filter district by name")
gxq = city.get(V1 + "/enterprises", params={"district": "GXQ", "page_size": 200}).json()
t.ok(gxq["total"] > 0 and all(x["zone"] == "GXQ" for x in gxq["items"]), "filter by zone")
srdi = city.get(V1 + "/enterprises?tier=srdi&page_size=200").json()
t.ok(srdi["total"] > 0 and all(x["tier"] == "srdi" for x in srdi["items"]), "filter tier")
none = city.get(V1 + "/enterprises?tier=none&page_size=200").json()
t.ok(all(x["tier"] is None for x in none["items"]), "tier=none")
one = b["items"][0]
q = city.get(V1 + "/enterprises", params={"q": one["uscc"][:12]}).json()
t.ok(any(x["uscc"] == one["uscc"] for x in q["items"]), "q matches a USCC prefix")
q = city.get(V1 + "/enterprises", params={"q": one["name"][2:5]}).json()
t.ok(any(x["uscc"] == one["uscc"] for x in q["items"]), "q matches part of a name")
r = city.get(V1 + "/enterprises?industry=C&page_size=200")
t.ok(all(x["industry"].startswith("C") for x in r.json()["items"]), "filter industry section")
for qs, field in (("sort=bogus", "sort"), ("page_size=201", "page_size"), ("page=0", "page"),
                  ("tier=gold", "tier"), ("district=渝东区", "district"), ("order=up", "order")):
    r = city.get(V1 + "/enterprises?" + qs)
    t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == field, "bad %s: 400 naming %s" % (qs, field))

u = sp["items"][0]["uscc"]
r = city.get(V1 + "/enterprises/" + u)
e = r.json()
for k in ("uscc", "name", "district", "district_name", "zone", "zone_name", "industry", "industry_name",
          "emerging", "founded", "niche_since", "contact", "phone", "tier", "tier_label", "tier_until",
          "size_class"):
    t.ok(k in e, "Enterprise has %s" % k)
t.ok(e["size_class"] is None or e["size_class"]["label"] in ("大型", "中型", "小型", "微型", "未知"),
     "size_class label")
t.eq(city.get(V1 + "/enterprises/" + u.lower()).json()["uscc"], u, "USCC is upper-cased")
t.eq(city.get(V1 + "/enterprises/" + make_uscc(999999)).status_code, 404, "unknown firm: 404")
t.ok(is_problem(city.get(V1 + "/enterprises/12345"), 400), "malformed USCC: 400")

nu = make_uscc(777001, "500106")
body = {"uscc": nu, "name": "重庆接口测试精密有限公司", "district": "沙坪坝区", "industry": "3562",
        "founded": "2018-05-01", "niche_since": 2019, "contact": "张三", "phone": "13800001111"}
r = city.post(V1 + "/enterprises", json=body)
t.ok(r.status_code == 201 and r.json()["industry"] == "C3562" and r.json()["district"] == "500106"
     and r.headers.get("Location", "").endswith(nu), "POST /enterprises: 201, canonical codes, Location", r.text)
t.ok(is_problem(city.post(V1 + "/enterprises", json=body), 409), "duplicate USCC: 409")
r = city.post(V1 + "/enterprises", json={"uscc": make_uscc(777002), "district": "沙坪坝区", "industry": "C35",
                                          "bogus": 1})
fields = {x["field"] for x in r.json().get("errors", [])}
t.ok(is_problem(r, 400) and {"/name", "/bogus"} <= fields, "every bad field is named", r.text)
qn = make_uscc(777003, "500106")
odd = '重庆"引号"\\反斜杠/斜杠<标签>&有限公司'
r = city.post(V1 + "/enterprises", json={"uscc": qn, "name": odd, "district": "500106", "industry": "C35"})
t.ok(r.status_code == 201 and r.json()["name"] == odd, "quotes and backslashes survive the JSON writer", r.text)
lst = city.get(V1 + "/enterprises", params={"q": qn}).json()
t.ok(lst["total"] == 1 and lst["items"][0]["name"] == odd, "and in lists")
r = city.patch(V1 + "/enterprises/" + nu, json={"phone": "023-68886888", "founded": None})
t.ok(r.status_code == 200 and r.json()["phone"] == "023-68886888" and r.json()["founded"] is None,
     "PATCH: change phone, clear founded with null")
r = city.patch(V1 + "/enterprises/" + nu, json={"uscc": make_uscc(5)})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/uscc", "the USCC is immutable")
r = city.patch(V1 + "/enterprises/" + nu, json={"name": None})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/name", "a required field cannot be cleared")

# ---- annual figures ----
r = city.put(V1 + "/enterprises/%s/annual/2024" % nu,
             json={"revenue": 1234.56, "main_revenue": "1000.5", "employees": 88, "market_share": 12.5,
                   "own_brand": True})
t.ok(r.status_code == 201 and r.json()["revenue"] == 1234.56 and r.json()["main_revenue"] == 1000.5
     and r.json()["employees"] == 88 and r.json()["market_share"] == 12.5 and r.json()["own_brand"] == 1,
     "PUT annual: 201 created, money in 万元 exact", r.text)
r = city.put(V1 + "/enterprises/%s/annual/2024" % nu, json={"main_revenue": None, "revenue": 20990071.15})
t.ok(r.status_code == 200 and r.json()["main_revenue"] is None and r.json()["revenue"] == 20990071.15
     and r.json()["employees"] == 88, "PUT again: 200, null clears, other keys kept, 15 digits exact")
t.eq(city.get(V1 + "/enterprises/%s/annual/2024" % nu).json()["revenue"], 20990071.15, "GET annual/{year}")
t.eq(city.get(V1 + "/enterprises/%s/annual/2023" % nu).status_code, 404, "no such year: 404")
lst = city.get(V1 + "/enterprises/%s/annual" % nu).json()
t.ok(isinstance(lst, list) and lst[0]["year"] == 2024, "GET annual: all years")
r = city.put(V1 + "/enterprises/%s/annual/2024" % nu, json={"main_revenue": 99999999})
t.ok(is_problem(r, 400) and "主营业务收入" in r.json()["detail"], "main revenue > revenue: 400")
r = city.put(V1 + "/enterprises/%s/annual/2024" % nu, json={"employees": 1.5, "bogus": 1})
t.ok(is_problem(r, 400) and {x["field"] for x in r.json()["errors"]} == {"/employees", "/bogus"},
     "bad values are named")
t.ok(is_problem(city.put(V1 + "/enterprises/%s/annual/1800" % nu, json={"employees": 1}), 400),
     "year out of range: 400")

# ---- tiers ----
r = city.post(V1 + "/enterprises/%s/tiers" % nu, json={"tier": "innovative", "status": "recognized",
                                                        "since": "2025-03-01", "until": "2028-02-29",
                                                        "doc_no": "渝经信发〔2025〕1号"})
t.ok(r.status_code == 201 and r.json()["tier_label"] == "创新型中小企业", "POST tiers: 201", r.text)
tr = city.get(V1 + "/enterprises/%s/tiers" % nu).json()
t.ok(tr["current"]["tier"] == "innovative" and tr["current"]["until"] == "2028-02-29"
     and len(tr["history"]) == 1 and tr["history"][0]["status_label"] == "认定", "GET tiers: current and history")
r = city.post(V1 + "/enterprises/%s/tiers" % nu, json={"tier": "innovative", "status": "exited",
                                                        "since": "2025-06-01"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/reason", "exit needs a reason")
r = city.post(V1 + "/enterprises/%s/tiers" % nu, json={"tier": "srdi", "status": "recognized",
                                                        "since": "2025-06-01", "until": "2025-01-01"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/until", "until before since: 400")
t.eq(city.get(V1 + "/enterprises/%s" % nu).json()["tier"], "innovative", "the firm's tier follows its history")

# ---- pool statistics ----
pool = city.get(V1 + "/stats/pool").json()
t.eq(sum(x["total"] for x in pool), 302, "stats/pool counts every firm once")
row = [x for x in pool if x["unit"] == "500106"]
t.ok(row and row[0]["name"] == "沙坪坝区" and sum(row[0][k] for k in ("candidate", "innovative", "srdi",
     "little_giant", "champion", "none")) == row[0]["total"], "a unit's tiers add up to its total")
t.eq(sum(x["total"] for x in city.get(V1 + "/stats/pool?tier=srdi").json()), srdi["total"],
     "stats/pool takes the list filters")

# ---- exports ----
r = city.get(V1 + "/enterprises.csv", params={"district": "GXQ", "sort": "name"})
t.ok(r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv") and
     r.content.startswith(b"\xef\xbb\xbf") and "attachment" in r.headers.get("Content-Disposition", ""),
     "enterprises.csv: UTF-8 with BOM, attachment")
rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
t.eq(len(rows) - 1, gxq["total"], "the CSV holds exactly the filtered firms")
t.eq(rows[0][0], "统一社会信用代码", "import headers")
r = city.get(V1 + "/annual.csv", params={"year": 2024, "district": "沙坪坝区"})
rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
t.ok(r.status_code == 200 and len(rows) > 1 and all(x[2] == "2024" for x in rows[1:]), "annual.csv?year=")
r = city.get(V1 + "/enterprises.xlsx", params={"tier": "srdi"})
t.ok(r.status_code == 200 and r.content[:2] == b"PK", "enterprises.xlsx is a workbook")
wb = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
ws = wb.worksheets[0]
data = [x for x in ws.iter_rows(values_only=True)]
t.eq(len(data) - 1, srdi["total"], "the XLSX holds exactly the filtered firms")
r = city.get(V1 + "/annual.xlsx", params={"year": 2024, "district": "500106"})
wb = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
data = [x for x in wb.worksheets[0].iter_rows(values_only=True)]
t.ok(r.status_code == 200 and len(data) > 1 and data[0][2] == "年度" and all(x[2] == 2024 for x in data[1:]),
     "annual.xlsx with typed cells")
t.ok(is_problem(city.get(V1 + "/annual.csv?year=abc"), 400), "bad year: 400")

# ---- templates ----
for k in ("enterprises", "annual"):
    r = city.get(V1 + "/templates/" + k)
    t.ok(r.status_code == 200 and r.content[:2] == b"PK", "template %s is a workbook" % k)
t.eq(city.get(V1 + "/templates/nope").status_code, 404, "unknown template: 404")

# ---- imports ----
head = "统一社会信用代码,企业名称,所属区县,国民经济行业代码\n"
good = head + "%s,重庆导入接口甲有限公司,沙坪坝区,C3562\n%s,重庆导入接口乙有限公司,万州区,3670\n" % (
    make_uscc(880001, "500106"), make_uscc(880002, "500101"))
r = city.post(V1 + "/imports/enterprises?dry_run=1", data=good.encode(), headers={"Content-Type": "text/csv"})
t.ok(r.status_code == 200 and r.json()["committed"] is False and r.json()["rows"] == 2 and
     r.json()["created"] == 2, "raw CSV dry run: 200, nothing committed", r.text)
t.eq(city.get(V1 + "/enterprises/" + make_uscc(880001, "500106")).status_code, 404, "dry run wrote nothing")
files = {"file": ("企业.csv", good.encode("gb18030"), "text/csv")}
r = city.post(V1 + "/imports/enterprises", files=files)
t.ok(r.status_code == 200 and r.json()["committed"] and r.json()["encoding"] == "GB18030",
     "multipart GB18030 CSV commits", r.text)
t.eq(city.get(V1 + "/enterprises/" + make_uscc(880002, "500101")).json()["district"], "500101", "imported")
bad = head + "91500000000000000X,重庆测试一有限公司,沙坪坝区,C3562\n,重庆测试二有限公司,渝东区,X12\n"
r = city.post(V1 + "/imports/enterprises", files={"file": ("bad.csv", bad.encode(), "text/csv")})
b = r.json()
t.ok(r.status_code == 422 and b["committed"] is False and b["error_count"] >= 3 and
     all(k in b["errors"][0] for k in ("line", "col", "column", "value", "message", "text")),
     "bad file: 422 with the row error report", r.text)
t.ok(any(x["line"] == 3 and "渝东区" in x["text"] for x in b["errors"]), "errors carry line and value")
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["统一社会信用代码", "年度", "营业收入(万元)", "从业人员数"])
ws.append([make_uscc(880001, "500106"), 2024, 321.5, 12])
bio = io.BytesIO()
wb.save(bio)
r = city.post(V1 + "/imports/annual", files={"file": ("年度.xlsx", bio.getvalue(),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
t.ok(r.status_code == 200 and r.json()["encoding"] == "XLSX" and r.json()["committed"], "XLSX upload imports", r.text)
t.eq(city.get(V1 + "/enterprises/%s/annual/2024" % make_uscc(880001, "500106")).json()["revenue"], 321.5,
     "XLSX figures stored")
r = city.post(V1 + "/imports/annual", data=bio.getvalue(),
              headers={"Content-Type": "application/octet-stream"})
t.eq(r.status_code, 200, "raw XLSX body recognised by its signature")
r = city.post(V1 + "/imports/nope", data=b"x", headers={"Content-Type": "text/csv"})
t.eq(r.status_code, 404, "unknown import kind: 404")
r = city.post(V1 + "/imports/monthly", data=b"x", headers={"Content-Type": "text/csv"})
t.ok(r.status_code == 422 and r.json()["kind"] == "monthly",
     "monthly files go to the monthly pipeline (its own route, tested in t_monthly_api)", r.text[:200])
r = city.post(V1 + "/imports/enterprises", data=b"", headers={"Content-Type": "text/csv"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "file", "empty upload: 400 naming file")
r = city.post(V1 + "/imports/enterprises", files={"other": ("a.csv", good.encode(), "text/csv")})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "file", "multipart without a file field: 400")
r = city.post(V1 + "/imports/enterprises", files={"file": ("old.xls", b"\xd0\xcf\x11\xe0", "application/vnd.ms-excel")})
t.ok(is_problem(r, 400) and ".xls" in r.json()["detail"], "old .xls refused with advice")

# ---- audit ----
aud = srv.client("auditor")
r = aud.get(V1 + "/audit?page_size=200")
b = r.json()
acts = {x["action"] for x in b["items"]}
t.ok(r.status_code == 200 and b["total"] > 10 and {"session.create", "session.fail", "user.create",
     "enterprise.create", "enterprise.update", "annual.put", "tier.append", "import.enterprises",
     "import.annual", "token.create", "token.revoke", "user.password_change",
     "user.password_reset", "user.disable", "session.delete"} <= acts, "every kind of change is audited",
     sorted(acts))
up = [x for x in b["items"] if x["action"] == "enterprise.update" and x["entity_id"] == nu][0]
t.ok(up["actor"] == "city" and up["role"] == "city" and up["ip"] == "127.0.0.1" and
     up["before"]["phone"] == "13800001111" and up["after"]["phone"] == "023-68886888",
     "an update records who, from where, before and after", json.dumps(up, ensure_ascii=False))
t.ok(b["items"][0]["seq"] > b["items"][-1]["seq"], "newest first")
r = aud.get(V1 + "/audit", params={"actor": "security", "page_size": 200})
t.ok(r.json()["total"] > 0 and all(x["actor"] == "security" for x in r.json()["items"]), "filter actor")
r = aud.get(V1 + "/audit", params={"from": "2000-01-01", "to": "2000-12-31"})
t.eq(r.json()["total"], 0, "filter time range")
t.ok(is_problem(aud.get(V1 + "/audit?from=yesterday"), 400), "bad time: 400")
r = aud.get(V1 + "/audit/verify")
t.ok(r.status_code == 200 and r.json()["ok"] and r.json()["entries"] == b["total"], "audit/verify", r.text)
r = city.get(V1 + "/audit", params={"entity": "enterprise", "id": nu})
t.ok(r.status_code == 200 and {x["action"] for x in r.json()["items"]} >=
     {"enterprise.create", "enterprise.update", "annual.put", "tier.append"}, "city reads a firm's entries")
t.ok(is_problem(city.get(V1 + "/audit"), 403), "city cannot read the whole log")
t.ok(is_problem(city.get(V1 + "/audit?entity=user&id=1"), 403), "city cannot read users' entries")
t.eq(admin.get(V1 + "/audit?entity=database&id=demo").status_code, 200, "admin reads system entries")
t.ok(is_problem(admin.get(V1 + "/audit?entity=enterprise&id=" + nu), 403), "admin reads no business entries")
t.ok(is_problem(city.get(V1 + "/audit/verify"), 403), "only the auditor verifies")
rc = srv.run("audit", "verify")
t.eq(rc.returncode, 0, "zjtx audit verify agrees", rc.stderr)

t.ok(srv.alive(), "server still up")
t.eq(srv.stop(), 0, "SIGTERM stops the server cleanly (exit 0)")
t.done()
