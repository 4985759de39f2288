#!/usr/bin/python3
"""Nothing acknowledged is lost, nothing half-written survives: SIGKILL
`zjtx import` in the middle of a large file, then find the database as it
was before and passing PRAGMA integrity_check."""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

t = T()
z = Zjtx()
head = "统一社会信用代码,企业名称,所属区县,国民经济行业代码\n"
small = z.write("small.csv", head + "".join(
    "%s,重庆既有%03d有限公司,万州区,C3670\n" % (make_uscc(i), i) for i in range(1, 8)))
rc, out, err = z.run("import", "enterprises", small)
t.eq(rc, 0, "seed 7 firms", err)

N = 400000
big = z.path("big.csv")
with open(big, "w", encoding="utf-8") as f:
    f.write(head)
    for i in range(1, N + 1):  # the first 7 update existing firms, the rest are new
        f.write("%s,重庆批量%06d科技有限公司,江津区,I6510\n" % (make_uscc(i), i))

def snapshot():
    p = subprocess.run(["sqlite3", z.db, "SELECT count(*), group_concat(name) FROM "
                        "(SELECT name FROM enterprises ORDER BY uscc)"],
                       capture_output=True, text=True)
    return p.stdout.strip()

before = snapshot()
wal = z.db + "-wal"
wal0 = os.path.getsize(wal) if os.path.exists(wal) else 0
p = subprocess.Popen([z.bin, "--db", z.db, "import", "enterprises", big],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
deadline = time.time() + 20
grew = False
while time.time() < deadline and p.poll() is None:
    if os.path.exists(wal) and os.path.getsize(wal) > wal0 + 4 * 1024 * 1024:
        grew = True
        break
    time.sleep(0.01)
still_running = p.poll() is None
p.send_signal(signal.SIGKILL)
p.wait()
t.ok(still_running and grew, "import was killed mid-write (WAL had grown by > 4 MB)",
     "running=%s grew=%s" % (still_running, grew))
t.eq(p.returncode, -signal.SIGKILL, "killed by SIGKILL")

after = snapshot()
t.eq(after, before, "database content unchanged after the kill")
ic = subprocess.run(["sqlite3", z.db, "PRAGMA integrity_check; PRAGMA foreign_key_check;"],
                    capture_output=True, text=True).stdout.strip()
t.eq(ic, "ok", "PRAGMA integrity_check passes")
rc, out, err = z.run("list", "--format", "json", "--limit", "1")
t.ok(rc == 0 and json.loads(out)["total"] == 7, "zjtx still reads the 7 firms", out + err)

# and the same file then imports completely
rc, out, err = z.run("import", "enterprises", big)
t.ok(rc == 0 and ("新增 %d,更新 7" % (N - 7)) in out, "the full file imports afterwards", out + err)
t.done()
