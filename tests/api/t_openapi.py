#!/usr/bin/python3
"""Lints the document served at /api/v1/openapi.json (docs/openapi.json with
the domains' fragments docs/openapi/*.json merged in) with @redocly/cli,
pinned in tests/api/package.json and installed from its lockfile (npm ci)
when node_modules is missing or older than the lockfile, so later runs work
offline. Skips without node and npm."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T  # noqa: E402
from zjtxapi import Server  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
if not shutil.which("node") or not shutil.which("npm"):
    print("1..0 # SKIP node/npm not installed")
    sys.exit(0)
t = T()
stamp = os.path.join(here, "node_modules", ".package-lock.json")
lock = os.path.join(here, "package-lock.json")
if not os.path.exists(stamp) or os.path.getmtime(lock) > os.path.getmtime(stamp):
    p = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=here,
                       capture_output=True, text=True, timeout=600)
    if not t.ok(p.returncode == 0, "npm ci in tests/api", p.stdout + p.stderr):
        t.done()
    os.utime(stamp)
cli = os.path.join(here, "node_modules", "@redocly", "cli")
with open(os.path.join(cli, "package.json")) as f:
    version = json.load(f)["version"]
t.eq(version, "2.77.0", "@redocly/cli is the pinned version")
env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true")
srv = Server(demo=False)
served = srv.anon().get("/api/v1/openapi.json").json()
srv.stop()
doc = os.path.join(srv.dir, "openapi.json")
with open(doc, "w", encoding="utf-8") as f:
    json.dump(served, f, ensure_ascii=False)
t.ok(len(served["paths"]) > len(json.load(open(os.path.join(root, "docs", "openapi.json")))["paths"])
     or not os.listdir(os.path.join(root, "docs", "openapi")),
     "the served document holds the fragments' paths too")
p = subprocess.run(["node", os.path.join(cli, "bin", "cli.js"), "lint", doc,
                    "--config", os.path.join(here, "redocly.yaml")],
                   cwd=here, capture_output=True, text=True, env=env, timeout=300)
out = p.stdout + p.stderr
t.eq(p.returncode, 0, "the served OpenAPI document passes redocly lint (recommended rules)",
     out[-3000:])
t.ok("Warning was generated" not in out, "with no warnings", out[-3000:])
t.done()
