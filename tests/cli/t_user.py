#!/usr/bin/python3
"""Black-box: `zjtx user add|passwd|disable|list` and the demo accounts of
`zjtx demo` (random passwords, printed once, file mode 0600)."""
import json
import os
import stat
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx  # noqa: E402

t = T()
z = Zjtx()
rc, out, err = z.run("init")
t.eq(rc, 0, "init", err)
rc, out, err = z.run("user", "list", "--format", "json")
t.eq(json.loads(out), [], "no account exists after init")
rc, out, err = z.run("user", "add", "sec1", "--role", "security", "--name", "安全员甲")
t.eq(rc, 0, "user add prints an initial password", err)
pw = out.split("初始密码: ")[1].split()[0]
t.ok(len(pw) == 16, "a 16-character random password", pw)
rc, out2, err = z.run("user", "add", "sec2", "--role", "security")
t.ok(out2.split("初始密码: ")[1].split()[0] != pw, "each account gets its own random password")
rc, out, err = z.run("user", "add", "sec1", "--role", "viewer")
t.ok(rc == 3 and "已存在" in err, "a taken name is refused (exit 3)", err)
rc, out, err = z.run("user", "add", "dist1", "--role", "district")
t.ok(rc == 3 and "区县" in err, "a district user needs --district", err)
rc, out, err = z.run("user", "add", "dist1", "--role", "district", "--district", "沙坪坝")
t.eq(rc, 0, "district by short name", err)
rc, out, err = z.run("user", "add", "ent1", "--role", "enterprise", "--uscc", "91500000MA5U7TQX18")
t.ok(rc == 3 and "企业库" in err, "an enterprise user needs a firm of the pool", err)
rc, out, err = z.run("user", "add", "ops", "--role", "admin", "--password-stdin", input=b"weak\n")
t.ok(rc == 3 and "密码" in err, "a typed password must pass the policy", err)
rc, out, err = z.run("user", "add", "ops", "--role", "admin", "--password-stdin",
                     input=b"Chongqing#2026\n")
t.eq(rc, 0, "a typed password that passes", err)
rc, out, err = z.run("user", "list", "--format", "json")
users = {u["username"]: u for u in json.loads(out)}
t.eq(sorted(users), ["dist1", "ops", "sec1", "sec2"], "list")
t.ok(users["sec1"]["must_change_password"] and not users["ops"]["must_change_password"],
     "generated passwords must be changed; typed ones need not")
t.eq(users["dist1"]["scope"], "沙坪坝区", "the district user's scope")
rc, out, err = z.run("user", "list", "--role", "security")
t.ok("sec1" in out and "dist1" not in out, "list --role")
rc, out, err = z.run("user", "passwd", "sec1")
t.ok(rc == 0 and out.split("初始密码: ")[1].split()[0] != pw, "passwd resets to a new random password")
rc, out, err = z.run("user", "disable", "dist1")
t.ok(rc == 0 and "停用" in out, "disable")
rc, out, err = z.run("user", "list", "--format", "json")
t.ok([u for u in json.loads(out) if u["username"] == "dist1"][0]["disabled"], "disabled in the list")
rc, out, err = z.run("user", "disable", "dist1", "--enable")
t.eq(rc, 0, "enable")
rc, out, err = z.run("user", "disable", "ghost")
t.eq(rc, 4, "an unknown user: exit 4")
rc, out, err = z.run("audit", "list", "--entity", "user", "--limit", "50")
t.ok(out.count("user.create") == 4 and "user.password_reset" in out and "user.disable" in out,
     "every change is audited", out)

d = Zjtx()
rc, out, err = d.run("demo", "--enterprises", "50")
t.eq(rc, 0, "demo", err)
f = os.path.join(d.dir, "demo-accounts.json")
t.ok(os.path.exists(f) and stat.S_IMODE(os.stat(f).st_mode) == 0o600, "demo-accounts.json has mode 0600")
acc = json.load(open(f))["accounts"]
roles = {a["role"] for a in acc}
t.eq(roles, {"city", "district", "enterprise", "expert", "viewer", "admin", "security", "auditor"},
     "one demo account per role")
t.ok(all(a["password"] in out for a in acc), "the passwords are printed once")
t.eq(len({a["password"] for a in acc}), len(acc), "all different")
firm = [a for a in acc if a["role"] == "enterprise"][0]
t.ok(firm["uscc"] and firm["uscc"] in out and firm["scope_name"] in out, "the firm account names its firm")
t.ok([a for a in acc if a["username"] == "district"][0]["district"] == "500106", "district account: 沙坪坝区")
con = open(d.db, "rb").read()
t.ok(all(a["password"].encode() not in con for a in acc), "no password is stored in clear")
rc, out2, err = d.run("demo", "--enterprises", "50", "--force")
acc2 = json.load(open(f))["accounts"]
t.ok(all(a["password"] != b["password"] for a, b in zip(acc, acc2)), "another run: new random passwords")
t.done()
