#!/usr/bin/python3
"""Black-box: the cultivation workflow through the HTTP API, one user per
role, against a real `zjtx serve` on the demo database (business date
2026-11-28, pinned with --today):

  - the city opens a batch; the firm applies (snapshot, self-assessment),
    declares, uploads, submits; the district returns it with a reason and
    approves the resubmission; the city approves and draws experts, appoints
    the demo expert; three experts score (one outlier); the city finalizes,
    publicizes, records an objection and, after the notice (server restarted
    on a later date), resolves it and recognizes the firm; a second
    application ends rejected;
  - in every state on that path, every role asks for every move the table
    does not give it: each is refused with the service's reason (403 for a
    role, 409 for a state or guard, 404 out of scope), and guards that fail
    say which rule;
  - scope: other districts, other firms and unassigned experts get 404;
    lists and exports hold only what the caller may see;
  - attachments: type from the bytes, empty, too large, too many, download;
  - blind review: the expert sees no firm name, code, district, filer or
    file name;
  - targets, trajectory, re-review, re-evaluation, exits and the 3-year bar."""
import csv
import io
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T  # noqa: E402
from zjtxapi import Server, is_problem  # noqa: E402

import openpyxl  # noqa: E402

t = T()
srv = Server(firms=300)
V1 = "/api/v1"
VA = V1 + "/applications"

city = srv.client("city")
dist = srv.client("district")        # 沙坪坝区 500106
lj = srv.client("liangjiang")        # 两江新区 5001LJ
firm = srv.client("firm")            # an SRDI firm of 沙坪坝区
expert = srv.client("expert")
viewer = srv.client("viewer")
auditor = srv.client("auditor")
security = srv.client("security")
OWN = srv.accounts["firm"]["uscc"]

PDF = b"%PDF-1.4\n% zjtx test\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60

REF = city.get(V1 + "/workflow/transitions").json()
TABLE = {(x["from"], x["to"]): x for x in REF["transitions"]}
STATES = [x["key"] for x in REF["states"]]
LABEL = {x["key"]: x["label"] for x in REF["states"]}
ROLE_LABEL = {"city": "市经信委", "district": "区县经信部门", "enterprise": "企业",
              "viewer": "领导", "expert": "评审专家"}
t.eq(len(REF["transitions"]), 12, "the table has its 12 moves")
t.ok(any(d["key"] == "decl_truth" and d["declaration"] and d["text"] for d in REF["documents"]),
     "the declarations come with their text")


def move(c, app, to=None, action=None, **kw):
    body = dict(kw)
    if to:
        body["to"] = to
    if action:
        body["action"] = action
    return c.post(VA + "/%d/transitions" % app, json=body)


def state(app):
    return city.get(VA + "/%d" % app).json()["state"]


# ---- the city opens a batch ----
r = city.post(V1 + "/batches", json={"name": "测试:2026年度小巨人企业推荐(补充批次)",
                                      "tier": "little_giant", "year": 2026,
                                      "opens": "2026-11-23", "closes": "2026-12-31",
                                      "experts": 2, "notice_days": 5, "doc_no": "渝经信测〔2026〕1号"})
t.eq(r.status_code, 201, "the city opens a batch", r.text)
batch = r.json()
BID = batch["id"]
t.ok(batch["criteria"] == "little-giant-2025" and batch["status"] == "open" and batch["blind"]
     and batch["term_years"] == 3 and batch["counts"]["draft"] == 0,
     "defaults: the criteria in force, open today, blind, 3 years, no applications", batch)
t.eq(r.headers.get("Location"), "/api/v1/batches/%d" % BID, "with its Location")
r = dist.post(V1 + "/batches", json={"name": "x", "tier": "srdi", "year": 2026,
                                      "opens": "2026-11-23", "closes": "2026-12-31"})
t.ok(is_problem(r, 403), "a district cannot open a batch")
r = city.post(V1 + "/batches", json={"name": "x", "tier": "srdi", "year": 2026,
                                      "opens": "2026-12-31", "closes": "2026-11-23"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/closes",
     "closes before opens is refused on /closes")
r = city.patch(V1 + "/batches/%d" % BID, json={"tier": "srdi"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/tier",
     "the tier of a batch cannot change")
r = city.patch(V1 + "/batches/%d" % BID, json={"review_due": "2026-12-25"})
t.ok(r.status_code == 200 and r.json()["review_due"] == "2026-12-25", "the review deadline is set")
for who, c in (("firm", firm), ("district", dist), ("viewer", viewer)):
    ids = [b["id"] for b in c.get(V1 + "/batches", params={"status": "open"}).json()]
    t.ok(BID in ids, "%s sees the open batch" % who)
t.ok(BID not in [b["id"] for b in expert.get(V1 + "/batches").json()],
     "an expert sees only the batches it reviews in")

# ---- the firm applies ----
r = firm.post(VA, json={"batch": BID})
t.eq(r.status_code, 201, "the firm applies for itself", r.text)
app = r.json()
A = app["id"]
t.ok(app["state"] == "draft" and app["uscc"] == OWN and app["tier"] == "little_giant",
     "a draft for its own firm")
t.ok(app["snapshot"] and app["snapshot"]["uscc"] == OWN and app["snapshot"]["annual"],
     "the firm's figures are snapshotted")
sa = app["self_assessment"] or {}
t.ok(sa.get("text") or sa.get("note"), "the self-assessment comes with its explanation",
     str(sa)[:300])
t.ok([m["action"] for m in app["next"]] == ["submit"], "next: the firm may submit")
t.eq(app["deadline"], "2026-12-31", "a draft's deadline is the window's close")
r = firm.post(VA, json={"batch": BID})
t.ok(is_problem(r, 409) and "已有进行中" in r.json()["detail"], "one open application per tier")
r = firm.post(VA, json={"batch": BID, "uscc": srv.accounts["firm"]["uscc"][:17] + "0"})
t.ok(r.status_code in (400, 404), "nor for a code that is not its own")

# guards say which rule fails
r = move(firm, A, action="submit")
t.ok(is_problem(r, 409) and "必备材料" in r.json()["detail"] and "真实性声明" in r.json()["detail"],
     "submitting without documents names what is missing", r.text)
for kind in ("decl_truth", "decl_compliance"):
    r = firm.post(VA + "/%d/declarations" % A, json={"kind": kind})
    t.ok(r.status_code == 201 and r.json()["declaration"], "declared %s" % kind, r.text)
r = firm.post(VA + "/%d/declarations" % A, json={"kind": "application_form"})
t.ok(is_problem(r, 400), "a file kind is not a declaration")

# ---- attachments ----
r = firm.post(VA + "/%d/attachments?kind=application_form" % A,
              files={"file": ("申报书.pdf", PDF, "application/pdf")})
t.ok(r.status_code == 201 and r.json()["type"] == "pdf" and r.json()["name"] == "申报书.pdf"
     and r.json()["size"] == len(PDF), "a PDF upload (multipart)", r.text)
form_id = r.json()["id"]
r = firm.post(VA + "/%d/attachments?kind=financial_audit&filename=审计报告.pdf" % A, data=PNG,
              headers={"Content-Type": "application/octet-stream"})
t.ok(r.status_code == 201 and r.json()["type"] == "png" and r.json()["name"].endswith(".png"),
     "the type comes from the bytes (a PNG named .pdf is a PNG)", r.text)
r = firm.post(VA + "/%d/attachments?kind=other" % A, files={"file": ("x.pdf", EXE)})
t.ok(is_problem(r, 400) and "PDF" in r.json()["detail"] and r.json()["errors"][0]["field"] == "file",
     "an executable is refused, naming the accepted types", r.text)
r = firm.post(VA + "/%d/attachments?kind=other" % A, files={"file": ("empty.pdf", b"")})
t.ok(is_problem(r, 400), "an empty file is refused")
r = firm.post(VA + "/%d/attachments?kind=nonsense" % A, files={"file": ("x.pdf", PDF)})
t.ok(is_problem(r, 400) and "类别" in r.json()["detail"], "an unknown kind is refused")
big = PDF + b"\x00" * (20 * 1024 * 1024 + 1 - len(PDF))
r = firm.post(VA + "/%d/attachments?kind=other" % A, data=big,
              headers={"Content-Type": "application/octet-stream"})
t.ok(is_problem(r, 413) and "20 MiB" in r.json()["detail"], "20 MiB + 1 byte is 413", r.text[:300])
r = firm.post(VA + "/%d/attachments?kind=other" % A, data=big + b"\x00" * 200000,
              headers={"Content-Type": "application/octet-stream"})
t.eq(r.status_code, 413, "a body beyond the route's limit is 413 too")
r = firm.get(V1 + "/attachments/%d" % form_id)
t.ok(r.status_code == 200 and r.content == PDF and r.headers["Content-Type"] == "application/pdf"
     and "attachment" in r.headers.get("Content-Disposition", ""), "the firm downloads its file")
t.eq(lj.get(V1 + "/attachments/%d" % form_id).status_code, 404, "another district cannot")
t.eq(dist.get(V1 + "/attachments/%d" % form_id).status_code, 200, "its district can")

# ---- every move the table does not give a role is refused, in every state ----
ACTORS = [("firm", "enterprise", firm), ("district", "district", dist),
          ("liangjiang", "district", lj), ("city", "city", city), ("viewer", "viewer", viewer),
          ("expert", "expert", expert)]
probes = {"n": 0, "bad": []}


def probe(app_id, st, visible):
    """Every (role, target) not allowed from st is refused with its reason."""
    for label, role, c in ACTORS:
        for to in STATES:
            row = TABLE.get((st, to))
            if row and role in row["roles"] and visible(label):
                continue  # an allowed move: made on the journey, not here
            r = move(c, app_id, to=to)
            probes["n"] += 1
            d = r.json().get("detail", "") if r.headers.get("Content-Type", "").startswith(
                "application/problem+json") else ""
            if role in ("viewer", "expert"):
                ok = r.status_code == 403 and ROLE_LABEL[role] in d
            elif not visible(label):
                ok = r.status_code == 404
            elif row is None:
                ok = (r.status_code == 409 and LABEL[st] in d and "不能变为" in d
                      and ROLE_LABEL[role] in d)
            else:
                ok = (r.status_code == 403 and "角色「%s」" % ROLE_LABEL[role] in d
                      and row["label"] in d and LABEL[st] in d and "可由" in d)
            if not ok:
                probes["bad"].append("%s %s→%s: %d %s" % (label, st, to, r.status_code, d))


def own(label):
    return label in ("firm", "district", "city")


probe(A, "draft", own)
r = move(dist, A, action="submit")
t.eq(r.status_code, 200, "the district may submit on the firm's behalf", r.text)
move(dist, A, to="returned", comment="测试退回:请补充审计报告")  # back for the firm's own path
t.eq(state(A), "returned", "returned")
r = move(firm, A, action="resubmit")
t.eq(r.status_code, 200, "the firm resubmits", r.text)
probe(A, "submitted", own)
r = move(dist, A, action="return")
t.ok(is_problem(r, 409) and "理由" in r.json()["detail"], "returning needs a reason", r.text)
r = move(dist, A, action="return", comment="请补充近三年研发费用专项审计报告")
t.ok(r.status_code == 200 and r.json()["application"]["state"] == "returned"
     and r.json()["application"]["note"] == "请补充近三年研发费用专项审计报告",
     "the district returns it with the reason")
probe(A, "returned", own)
t.eq(move(firm, A, to="submitted").status_code, 200, "the firm resubmits (by target state)")
r = move(dist, A, action="district_approve", comment="材料齐全")
t.eq(r.status_code, 200, "the district approves")
probe(A, "district_approved", own)
t.eq(move(city, A, action="city_approve").status_code, 200, "the city approves")
probe(A, "city_approved", own)
r = move(city, A, action="assign")
t.ok(r.status_code == 200 and r.json()["experts_drawn"] == 2 and r.json()["pool_eligible"] >= 2,
     "the city draws two experts from the pool", r.text[:400])
drawn = [x["expert"] for x in r.json()["application"]["reviews"]]
pool = {x["id"]: x["username"] for x in city.get(V1 + "/experts").json()}
drawn_users = [pool[i] for i in drawn]
t.eq(len(set(drawn_users)), 2, "two distinct experts")

# the demo's expert account is appointed (or was drawn)
if "expert" in drawn_users:
    r = city.post(VA + "/%d/experts" % A, json={"username": "expert", "reason": "增补"})
    t.ok(is_problem(r, 409) and "已是" in r.json()["detail"], "an expert cannot be appointed twice")
else:
    r = city.post(VA + "/%d/experts" % A, json={"username": "expert", "reason": "增补智能制造专家"})
    t.ok(r.status_code == 201 and r.json()["reviews_assigned"] == 3, "the city appoints the demo expert",
         r.text[:300])
r = dist.post(VA + "/%d/experts" % A, json={"username": "expert", "reason": "x"})
t.ok(is_problem(r, 403), "a district cannot appoint experts")


probe(A, "expert_review", own)

# ---- blind review ----
mine = expert.get(VA, params={"page_size": 200}).json()["items"]
mine_ids = [x["id"] for x in mine]
t.ok(A in mine_ids, "the expert's list holds the application")
x = [i for i in mine if i["id"] == A][0]
t.ok(x["blind"] and x["name"] is None and x["uscc"] is None and x["unit"] is None
     and x["filed_by"] is None, "blind: no firm name, code, district or filer in the list")
d = expert.get(VA + "/%d" % A).json()
t.ok(d["name"] is None and "name" not in d["snapshot"] and "uscc" not in d["snapshot"]
     and d["snapshot"]["annual"], "the snapshot keeps the figures, not the identity")
t.ok(d["objections"] is None and all(rv["expert_name"] for rv in d["reviews"])
     and len(d["reviews"]) == 1, "the expert sees only its own review, no objections")
atts = expert.get(VA + "/%d/attachments" % A).json()
t.ok(atts and all(a["name"].startswith("附件") or a["declaration"] for a in atts)
     and all(not a["uploaded_by"] for a in atts if not a["declaration"]),
     "file names and uploaders are hidden", atts)
ev = expert.get(VA + "/%d/events" % A).json()
t.ok(all(e["actor"] == "***" for e in ev if e["role"] in ("enterprise", "district")),
     "the log hides who filed and reviewed in the district")
csv_rows = list(csv.reader(io.StringIO(expert.get(V1 + "/applications.csv").content.decode("utf-8-sig"))))
t.ok(len(csv_rows) == len(mine_ids) + 1 and all(r[2] == "(匿名)" and r[3] == "(匿名)"
                                                  for r in csv_rows[1:] if r[1].startswith("测试")),
     "the expert's export is blind too")
others = [a["id"] for a in city.get(VA, params={"state": "expert_review"}).json()["items"]
          if a["id"] not in mine_ids]
if others:
    t.eq(expert.get(VA + "/%d" % others[0]).status_code, 404, "an unassigned application is 404")

# ---- scores ----
r = move(city, A, action="finalize")
t.ok(is_problem(r, 409) and "评分" in r.json()["detail"], "finalizing waits for every score", r.text)
r = expert.put(VA + "/%d/score" % A, json={"score": 100.5})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/score", "a score over 100 is refused")
r = expert.put(VA + "/%d/score" % A, json={"score": 60.25})
t.ok(is_problem(r, 400), "more than one decimal is refused")
r = expert.put(VA + "/%d/score" % A, json={"score": 60, "comment": "研发投入偏低"})
t.ok(r.status_code == 200 and r.json()["reviews"][0]["score"] == 60, "the demo expert scores 60",
     r.text[:300])
r = firm.put(VA + "/%d/score" % A, json={"score": 99})
t.ok(is_problem(r, 403), "a firm cannot score")
scores = {}
for u, sc in zip(drawn_users, (85.5, 82.0)):
    if u == "expert":
        continue
    made = security.post(V1 + "/users", json={"username": u, "display_name": "专家" + u,
                                               "role": "expert"})
    t.eq(made.status_code, 201, "an account for drawn expert %s" % u, made.text)
    pw = made.json()["initial_password"]
    c = srv.client(u, pw)
    c.post(V1 + "/session/password", json={"old_password": pw, "new_password": "Expert#2026-pass"})
    r = c.put(VA + "/%d/score" % A, json={"score": sc, "comment": "技术领先"})
    t.eq(r.status_code, 200, "expert %s scores %s" % (u, sc), r.text[:300])
    scores[u] = sc
r = move(city, A, action="finalize")
t.eq(r.status_code, 200, "the city sums up the scores", r.text[:300])
if len(scores) == 2:
    s = r.json()["score"]
    t.ok(s["mean"] == 75.83 and s["median"] == 82.0 and s["outliers"] == 1 and s["scores"] == 3,
         "mean (85.5 + 82 + 60) / 3 = 75.83, median 82, 60 flagged (more than 15 from it)", s)
    t.ok([rv["outlier"] for rv in r.json()["application"]["reviews"]].count(True) == 1,
         "the outlier is marked on its review")
t.ok(all(e["actor"] == "***" and not e["comment"]
         for e in firm.get(VA + "/%d/events" % A).json() if e["role"] == "expert"),
     "the firm does not see which expert scored what")
t.eq(firm.get(VA + "/%d" % A).json()["reviews"], None, "nor the reviews")
probe(A, "scored", own)

# ---- public notice ----
r = move(city, A, action="publicize")
t.ok(r.status_code == 200 and r.json()["notice_start"] == "2026-11-30"
     and r.json()["notice_end"] == "2026-12-04",
     "published on Saturday 11-28: notice Monday 11-30 to Friday 12-04 (5 working days)", r.text[:300])
r = city.post(VA + "/%d/objections" % A, json={"content": "反映该企业主导产品市场占有率数据有误",
                                                "source": "同行企业"})
t.ok(r.status_code == 201 and r.json()["status"] == "open", "the city records an objection")
OBJ = r.json()["id"]
r = dist.post(VA + "/%d/objections" % A, json={"content": "x"})
t.ok(is_problem(r, 403), "a district does not record objections")
r = move(city, A, action="recognize", doc_no="渝经信测〔2026〕2号")
t.ok(is_problem(r, 409) and ("公示期" in r.json()["detail"] or "异议" in r.json()["detail"]),
     "no recognition during the notice", r.text)
probe(A, "publicized", own)
pub = city.get(VA, params={"state": "publicized", "page_size": 200}).json()
t.ok(any(a["id"] == A and a["open_objections"] == 1 for a in pub["items"]),
     "the notice list shows the open objection")

# ---- after the notice: the server runs on a later business date ----
srv.stop()
srv.start(["--today", "2026-12-07"])
for c in (city, dist, lj, firm, expert, viewer, auditor, security):
    c.url = srv.url
r = move(city, A, action="recognize")
t.ok(is_problem(r, 409) and "异议" in r.json()["detail"], "an open objection blocks recognition", r.text)
r = city.post(V1 + "/objections/%d/resolution" % OBJ, json={"upheld": False,
                                                            "resolution": "经核实数据无误,异议不成立"})
t.ok(r.status_code == 200 and r.json()["status"] == "dismissed", "the objection is dismissed")
r = city.post(V1 + "/objections/%d/resolution" % OBJ, json={"upheld": True, "resolution": "x"})
t.ok(is_problem(r, 409), "an objection is resolved once")
r = move(city, A, action="recognize", doc_no="渝经信测〔2026〕2号")
t.ok(r.status_code == 200 and r.json()["valid_from"] == "2026-12-07"
     and r.json()["valid_until"] == "2029-12-06",
     "recognized from 12-07, valid three years less a day", r.text[:300])
tiers = city.get(V1 + "/enterprises/%s/tiers" % OWN).json()
t.ok(tiers["current"]["tier"] == "little_giant" and tiers["current"]["doc_no"] == "渝经信测〔2026〕2号",
     "the firm's tier history has the recognition")
probe(A, "recognized", own)
acts = [e["action"] for e in city.get(VA + "/%d/events" % A).json()]
for a in ("create", "declare", "attach", "submit", "return", "resubmit", "district_approve",
          "city_approve", "assign", "score", "finalize", "publicize", "objection",
          "objection_resolve", "recognize"):
    t.ok(a in acts, "the log holds %s" % a)
audit = auditor.get(V1 + "/audit", params={"entity": "application", "id": str(A),
                                              "page_size": 200}).json()["items"]
t.ok({"application.submit", "application.assign", "application.recognize"} <=
     {e["action"] for e in audit} and all(e["actor"] and e["role"] for e in audit),
     "every move is in the audit log with actor and role")
t.ok(any(e["action"] == "application.return" and e["role"] == "district" and e["ip"] for e in audit),
     "with the client address")

# ---- a second application ends rejected ----
f2 = None
for f in city.get(V1 + "/enterprises", params={"district": "500106", "tier": "srdi",
                                                  "page_size": 200}).json()["items"]:
    if f["uscc"] == OWN:
        continue
    r = dist.post(VA, json={"batch": BID, "uscc": f["uscc"]})
    if r.status_code == 201:
        f2 = r.json()["id"]
        break
t.ok(f2, "the district applies for another firm of its district")
for kind in ("decl_truth", "decl_compliance"):
    dist.post(VA + "/%d/declarations" % f2, json={"kind": kind})
for kind in ("application_form", "financial_audit"):
    dist.post(VA + "/%d/attachments?kind=%s" % (f2, kind), files={"file": ("a.pdf", PDF)})
t.eq(move(dist, f2, action="submit").status_code, 200, "the district submits it")
t.eq(move(dist, f2, action="district_approve").status_code, 200, "and approves it")
r = move(city, f2, action="city_reject")
t.ok(is_problem(r, 409) and "理由" in r.json()["detail"], "rejecting needs a reason")
r = move(city, f2, action="city_reject", comment="=HYPERLINK(\"x\") 研发费用占比不足")
t.eq(r.status_code, 200, "the city rejects it with the reason")
probe(f2, "rejected", lambda label: label in ("district", "city"))
t.ok(not probes["bad"], "%d refused moves, each with its reason" % probes["n"],
     "\n".join(probes["bad"][:30]))

# ---- scope ----
t.eq(lj.get(VA + "/%d" % A).status_code, 404, "another district: 404")
t.ok(all(a["unit"] == "5001LJ" for a in lj.get(VA, params={"page_size": 200}).json()["items"]),
     "a district lists only its unit's applications")
t.eq(lj.get(VA, params={"district": "500106"}).json()["total"], 0,
     "asking for another district finds nothing")
own_list = firm.get(VA, params={"page_size": 200}).json()["items"]
t.ok(own_list and all(a["uscc"] == OWN for a in own_list), "the firm lists only its own")
t.eq(firm.get(VA + "/%d" % f2).status_code, 404, "another firm's application: 404")
t.eq(viewer.get(VA + "/%d" % A).status_code, 200, "the viewer reads")
t.eq(move(viewer, A, action="recognize").status_code, 403, "but moves nothing")
t.ok(is_problem(auditor.get(VA), 403), "the auditor does not see applications")
r = dist.get(V1 + "/batches/%d" % BID).json()
t.ok(sum(r["counts"].values()) == 2 and r["counts"]["recognized"] == 1, "batch counts in scope", r)
t.eq(lj.get(V1 + "/batches/%d" % BID).json()["applications"], 0, "nothing of it in 两江新区")

# ---- exports ----
rows = list(csv.reader(io.StringIO(city.get(V1 + "/applications.csv",
                                            params={"batch": BID}).content.decode("utf-8-sig"))))
t.eq(len(rows), 3, "CSV of the batch: a header and two rows")
t.ok(rows[0][:4] == ["编号", "申报批次", "统一社会信用代码", "企业名称"], "Chinese headers")
t.ok(any(r[17].startswith("'=HYPERLINK") for r in rows[1:]), "a formula-like reason is defused")
r = city.get(V1 + "/applications.xlsx", params={"batch": BID, "state": "recognized"})
wb = openpyxl.load_workbook(io.BytesIO(r.content))
ws = wb.worksheets[0]
data = list(ws.iter_rows(values_only=True))
t.ok(len(data) == 2 and data[1][2] == OWN and data[1][7] == "已认定" and ws.freeze_panes == "A2"
     and ws.auto_filter.ref, "XLSX filtered by state, frozen header, autofilter", data)
t.ok("attachment" in r.headers.get("Content-Disposition", ""), "as a download")
d_rows = list(csv.reader(io.StringIO(dist.get(V1 + "/applications.csv").content.decode("utf-8-sig"))))
d_total = dist.get(VA, params={"page_size": 1}).json()["total"]
t.eq(len(d_rows) - 1, d_total, "the district's export holds its list")
over = city.get(VA, params={"overdue": 1, "page_size": 200}).json()
t.ok(over["total"] > 0 and all(a["overdue"] and a["deadline"] for a in over["items"]),
     "the overdue list carries deadlines")

# ---- targets and dynamic management ----
p = city.get(V1 + "/targets/progress", params={"set": "cq-2020-notice"}).json()
srdi = [x for x in p["items"] if x["tier"] == "srdi" and x["year"] == 2025][0]
t.ok(srdi["target"] == 1600 and srdi["gap"] == 1600 - srdi["held"] and srdi["ladder"],
     "the notice's 1600 SRDI firms, with the gap", srdi)
t.ok({x["tier"]: x["target"] for x in p["items"]} == {"srdi": 1600, "little_giant": 150,
                                                      "champion": 60},
     "and 150 little giants, 60 champions")
t.ok(viewer.get(V1 + "/targets/progress").status_code == 200, "the viewer reads targets")
t.ok(is_problem(firm.get(V1 + "/targets/progress"), 403), "a firm does not")
tr = city.get(V1 + "/targets/trajectory", params={"tier": "srdi", "from": 2020, "to": 2026}).json()
t.ok(len(tr["items"]) == 7 and tr["items"][-1]["measured_on"] == "today", "a trajectory 2020-2026")
r = city.put(V1 + "/targets/test-set/srdi/2027", json={"target": 90, "label": "测试目标"})
t.ok(r.status_code == 200 and r.json()["target"] == 90, "the city sets a target")
r = city.put(V1 + "/targets/no-such-set/srdi/2027", json={"target": 1})
t.ok(is_problem(r, 404), "a target of an unknown set needs its label")
rr = city.get(V1 + "/rereview", params={"months": 12}).json()
t.ok(rr["count"] == len(rr["items"]) and all(x["days_left"] >= 0 for x in rr["items"]),
     "the re-review list")
rd = dist.get(V1 + "/rereview", params={"months": 12}).json()
t.ok(len(rd["items"]) < len(rr["items"]) and {x["uscc"] for x in rd["items"]} <= {x["uscc"] for x in rr["items"]},
     "the district's re-review list is its share of the city's")
ev = city.get(V1 + "/reevaluation", params={"tier": "little_giant"}).json()
t.ok(ev["stats"]["firms"] == len(ev["items"]) and not ev["recorded"], "a re-evaluation preview")
victim = [f for f in city.get(V1 + "/enterprises", params={"district": "500106", "tier": "srdi",
                                                            "page_size": 200}).json()["items"]
          if f["uscc"] != OWN][-1]["uscc"]
r = city.post(V1 + "/enterprises/%s/exit" % victim,
              json={"tier": "srdi", "reason": "fraud", "detail": "申报数据造假", "date": "2026-12-07"})
t.ok(r.status_code == 201 and r.json()["bar_until"] == "2029-12-06",
     "an exit for data fraud bars re-application until 2029-12-06", r.text)
r = dist.post(VA, json={"batch": BID, "uscc": victim})
t.ok(is_problem(r, 409) and "2029-12-06" in r.json()["detail"], "the firm cannot apply", r.text)
t.ok(any(x["uscc"] == victim for x in dist.get(V1 + "/exits").json()), "its district sees the exit")
t.ok(not any(x["uscc"] == victim for x in lj.get(V1 + "/exits").json()), "another district does not")
t.ok(srv.alive(), "server still up")
t.done()
