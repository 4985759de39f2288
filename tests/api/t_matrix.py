#!/usr/bin/python3
"""Black-box: the role × route × scope matrix, GENERATED from the server's
own route table (`zjtx serve --print-routes`), so a route added later is
tested here without anyone remembering to: its permission must be one this
file knows, or the test fails.

For every route and every principal (anonymous, each demo role, and API
tokens with read and write scope) the expected answer follows from the
independent specification below (docs/API.md "Roles"), not from the server:
  - no credentials on a non-public route: 401;
  - a permission the role does not hold (or a token scope that forbids the
    method): 403;
  - a firm out of the caller's scope: 404 (never 403: no existence leaks);
  - otherwise the handler is reached (anything but 401/403/404; requests
    carry empty or invalid bodies, so writes change nothing).
Afterwards every list-like route is checked to hold only in-scope firms,
and personal data to be masked for the viewer."""
import csv
import io
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T  # noqa: E402
from zjtxapi import Server  # noqa: E402

import openpyxl  # noqa: E402

# The specification: permissions of each role (docs/API.md "Roles").
EVERYONE = {"signed_in", "session"}
SPEC = {
    "city": EVERYONE | {"read", "write_enterprise", "create_enterprise", "write_tier",
                        "write_criteria", "review", "import", "audit_entity", "workflow", "move",
                        "oversight", "analyze", "read_city", "monitor"},
    "district": EVERYONE | {"read", "write_enterprise", "create_enterprise", "review", "import",
                            "workflow", "apply", "move", "oversight", "analyze", "monitor"},
    "enterprise": EVERYONE | {"read", "write_enterprise", "workflow", "apply", "move"},
    "expert": EVERYONE | {"score", "workflow"},
    "viewer": EVERYONE | {"read", "workflow", "oversight", "read_city", "monitor"},
    "admin": EVERYONE | {"system", "audit_entity"},
    "security": EVERYONE | {"manage_users"},
    "auditor": EVERYONE | {"audit", "audit_entity"},
}
KNOWN_PERMS = set().union(*SPEC.values()) | {"public"}
# Business-data scope of each role (what :uscc may name).
SCOPE = {"city": "all", "viewer": "all", "district": "district", "enterprise": "firm"}
# Workflow scope (what an application's :id may name): its district's, its
# own firm's, an expert's assignments; city and viewer all.
WF_SCOPED = {"district", "enterprise", "expert"}

t = T()
srv = Server(firms=300)
V1 = "/api/v1"

out = subprocess.run([srv.bin, "serve", "--print-routes"], capture_output=True, text=True).stdout
routes = [line.split() for line in out.splitlines() if line.strip()]
t.ok(len(routes) >= 30, "the route table lists %d routes" % len(routes))
for method, pattern, perm, name in routes:
    t.ok(perm in KNOWN_PERMS, "route %s has a permission the matrix knows (%s)" % (name, perm))

city = srv.client("city")
firm_user = srv.accounts["firm"]
OWN = firm_user["uscc"]


def firms(params):
    return city.get(V1 + "/enterprises", params=dict(params, page_size=200)).json()["items"]


in_district = [f for f in firms({"district": "500106"}) if f["uscc"] != OWN][0]["uscc"]
other_district = [f for f in firms({"district": "500101"})][0]["uscc"]


def year_with_data(uscc):
    rows = city.get(V1 + "/enterprises/%s/annual" % uscc).json()
    return rows[-1]["year"] if rows else 2024


# A throwaway user for the :id routes of users.
sec = srv.client("security")
victim = sec.post(V1 + "/users", json={"username": "matrix_victim", "role": "viewer"}).json()["user"]["id"]

# ---- workflow records: for each role an application (and an attachment)
# in its scope and one outside it ----
V1A = V1 + "/applications"
dist_c = srv.client("district")
firm_c = srv.client("firm")
expert_c = srv.client("expert")
open_batch = [b for b in city.get(V1 + "/batches", params={"status": "open"}).json()
              if b["tier"] == "srdi"][0]["id"]
PDF = b"%PDF-1.4\n% matrix\n1 0 obj<<>>endobj\n%%EOF\n"


def own_app(c, uscc):
    """An application of firm uscc filed by c (made if the firm has none open)."""
    r = c.post(V1A, json={"batch": open_batch, "uscc": uscc})
    if r.status_code == 201:
        app = r.json()["id"]
        c.post(V1A + "/%d/attachments?kind=other" % app, files={"file": ("m.pdf", PDF)})
        return app
    mine = [a for a in c.get(V1A, params={"uscc": uscc, "page_size": 200}).json()["items"]]
    return mine[0]["id"] if mine else None


all_apps = city.get(V1A, params={"page_size": 200}).json()["items"]
firm_app = own_app(firm_c, OWN)
dist_app = None
for f in firms({"district": "500106"}):
    if f["uscc"] != OWN and (dist_app := own_app(dist_c, f["uscc"])):
        break
expert_apps = {a["id"] for a in expert_c.get(V1A, params={"page_size": 200}).json()["items"]}


def first_att(app):
    atts = [a for a in city.get(V1A + "/%d/attachments" % app).json() if a["type"]]
    return atts[0]["id"] if atts else None


with_att = [a["id"] for a in all_apps if first_att(a["id"])]
WF_IDS = {  # role -> (application in scope, application out of scope)
    "city": (all_apps[0]["id"], None),
    "viewer": (all_apps[0]["id"], None),
    "district": (dist_app, [a for a in with_att
                            if city.get(V1A + "/%d" % a).json()["unit"] != "500106"][0]),
    "enterprise": (firm_app, [a for a in with_att if a != firm_app][0]),
    "expert": (sorted(expert_apps)[0], [a for a in with_att if a not in expert_apps][0]),
}
any_objection = next(o["id"] for a in all_apps if a["state"] == "publicized"
                     for o in city.get(V1A + "/%d" % a["id"]).json()["objections"] or [])
t.ok(all(v[0] for v in WF_IDS.values()), "each workflow role has an application in scope")

# Principals: (label, role, client).
principals = [("anonymous", None, srv.anon())]
for user, role in (("city", "city"), ("district", "district"), ("firm", "enterprise"),
                   ("expert", "expert"), ("viewer", "viewer"), ("admin", "admin"),
                   ("security", "security"), ("auditor", "auditor")):
    principals.append((user, role, srv.client(user)))
principals.append(("city-token-read", "city", srv.token_client("city", "read")))
principals.append(("district-token-write", "district", srv.token_client("district", "write")))
principals.append(("viewer-token-write", "viewer", srv.token_client("viewer", "write")))

# Each principal's own spare token (the in-scope :id of DELETE /tokens/:id)
# and another user's token (out of scope).
spare = {}
for label, role, c in principals:
    if role is None:
        continue
    owner = {"city-token-read": "city", "district-token-write": "district",
             "viewer-token-write": "viewer"}.get(label, label)
    s = srv.client(owner)
    spare[label] = s.post(V1 + "/tokens", json={"name": "spare " + label}).json()["id"]
owner = sec.post(V1 + "/users", json={"username": "matrix_owner", "role": "viewer"}).json()
oc = srv.client("matrix_owner", owner["initial_password"])
oc.post(V1 + "/session/password", json={"old_password": owner["initial_password"],
                                        "new_password": "Owner#pass-2026"})
foreign_token = oc.post(V1 + "/tokens", json={"name": "foreign"}).json()["id"]


def uscc_for(role, scope):
    """The :uscc value for a role: in scope, or out of scope (None if the
    role has no such case)."""
    kind = SCOPE.get(role)
    if scope == "in":
        return {"district": in_district, "firm": OWN}.get(kind, in_district)
    if kind == "district":
        return other_district
    if kind == "firm":
        return in_district  # a firm of the same district, not its own
    return None


def fill(pattern, role, label, scope):
    """The path for a pattern, or None if the scope case does not apply."""
    segs = []
    applies = True
    for seg in pattern.split("/"):
        if not seg.startswith(":"):
            segs.append(seg)
            continue
        p = seg[1:]
        if p == "uscc":
            v = uscc_for(role, scope) if role else in_district
            if v is None:
                applies = False
                v = in_district
            segs.append(v)
        elif p == "year" and pattern.startswith(V1 + "/targets/"):
            segs.append("2025")
        elif p == "year":
            segs.append(str(year_with_data(uscc_for(role, "in") or in_district)))
        elif p == "kind":
            segs.append("enterprises")
        elif p == "id" and (pattern.startswith(V1A + "/") or pattern.startswith(V1 + "/attachments/")):
            inside, outside = WF_IDS.get(role or "city", WF_IDS["city"])
            app = outside if scope == "out" else inside
            if scope == "out" and role not in WF_SCOPED:
                applies = False
                app = inside
            if pattern.startswith(V1 + "/attachments/"):
                segs.append(str(first_att(app)))
            else:
                segs.append(str(app))
        elif p == "id" and pattern.startswith(V1 + "/batches/"):
            segs.append(str(open_batch))
        elif p == "id" and pattern.startswith(V1 + "/objections/"):
            segs.append(str(any_objection))
        elif p == "username":
            segs.append("expert")
        elif p == "set":
            segs.append("cq-2020-notice")
        elif p == "tier":
            segs.append("srdi")
        elif p == "name":
            segs.append("srdi-2022")  # a built-in criteria file
        elif p == "period":
            segs.append("2026-10")  # a closed period of the demo (filed or not: both answer)
        elif p == "rule":
            segs.append("loss_streak")
        elif p == "id" and pattern.startswith(V1 + "/tokens"):
            if scope == "out":
                segs.append(str(foreign_token))
            else:
                segs.append(str(spare.get(label, foreign_token)))
        elif p == "id":
            segs.append(str(victim))
        else:
            raise SystemExit("route parameter :%s unknown to the matrix: extend fill()" % p)
    scoped = (":uscc" in pattern or pattern.startswith(V1 + "/tokens/") or
              pattern.startswith(V1A + "/:id") or pattern.startswith(V1 + "/attachments/"))
    if scope == "out" and not scoped:
        return None
    return "/".join(segs) if applies else None


def expected(method, perm, name, role, label, scope):
    """'open' (handler reached), or the status the server must answer."""
    token = label.endswith(("-read", "-write"))
    if perm == "public":
        return "open"
    if role is None:
        return 401
    if token and label.endswith("-read") and method not in ("GET", "HEAD"):
        return 403
    if token and perm == "session":
        return 403
    if perm not in SPEC[role]:
        return 403
    if token and name == "token_create":
        return 403  # a token cannot mint tokens
    if name == "audit_list" and "audit" not in SPEC[role] and role != "city":
        return 403  # admin reads system records only, not firms' (the query names a firm)
    if scope == "out":
        return 404
    return "open"


QUERY = {"audit_list": "?entity=enterprise&id=" + in_district}
BODY = {"POST", "PUT", "PATCH"}
# Routes that end something for the principal run last.
LAST = {"token_revoke": 1, "session_delete": 2}
order = sorted(routes, key=lambda r: LAST.get(r[3], 0))

n_checks = 0
for method, pattern, perm, name in order:
    for label, role, c in principals:
        for scope in ("out", "in"):
            path = fill(pattern, role, label, scope)
            if path is None:
                continue
            want = expected(method, perm, name, role, label, scope)
            kw = {}
            if method in BODY:
                kw = {"data": b"{}", "headers": {"Content-Type": "application/json"}}
            r = c.req(method, path + QUERY.get(name, ""), **kw)
            got = r.status_code
            ok = got not in (401, 403, 404) and got < 500 if want == "open" else got == want
            if want != "open" and got != want and got == 404 and want == 403:
                ok = False
            t.ok(ok, "%-22s %-6s %-42s %-3s → %s" % (label, method, pattern, scope,
                                                     want if want != "open" else "reached"),
                 "got %d %s" % (got, r.text[:300]))
            n_checks += 1
t.diag("%d matrix cells over %d routes and %d principals" % (n_checks, len(routes), len(principals)))

# ---- lists, statistics and exports hold only in-scope firms ----
dist = srv.client("district")
lj = srv.client("liangjiang")
firm = srv.client("firm")
viewer = srv.client("viewer")
for label, c, check in (("district", dist, lambda f: f["district"] == "500106" or f["zone"] == "500106"),
                        ("liangjiang", lj, lambda f: f["district"] == "5001LJ" or f["zone"] == "5001LJ"),
                        ("firm", firm, lambda f: f["uscc"] == OWN)):
    items = c.get(V1 + "/enterprises?page_size=200").json()
    t.ok(items["total"] > 0 and all(check(f) for f in items["items"]), "%s: list holds only its scope" % label)
    other = c.get(V1 + "/enterprises", params={"district": "500101"}).json()
    t.eq(other["total"], 0, "%s: filtering for another district finds nothing" % label)
    pool = c.get(V1 + "/stats/pool").json()
    t.eq(sum(x["total"] for x in pool), items["total"], "%s: stats/pool counts only its scope" % label)
    rows = list(csv.reader(io.StringIO(c.get(V1 + "/enterprises.csv").content.decode("utf-8-sig"))))
    t.eq(len(rows) - 1, items["total"], "%s: enterprises.csv holds only its scope" % label)
    usccs = {f["uscc"] for f in c.get(V1 + "/enterprises?page_size=200").json()["items"]}
    rows = list(csv.reader(io.StringIO(c.get(V1 + "/annual.csv").content.decode("utf-8-sig"))))
    t.ok(all(r[0] in usccs for r in rows[1:]), "%s: annual.csv holds only its scope" % label)
    wb = openpyxl.load_workbook(io.BytesIO(c.get(V1 + "/enterprises.xlsx").content), read_only=True)
    t.eq(sum(1 for _ in wb.worksheets[0].iter_rows()) - 1, items["total"],
         "%s: enterprises.xlsx holds only its scope" % label)
    wb = openpyxl.load_workbook(io.BytesIO(c.get(V1 + "/annual.xlsx").content), read_only=True)
    t.ok(all(r[0] in usccs for r in list(wb.worksheets[0].iter_rows(values_only=True))[1:]),
         "%s: annual.xlsx holds only its scope" % label)

# district writes stay in scope
r = dist.patch(V1 + "/enterprises/" + in_district, json={"district": "500101"})
t.ok(r.status_code == 403 and r.json()["errors"][0]["field"] == "/district",
     "a district user cannot move a firm out of its district")
r = dist.patch(V1 + "/enterprises/" + other_district, json={"phone": "023-1"})
t.eq(r.status_code, 404, "nor touch another district's firm (404)")
r = firm.patch(V1 + "/enterprises/" + OWN, json={"industry": "C3670"})
t.ok(r.status_code == 403 and r.json()["errors"][0]["field"] == "/industry",
     "an enterprise user cannot change its industry")
r = firm.patch(V1 + "/enterprises/" + OWN, json={"phone": "023-65550000"})
t.eq(r.status_code, 200, "but may change its own contact data")
r = firm.put(V1 + "/enterprises/%s/annual/2024" % OWN, json={"employees": 77})
t.ok(r.status_code in (200, 201), "and its own figures")
head = "统一社会信用代码,企业名称,所属区县,国民经济行业代码\n"
row = "%s,重庆外区有限公司,万州区,C3562\n" % other_district
r = dist.post(V1 + "/imports/enterprises", data=(head + row).encode(), headers={"Content-Type": "text/csv"})
t.ok(r.status_code == 422 and "无权" in r.json()["errors"][0]["message"],
     "a district import of another district's firm is a row error")
ann = "统一社会信用代码,年度,从业人员数\n%s,2024,5\n" % other_district
r = dist.post(V1 + "/imports/annual", data=ann.encode(), headers={"Content-Type": "text/csv"})
t.ok(r.status_code == 422 and "未知企业" in r.json()["errors"][0]["message"],
     "annual rows of another district read like unknown firms")
r = dist.post(V1 + "/enterprises", json={"uscc": "91500101MA5UABCD1X", "name": "x", "district": "万州区",
                                          "industry": "C35"})
t.ok(r.status_code in (400, 403), "a district user cannot register a firm elsewhere")

# personal data masked for the viewer, shown to city, district and the firm
vf = viewer.get(V1 + "/enterprises/" + OWN).json()
cf = city.get(V1 + "/enterprises/" + OWN).json()
df = dist.get(V1 + "/enterprises/" + OWN).json()
ff = firm.get(V1 + "/enterprises/" + OWN).json()
t.ok(cf["phone"] and "*" not in cf["phone"] and df["phone"] == cf["phone"] and ff["phone"] == cf["phone"],
     "city, district and the firm see the phone")
t.ok(vf["phone"] != cf["phone"] and "****" in vf["phone"], "the viewer sees it masked", vf["phone"])
t.ok(vf["contact"] != cf["contact"] and vf["contact"].endswith("**"), "and the contact masked", vf["contact"])
rows = list(csv.reader(io.StringIO(viewer.get(V1 + "/enterprises.csv").content.decode("utf-8-sig"))))
t.ok(all("****" in r[9] or not r[9] for r in rows[1:]), "the viewer's CSV export is masked too")
t.ok(srv.alive(), "server still up")
t.done()
