#!/usr/bin/python3
"""A bulk monthly import is all or nothing: SIGKILL `zjtx import monthly`
while it writes its chunks, and again while it commits (the WAL growing),
then find the reports, the aggregates and the audit log as they were before,
PRAGMA integrity_check and foreign_key_check clean; the file then imports
completely and its aggregates equal a rebuild from the reports."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

t = T()
z = Zjtx()
NF = 20000
firms = [make_uscc(i) for i in range(1, NF + 1)]
rc, out, err = z.run("import", "enterprises", z.write("f.csv", "统一社会信用代码,企业名称,所属区县,国民经济行业代码\n" + "".join(
    "%s,重庆中断测试%05d有限公司,江津区,C3670\n" % (u, i) for i, u in enumerate(firms))))
t.eq(rc, 0, "%d firms" % NF, err)

head = "统一社会信用代码,报告期,营业收入(累计)(万元),利润总额(累计)(万元),从业人员期末人数\n"
# before: every firm filed 2024-10 (so the import pairs with it, 同比)
rc, out, err = z.run("import", "monthly", z.write("before.csv", head + "".join(
    "%s,2024-10,%d.5,%d,%d\n" % (u, (100 + i % 900) * 10, 5 + i % 40, 20 + i % 300)
    for i, u in enumerate(firms))),
    "--today", "2026-01-01")
t.eq(rc, 0, "the firms filed 2024-10", out + err)

periods = ["2024-11", "2024-12", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07",
           "2025-08", "2025-09", "2025-10"]
big = z.path("big.csv")
with open(big, "w", encoding="utf-8") as f:
    f.write(head)
    for k, p in enumerate(periods):
        mon = int(p[5:])
        for i, u in enumerate(firms):  # year-to-date: the same monthly average throughout
            f.write("%s,%s,%d.%02d,%d,%d\n" % (u, p, (100 + i % 900) * mon, k, 5 + i % 40, 20 + i % 300))
rows = NF * len(periods)


def snapshot():
    db = sqlite3.connect(z.db)
    try:
        return (db.execute("SELECT count(*), sum(revenue_ytd), sum(employees) FROM monthly_reports").fetchone(),
                db.execute("SELECT count(*), total(s_revenue_ytd), total(ss_revenue_ytd), total(pc_revenue_ytd), "
                           "sum(filed), sum(pairs) FROM monthly_agg").fetchone(),
                db.execute("SELECT count(*) FROM audit_log").fetchone())
    finally:
        db.close()


def checks(what):
    p = subprocess.run(["sqlite3", z.db, "PRAGMA integrity_check; PRAGMA foreign_key_check;"],
                       capture_output=True, text=True)
    t.eq(p.stdout.strip(), "ok", what + ": integrity_check ok, no foreign key violation")


before = snapshot()
wal = z.db + "-wal"


def kill_when(ready, what):
    wal0 = os.path.getsize(wal) if os.path.exists(wal) else 0
    p = subprocess.Popen([z.bin, "--db", z.db, "import", "monthly", big, "--today", "2026-01-01"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start, hit = time.time(), False
    while time.time() < start + 60 and p.poll() is None:
        if ready(start, wal0):
            hit = True
            break
        time.sleep(0.005)
    running = p.poll() is None
    p.send_signal(signal.SIGKILL)
    p.wait()
    t.ok(running and hit, "import killed " + what, "running=%s hit=%s" % (running, hit))
    t.eq(p.returncode, -signal.SIGKILL, "by SIGKILL")
    t.eq(snapshot(), before, "reports, aggregates and audit log as before")
    checks("after the kill " + what)


def wal_grew(start, wal0):
    return os.path.exists(wal) and os.path.getsize(wal) > wal0 + 4 * 1024 * 1024


# while writing (half a second in: reading and writing chunks, nothing in the WAL yet)
kill_when(lambda start, wal0: time.time() > start + 0.5, "while writing its chunks")
# while committing: the frames of the transaction going to the WAL
kill_when(wal_grew, "while committing (WAL growing)")

rc, out, err = z.run("import", "monthly", big, "--today", "2026-01-01")
t.ok(rc == 0 and ("新增 %d" % rows) in out, "the file then imports completely (%d rows)" % rows, out + err)
after = snapshot()
t.eq(after[0][0], NF + rows, "all reports stored")
db = sqlite3.connect(z.db)
maintained = db.execute("SELECT * FROM monthly_agg ORDER BY dim, period, grp").fetchall()
db.close()
rc, out, err = z.run("monthly", "rebuild")
db = sqlite3.connect(z.db)
rebuilt = db.execute("SELECT * FROM monthly_agg ORDER BY dim, period, grp").fetchall()
db.close()
t.ok(rc == 0 and maintained == rebuilt and len(maintained) > 0,
     "the aggregates maintained by the import equal a rebuild (%d cells)" % len(maintained), out + err)
checks("after the import")
t.done()
