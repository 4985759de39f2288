#!/usr/bin/python3
"""The route table and the OpenAPI document agree: every route of
`zjtx serve --print-routes` is an operation of the document the server
serves at /api/v1/openapi.json (same method, path, operationId = route name,
x-permission = the route's permission) and the document has no operation
the server lacks. Every path parameter is declared, every operation has a
summary and a 4xx answer, and non-public operations declare security."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T  # noqa: E402
from zjtxapi import Server  # noqa: E402

t = T()
srv = Server(demo=False)
doc = srv.anon().get("/api/v1/openapi.json").json()
out = subprocess.run([srv.bin, "serve", "--print-routes"], capture_output=True, text=True).stdout
routes = {}
for line in out.splitlines():
    method, pattern, perm, name = line.split()
    routes[(method.lower(), re.sub(r":([a-z0-9_]+)", r"{\1}", pattern))] = (perm, name)
ops = {}
for path, item in doc["paths"].items():
    for method, o in item.items():
        if method in ("get", "put", "post", "delete", "patch", "head", "options"):
            ops[(method, path)] = o
t.ok(doc["openapi"].startswith("3.1"), "OpenAPI 3.1")
missing = sorted(set(routes) - set(ops))
extra = sorted(set(ops) - set(routes))
t.eq(missing, [], "every route is documented")
t.eq(extra, [], "every documented operation is a route")
for key in sorted(set(routes) & set(ops)):
    perm, name = routes[key]
    o = ops[key]
    label = "%s %s" % (key[0].upper(), key[1])
    t.eq(o.get("operationId"), name, "%s: operationId is the route name" % label)
    t.eq(o.get("x-permission"), perm, "%s: x-permission is the route's permission" % label)
    declared = set()
    for p in o.get("parameters", []) + doc["paths"][key[1]].get("parameters", []):
        if "$ref" in p:
            p = doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p["in"] == "path":
            declared.add(p["name"])
    t.eq(declared, set(re.findall(r"{([a-z0-9_]+)}", key[1])), "%s: path parameters declared" % label)
    t.ok(o.get("summary") and any(c.startswith("4") for c in o["responses"]),
         "%s: a summary and a 4xx answer" % label)
    sec = o.get("security", doc.get("security"))
    t.ok((perm == "public") == (sec == []), "%s: security matches public/non-public" % label)
srv.stop()
t.done()
