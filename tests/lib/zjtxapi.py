"""zjtxapi.py - black-box helpers for the HTTP API tests (tests/api/*.py).

    from zjtxapi import Server
    srv = Server(firms=300)            # temp dir, `zjtx demo`, `zjtx serve` on 127.0.0.1:0
    city = srv.client("city")          # a signed-in requests.Session (CSRF header set)
    r = city.get("/api/v1/enterprises")
    srv.stop()                         # SIGTERM, wait; also at exit

The demo accounts and their random passwords come from the file `zjtx demo`
writes (demo-accounts.json, mode 0600). A server on a demo database runs on
the demo's business date (DEMO_TODAY, `zjtx --today`), so the workflow's
windows, deadlines and notice periods do not depend on the clock. Server stderr goes to a file in the
temp dir (srv.log()), so a full pipe can never stall the server."""
import atexit
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import zjtx_bin  # noqa: E402


DEMO_TODAY = "2026-11-28"  # demo_defaults() in src/app/demo.c


class Server:
    def __init__(self, firms=300, serve_args=(), db=None, demo=True):
        self.demo = demo
        self.tmp = tempfile.TemporaryDirectory(prefix="zjtx-api-")
        self.dir = self.tmp.name
        self.db = db or os.path.join(self.dir, "t.db")
        self.bin = zjtx_bin()
        self.accounts_file = os.path.join(self.dir, "demo-accounts.json")
        self.accounts = {}
        if demo:
            p = self.run("demo", "--enterprises", str(firms), "--accounts-file", self.accounts_file)
            if p.returncode != 0:
                raise RuntimeError("zjtx demo failed: %s" % p.stderr)
            with open(self.accounts_file, encoding="utf-8") as f:
                for a in json.load(f)["accounts"]:
                    self.accounts[a["username"]] = a
        self.proc = None
        self.start(serve_args)
        atexit.register(self.stop)

    def run(self, *args, input=None):
        env = dict(os.environ)
        env.pop("ZJTX_DB", None)
        return subprocess.run([self.bin, "--db", self.db] + list(args), input=input,
                              capture_output=True, text=True, env=env, timeout=300)

    def start(self, serve_args=()):
        serve_args = list(serve_args)
        if self.demo and not any(a.startswith("--today") for a in serve_args):
            serve_args += ["--today", DEMO_TODAY]
        self.errf = open(os.path.join(self.dir, "server.err"), "ab")
        self.proc = subprocess.Popen(
            [self.bin, "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--web", ""]
            + list(serve_args), stdout=subprocess.PIPE, stderr=self.errf)
        line = self.proc.stdout.readline().decode()
        m = re.match(r"zjtx: listening on (http://\S+)", line)
        if not m:
            raise RuntimeError("server did not start: %r %s" % (line, self.log()))
        self.url = m.group(1)

    def log(self):
        try:
            with open(os.path.join(self.dir, "server.err"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
            self.errf.close()
        return self.proc.returncode if self.proc else None

    def password(self, user):
        return self.accounts[user]["password"]

    def anon(self):
        return Client(self.url)

    def client(self, user, password=None):
        """A session signed in as user (a demo account unless password is given)."""
        c = Client(self.url)
        r = c.sign_in(user, password or self.password(user))
        if r.status_code != 200:
            raise RuntimeError("sign-in of %s failed: %s %s" % (user, r.status_code, r.text))
        return c

    def token_client(self, user, scope="read"):
        """A client authenticated by a Bearer token of user (created via a session)."""
        c = self.client(user)
        r = c.post("/api/v1/tokens", json={"name": "test " + scope, "scope": scope})
        if r.status_code != 201:
            raise RuntimeError("token for %s: %s %s" % (user, r.status_code, r.text))
        b = Client(self.url)
        b.s.headers["Authorization"] = "Bearer " + r.json()["token"]
        b.token_id = r.json()["id"]
        return b


class Client:
    """A requests.Session against the server, adding X-CSRF-Token on writes."""

    def __init__(self, url):
        self.url = url
        self.s = requests.Session()
        self.csrf = None
        self.user = None

    def sign_in(self, user, password):
        r = self.s.post(self.url + "/api/v1/session", json={"username": user, "password": password},
                        timeout=30)
        if r.status_code == 200:
            self.csrf = r.json().get("csrf_token")
            self.user = r.json().get("user")
        return r

    def req(self, method, path, csrf=True, **kw):
        h = dict(kw.pop("headers", {}) or {})
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", self.csrf)
        kw.setdefault("timeout", 60)
        return self.s.request(method, self.url + path, headers=h, **kw)

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, **kw):
        return self.req("POST", path, **kw)

    def put(self, path, **kw):
        return self.req("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.req("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.req("DELETE", path, **kw)


def is_problem(r, status=None):
    """True if r is an RFC 9457 problem (with the given status)."""
    if status is not None and r.status_code != status:
        return False
    if not r.headers.get("Content-Type", "").startswith("application/problem+json"):
        return False
    try:
        b = r.json()
    except ValueError:
        return False
    return b.get("status") == r.status_code and "title" in b and "type" in b


def wait_for(pred, timeout=10.0, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()
