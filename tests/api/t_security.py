#!/usr/bin/python3
"""Black-box: the security rules of the API against real servers: CSRF,
session idle and absolute expiry (shortened with the hidden --session-idle
and --session-absolute options), the Secure cookie flag, sign-in throttling
and account lockout, 三员分立, no default account, and hostile input
(malformed JSON, deep nesting, invalid UTF-8, huge bodies and headers):
each is a 4xx problem+json and the server stays up."""
import os
import socket
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, make_uscc  # noqa: E402
from zjtxapi import Server, is_problem  # noqa: E402

t = T()
V1 = "/api/v1"

# ================= CSRF, tokens and hostile input =================
srv = Server(firms=100)
city = srv.client("city")
u = city.get(V1 + "/enterprises?page_size=1").json()["items"][0]["uscc"]
path = V1 + "/enterprises/" + u
r = city.patch(path, json={"phone": "023-1111"}, csrf=False)
t.ok(is_problem(r, 403) and "CSRF" in r.json()["detail"], "cookie write without X-CSRF-Token: 403")
r = city.patch(path, json={"phone": "023-1111"}, headers={"X-CSRF-Token": "x" * 43})
t.ok(is_problem(r, 403), "a wrong CSRF token: 403")
other = srv.client("district")
r = city.patch(path, json={"phone": "023-1111"}, headers={"X-CSRF-Token": other.csrf})
t.ok(is_problem(r, 403), "another session's CSRF token: 403 (bound to the session)")
t.eq(city.patch(path, json={"phone": "023-1111"}).status_code, 200, "the session's own token: 200")
t.eq(city.get(path, csrf=False).status_code, 200, "reads need no CSRF token")
r = city.delete(V1 + "/session", csrf=False)
t.ok(is_problem(r, 403), "even sign-out needs the CSRF token")
tok = srv.token_client("city", "write")
t.eq(tok.patch(path, json={"phone": "023-2222"}).status_code, 200, "Bearer writes need no CSRF token")
r = tok.delete(V1 + "/session")
t.ok(is_problem(r, 403), "a token cannot end a session")
r = tok.post(V1 + "/session/password", json={"old_password": "a", "new_password": "b"})
t.ok(is_problem(r, 403), "nor change a password")
bad = srv.anon()
bad.s.headers["Authorization"] = "Bearer zjtx_" + "A" * 43
r = bad.get(V1 + "/enterprises")
t.ok(is_problem(r, 401) and "Bearer" in r.headers.get("WWW-Authenticate", ""), "unknown token: 401 with WWW-Authenticate")
bad.s.headers["Authorization"] = "Bearer short"
t.eq(bad.get(V1 + "/enterprises").status_code, 401, "malformed token: 401")
t.eq(bad.get(V1 + "/session").json()["user"], None, "a bad token on a public route is just anonymous")

anon = srv.anon()
J = {"Content-Type": "application/json"}


def post_raw(data, headers=J, path=V1 + "/session"):
    return anon.s.post(srv.url + path, data=data, headers=headers, timeout=30)


cases = [
    ("malformed JSON", b'{"username": "city", "password": ', 400),
    ("JSON that is not an object", b'["city"]', 400),
    ("duplicate keys", b'{"username":"a","username":"b","password":"x"}', 400),
    ("nesting deeper than the limit", b'{"a":' * 100 + b'1' + b'}' * 100, 400),
    ("invalid UTF-8 in a string", b'{"username":"\xff\xfe","password":"x"}', 400),
    ("a NUL escape", b'{"username":"a\\u0000b","password":"x"}', 400),
    ("an empty body", b'', 400),
]
for name, data, want in cases:
    r = post_raw(data)
    t.ok(is_problem(r, want), "%s: %d problem+json" % (name, want), "%d %s" % (r.status_code, r.text[:200]))
r = post_raw(b'{"username":"a","password":"b"}', headers={"Content-Type": "text/plain"})
t.ok(is_problem(r, 400) and "Content-Type" in r.json()["detail"], "a non-JSON Content-Type: 400")
r = post_raw(b'{"username":"a","password":"' + b"x" * (2 * 1024 * 1024) + b'"}')
t.ok(is_problem(r, 413), "a 2 MiB body on a JSON route: 413")


def chunks():  # 1.5 MiB: over the limit, under the point where the server stops reading
    for _ in range(24):
        yield b"x" * 65536


r = anon.s.post(srv.url + V1 + "/session", data=chunks(), headers=J, timeout=60)
t.ok(is_problem(r, 413), "a chunked body over the limit: 413")
r = anon.s.get(srv.url + V1 + "/enterprises/%FF%FE", timeout=10)
t.ok(is_problem(r, 400), "invalid UTF-8 in the path: 400")
r = anon.s.get(srv.url + V1 + "/enterprises", params={"q": b"\xff".decode("latin-1")}, timeout=10)
t.ok(r.status_code in (400, 401) and is_problem(r), "invalid UTF-8 in the query: 4xx problem")
r = anon.s.get(srv.url + "/healthz", headers={"X-Big": "a" * 40000}, timeout=10)
t.ok(r.status_code == 431, "a 40 KB header: 431", r.status_code)


def raw(request, read=65536):
    s = socket.create_connection(("127.0.0.1", int(srv.url.rsplit(":", 1)[1])), timeout=10)
    s.sendall(request)
    data = b""
    try:
        while len(data) < read:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and b"Content-Length: " in data:
                head, body = data.split(b"\r\n\r\n", 1)
                n = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                if len(body) >= n:
                    break
    except socket.timeout:
        pass
    s.close()
    return data


resp = raw(b"POST " + V1.encode() + b"/imports/enterprises HTTP/1.1\r\nHost: x\r\n"
           b"Content-Type: text/csv\r\nContent-Length: 200000000\r\n\r\n")
t.ok(resp.startswith(b"HTTP/1.1 413") and b"problem+json" in resp,
     "a 200 MB upload is refused from its Content-Length (413) before reading it", resp[:100])
resp = raw(b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
t.ok(resp[:12] in (b"HTTP/1.1 405", b"HTTP/1.1 400", b"HTTP/1.1 501"), "an unknown method: 4xx/501", resp[:60])
resp = raw(b"GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")
t.ok(resp.startswith(b"HTTP/1.1 400"), "dot segments in the path: 400", resp[:60])
resp = raw(b"garbage\r\n\r\n")
t.ok(resp == b"" or resp.startswith(b"HTTP/1.1 400"), "garbage request line: 400 or closed")
mp = b"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nno end"
r = city.post(V1 + "/imports/enterprises", data=mp, headers={"Content-Type": "multipart/form-data; boundary=XX"})
t.ok(is_problem(r, 400), "a truncated multipart body: 400")
r = city.post(V1 + "/imports/enterprises", data=b"x", headers={"Content-Type": "multipart/form-data"})
t.ok(is_problem(r, 400), "multipart without a boundary: 400")
r = city.post(V1 + "/imports/enterprises", data=bytes(range(256)) * 64, headers={"Content-Type": "text/csv"})
t.ok(400 <= r.status_code < 500, "binary garbage as CSV: 4xx", r.status_code)
r = city.post(V1 + "/imports/enterprises", data=b"PK\x03\x04" + b"\0" * 100,
              headers={"Content-Type": "application/octet-stream"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "file", "a broken workbook: 400 naming file")
t.ok(srv.alive() and anon.get("/healthz").status_code == 200, "the server is still up and healthy")

# ================= 三员分立 and accounts =================
sec = srv.client("security")
users = {x["username"]: x for x in sec.get(V1 + "/users?page_size=100").json()["items"]}
for who, to in (("auditor", "admin"), ("admin", "security"), ("viewer", "auditor"), ("auditor", "city")):
    r = sec.patch(V1 + "/users/%d" % users[who]["id"], json={"role": to})
    t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/role" and "三员分立" in r.json()["detail"],
         "三员分立: %s cannot become %s" % (who, to))
r = sec.patch(V1 + "/users/%d" % users["viewer"]["id"], json={"role": "district", "district": "GXQ"})
t.ok(r.status_code == 200 and r.json()["district"] == "GXQ", "other role changes are allowed (viewer → district)")
r = sec.patch(V1 + "/users/%d" % users["security"]["id"], json={"role": "city"})
t.ok(r.status_code == 400, "security cannot change its own role")
r = sec.post(V1 + "/users", json={"username": "two_hats", "role": "admin,auditor"})
t.ok(is_problem(r, 400) and r.json()["errors"][0]["field"] == "/role", "no account holds two roles")
r = sec.post(V1 + "/users", json={"username": "two_hats", "role": ["admin", "auditor"]})
t.ok(is_problem(r, 400), "roles are one string, not a list")
srv.stop()
db = sqlite3.connect(srv.db)
try:
    db.execute("INSERT INTO users (username, role, password_hash, created_at, updated_at, "
               "password_changed_at) VALUES ('x2', 'admin,auditor', 'h', '', '', '')")
    refused = False
except sqlite3.IntegrityError:
    refused = True
t.ok(refused, "the database itself refuses a combined role (CHECK constraint)")
db.close()

fresh = Server(demo=False)
p = fresh.run("user", "list", "--format", "json")
t.eq((p.returncode, p.stdout.strip()), (0, "[]"), "a new database has no account at all (no default account)")
for name, pw in (("admin", "admin"), ("admin", "Admin@123"), ("root", "root")):
    t.eq(fresh.anon().sign_in(name, pw).status_code, 401, "no default account %s/%s" % (name, pw))
fresh.stop()

# ================= session expiry and the Secure flag =================
exp = Server(firms=20, serve_args=["--session-idle", "2", "--session-absolute", "5", "--secure-cookie"])
c = exp.anon()
r = c.sign_in("viewer", exp.password("viewer"))
t.ok("Secure" in r.headers.get("Set-Cookie", ""), "--secure-cookie adds Secure")
t.eq(r.json().get("idle_timeout"), 2, "the session answer states the idle timeout")
# requests does not send Secure cookies over http: copy it by hand
tok = r.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
c.s.cookies.set("zjtx_session", tok)
time.sleep(1)
t.eq(c.get(V1 + "/enterprises").status_code, 200, "used within the idle timeout: 200")
time.sleep(3.2)
r = c.get(V1 + "/enterprises")
t.ok(is_problem(r, 401) and "超时" in r.json()["detail"], "idle for longer than the timeout: 401", r.text)
t.eq(c.get(V1 + "/enterprises").status_code, 401, "and the session is gone for good")
c = exp.anon()
r = c.sign_in("viewer", exp.password("viewer"))
c.s.cookies.set("zjtx_session", r.headers["Set-Cookie"].split(";")[0].split("=", 1)[1])
start = time.time()
codes = []
while time.time() - start < 6.5:
    codes.append(c.get(V1 + "/session").json()["user"] is not None)
    time.sleep(0.8)
t.ok(codes[0] and codes[-1] is False and codes.index(False) >= 4,
     "kept busy, the session still ends at the absolute limit (5 s)", codes)
exp.stop()

# ================= security headers on every answer =================
hs = Server(demo=False)
for path in ("/healthz", V1 + "/openapi.json", V1 + "/enterprises"):
    h = hs.anon().get(path).headers
    csp = h.get("Content-Security-Policy", "")
    t.ok("script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
         and "script-src 'self' 'unsafe-inline'" not in csp,
         "%s: a CSP with scripts from the server only, no framing" % path, csp)
    t.ok(h.get("X-Content-Type-Options") == "nosniff" and h.get("X-Frame-Options") == "DENY",
         "%s: nosniff and no framing (older browsers)" % path)
hs.stop()

# ================= throttling and lockout =================
thr = Server(firms=10)
a = thr.anon()
for i in range(5):
    r = a.sign_in("city", "Wrong-pass-%d" % i)
t.eq(r.status_code, 401, "five wrong passwords: 401 each")
r = a.sign_in("city", thr.password("city"))
ra = int(r.headers.get("Retry-After", "0"))
t.ok(is_problem(r, 429) and 800 < ra <= 900 and "锁定" in r.json()["detail"],
     "the sixth attempt, even with the right password: 429, locked ~15 min", "%s %s" % (ra, r.text))
t.eq(thr.anon().sign_in("viewer", thr.password("viewer")).status_code, 200, "other accounts are not locked")
thr.stop()
thr.start()  # the throttle is restored from the audit log: a restart lifts nothing
a = thr.anon()
r = a.sign_in("city", thr.password("city"))
t.ok(is_problem(r, 429) and 700 < int(r.headers.get("Retry-After", "0")) <= 900,
     "after a restart the account is still locked", "%s %s" % (r.headers.get("Retry-After"), r.text))
t.eq(thr.anon().sign_in("viewer", thr.password("viewer")).status_code, 200,
     "and the others still sign in")
for i in range(4):  # address failures 6..10 are still free
    t.eq(a.sign_in("nobody%d" % i, "Wrong-pass-1").status_code, 401, "failure %d from this address" % (i + 6))
t.eq(a.sign_in("nobody9", "Wrong-pass-1").status_code, 401, "the 10th failure from this address")
t.eq(a.sign_in("nobody10", "Wrong-pass-1").status_code, 401, "the 11th: refused, and now the address waits")
r = a.sign_in("viewer", thr.password("viewer"))
t.ok(is_problem(r, 429) and int(r.headers.get("Retry-After", "0")) >= 1,
     "the next attempt from the address must wait (429, Retry-After)", r.text)
time.sleep(2.2)
t.eq(a.sign_in("viewer", thr.password("viewer")).status_code, 200, "after the delay a right password works")
log = sqlite3.connect(thr.db).execute(
    "SELECT count(*) FROM audit_log WHERE action = 'session.fail'").fetchone()[0]
t.ok(log >= 11, "every failed sign-in is in the audit log (%d)" % log)
t.ok(thr.alive(), "server still up")
thr.stop()

# ================= behind a reverse proxy (--trusted-proxy) =================
# Without the option X-Forwarded-For is ignored; with it, a request from the
# proxy's address takes the last entry (the one the proxy appended), so the
# address throttle and the audit log see the real client.
def fail_ips(srv):
    return [r[0] for r in sqlite3.connect(srv.db).execute(
        "SELECT ip FROM audit_log WHERE action = 'session.fail' ORDER BY seq")]


plain = Server(firms=10)
plain.anon().req("POST", V1 + "/session", json={"username": "nobody", "password": "Wrong-pass-1"},
                 headers={"X-Forwarded-For": "203.0.113.7"})
t.eq(fail_ips(plain), ["127.0.0.1"], "without --trusted-proxy the header is ignored")
plain.stop()
px = Server(firms=10, serve_args=["--trusted-proxy", "::ffff:127.0.0.1"])
c = px.anon()
cases = [({"X-Forwarded-For": "203.0.113.7"}, "203.0.113.7"),
         ({"X-Forwarded-For": "10.9.9.9, 198.51.100.20"}, "198.51.100.20"),
         ({"X-Forwarded-For": "198.51.100.1,  2001:DB8::1"}, "2001:db8::1"),
         ({"X-Forwarded-For": "198.51.100.20, not-an-ip"}, "127.0.0.1"),
         ({}, "127.0.0.1")]
for h, _ in cases:
    c.req("POST", V1 + "/session", json={"username": "nobody", "password": "Wrong-pass-1"}, headers=h)
t.eq(fail_ips(px), [w for _, w in cases],
     "with it: the last entry, normalised; a bad entry or no header leaves the proxy's address")
for i in range(11):  # the address limit binds the forwarded client, not the proxy
    c.req("POST", V1 + "/session", json={"username": "ghost%d" % i, "password": "Wrong-pass-1"},
          headers={"X-Forwarded-For": "192.0.2.99"})
r = c.req("POST", V1 + "/session", json={"username": "viewer", "password": px.password("viewer")},
          headers={"X-Forwarded-For": "192.0.2.99"})
t.eq(r.status_code, 429, "11 failures from one forwarded client make it wait")
r = c.req("POST", V1 + "/session", json={"username": "viewer", "password": px.password("viewer")},
          headers={"X-Forwarded-For": "192.0.2.100"})
t.eq(r.status_code, 200, "another client behind the same proxy signs in")
px.stop()
p = subprocess.run([px.bin, "serve", "--trusted-proxy", "proxy.local", "--listen", "127.0.0.1:0"],
                   capture_output=True, text=True, timeout=30)
t.ok(p.returncode != 0 and "不是 IP 地址" in p.stderr, "--trusted-proxy takes an address", p.stderr)
t.done()
