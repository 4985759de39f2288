#!/usr/bin/python3
"""Lints the OpenAPI document the server serves at /api/v1/openapi.json:
docs/openapi.json with the domain fragments docs/openapi/*.json merged in as
the server merges them (paths, components/schemas, tags), with @redocly/cli, pinned in tests/api/package.json and installed from its
lockfile (npm ci) when node_modules is missing or older than the lockfile,
so later runs work offline. Skips without node and npm."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T  # noqa: E402

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
with open(os.path.join(root, "docs", "openapi.json"), encoding="utf-8") as f:
    doc = json.load(f)
for frag in sorted(glob.glob(os.path.join(root, "docs", "openapi", "*.json"))):
    with open(frag, encoding="utf-8") as f:
        part = json.load(f)
    doc.setdefault("paths", {}).update(part.get("paths", {}))
    schemas = part.get("components", {}).get("schemas", {})
    doc.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
    doc.setdefault("tags", []).extend(part.get("tags", []))
merged = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
json.dump(doc, merged, ensure_ascii=False)
merged.close()
p = subprocess.run(["node", os.path.join(cli, "bin", "cli.js"), "lint", merged.name,
                    "--config", os.path.join(here, "redocly.yaml")],
                   cwd=here, capture_output=True, text=True, env=env, timeout=300)
os.unlink(merged.name)
out = p.stdout + p.stderr
t.eq(p.returncode, 0, "the merged document passes redocly lint (recommended rules)", out[-3000:])
t.ok("Warning was generated" not in out, "with no warnings", out[-3000:])

# The document as served: docs/openapi.json with the domain fragments
# docs/openapi/*.json merged as src/http/api_meta.c merges them ("paths" and
# "components/schemas" member by member, "tags" appended).
frags = sorted(glob.glob(os.path.join(root, "docs", "openapi", "*.json")))
if frags:
    with open(os.path.join(root, "docs", "openapi.json"), encoding="utf-8") as f:
        doc = json.load(f)
    for fp in frags:
        with open(fp, encoding="utf-8") as f:
            part = json.load(f)
        doc.setdefault("paths", {}).update(part.get("paths", {}))
        schemas = part.get("components", {}).get("schemas", {})
        doc.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
        doc.setdefault("tags", []).extend(part.get("tags", []))
    with tempfile.TemporaryDirectory(prefix="zjtx-openapi-") as d:
        merged = os.path.join(d, "openapi.json")
        with open(merged, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        p = subprocess.run(["node", os.path.join(cli, "bin", "cli.js"), "lint", merged,
                            "--config", os.path.join(here, "redocly.yaml")],
                           cwd=here, capture_output=True, text=True, env=env, timeout=300)
    out = p.stdout + p.stderr
    names = ", ".join(os.path.basename(x) for x in frags)
    t.eq(p.returncode, 0, "the served document (with %s) passes redocly lint" % names, out[-3000:])
    t.ok("Warning was generated" not in out, "with no warnings", out[-3000:])
t.done()
