#!/usr/bin/python3
"""Migration 0007 (the narrow report row) keeps every report, version and
confirmation of a database at schema 6: the database is built here with the
embedded migrations 0001-0006 as written (what the program before 0007
made), filled with reports in the old layout (first versions and a
correction, a zone and an unknown industry, NULL values, a note, shared and
distinct filers), then opened by the program, which migrates it. Every
report reads back through the new joins as it was stored, by SQL and by
`zjtx monthly show/versions`; versions and confirmations are unchanged; a
second open changes nothing; a new filing works on the migrated database."""
import glob
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

t = T()
z = Zjtx()
SQL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "store",
                       "sql", "sqlite")
files = sorted(f for f in glob.glob(os.path.join(SQL_DIR, "0*.sql"))
               if int(os.path.basename(f)[:4]) <= 6)
t.eq([os.path.basename(f)[:4] for f in files], ["0001", "0002", "0003", "0004", "0005", "0006"],
     "migrations 0001-0006 found")

db = sqlite3.connect(z.db)
db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
for f in files:
    with open(f, encoding="utf-8") as fh:
        db.executescript("BEGIN;" + fh.read() + ";COMMIT;")
    db.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-11-01 00:00:00')",
               (int(os.path.basename(f)[:4]), os.path.basename(f)[:-4]))
db.commit()

A, B, C = make_uscc(1, "500116"), make_uscc(2, "500116"), make_uscc(3, "500112")
for u, d, zone, ind in ((A, "500116", None, "C3670"), (B, "500116", "LJXQ", "C3670"),
                        (C, "500112", None, "C2710")):
    db.execute("INSERT INTO enterprises (uscc, name, district, zone, industry, created_at, "
               "updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01 00:00:00', "
               "'2026-01-01 00:00:00')", (u, "迁移测试" + u[-4:], d, zone, ind))
# uscc, period, 7 values, note, unit, industry, tier, version, filed_at, filed_by,
# updated_at, updated_by (NULL while version 1, as 0006 left them)
T1, T2, T3 = "2026-02-05 01:00:00", "2026-03-06 02:30:00", "2026-03-09 08:00:00"
reports = [
    (A, 202601, 1000000, None, 50000, 20000, 10000, None, 40, None, "500116", "C36", "srdi", 1,
     T1, "cli:root", None, None),
    (A, 202602, 2100000, 2000000, -3000, 41000, 0, 5, 41, "订单稳定", "500116", "C36", "srdi", 2,
     T2, "cli:root", T3, "demo-500116"),
    (B, 202601, None, None, None, None, None, None, 7, "", "LJXQ", "", "none", 1,
     T1, "cli:root", None, None),
    (B, 202602, 3, None, None, None, None, None, 8, None, "LJXQ", "", "none", 1,
     T2, "demo-firm", None, None),
    (C, 202602, 77, 78, 79, 80, 81, 82, 83, "说明,含逗号", "500112", "C27", "little_giant", 3,
     T2, "demo-firm", T3, "cli:root"),
]
db.executemany("INSERT INTO monthly_reports VALUES (" + ",".join("?" * 18) + ")", reports)
versions = [
    (A, 202602, 1, 210, 200, -3, 41, 0, 5, 41, None, T2, "cli:root", T3, "demo-500116", "按万元更正"),
    (C, 202602, 1, 1, 2, 3, 4, 5, 6, 7, "旧", T2, "demo-firm", "2026-03-07 00:00:00", "cli:root",
     "第一次更正"),
    (C, 202602, 2, 11, 12, 13, 14, 15, 16, 17, None, "2026-03-07 00:00:00", "cli:root", T3,
     "cli:root", "第二次更正"),
]
db.executemany("INSERT INTO monthly_versions VALUES (" + ",".join("?" * 16) + ")", versions)
confirmations = [
    (A, 202602, 1, "unit_slip.revenue_ytd", "疑似按元填报", "企业确认", "cli:root", T2),
    (A, 202602, 2, "margin", "利润率异常", "季节性", "demo-500116", T3),
    (C, 202602, 3, "headcount", "人数变化大", "并购", "cli:root", T3),
]
db.executemany("INSERT INTO monthly_confirmations VALUES (?, ?, ?, ?, ?, ?, ?, ?)", confirmations)
db.commit()
db.close()

rc, out, err = z.run("init")
t.eq(rc, 0, "the program opens the schema-6 database", out + err)
t.ok("架构版本 7" in out, "and migrates it to 7", out)

JOINED = ("SELECT r.uscc, r.period, r.revenue_ytd, r.output_ytd, r.profit_ytd, r.tax_ytd, "
          "r.rd_expense_ytd, r.export_ytd, r.employees, r.orders_note, g.unit, g.industry, g.tier, "
          "r.version, f.filed_at, f.filed_by, r.updated_at, r.updated_by FROM monthly_reports r "
          "JOIN monthly_groups g ON g.id = r.grp JOIN monthly_filings f ON f.id = r.filing "
          "ORDER BY r.uscc, r.period")


def state():
    d = sqlite3.connect(z.db)
    s = {
        "reports": d.execute(JOINED).fetchall(),
        "versions": d.execute("SELECT * FROM monthly_versions ORDER BY 1, 2, 3").fetchall(),
        "confirmations": d.execute("SELECT * FROM monthly_confirmations ORDER BY 1, 2, 3, 4")
        .fetchall(),
        "groups": d.execute("SELECT unit, industry, tier FROM monthly_groups ORDER BY 1, 2, 3")
        .fetchall(),
        "filings": d.execute("SELECT filed_at, filed_by FROM monthly_filings ORDER BY 1, 2")
        .fetchall(),
        "columns": [r[1] for r in d.execute("PRAGMA table_info(monthly_reports)")],
        "fk": d.execute("PRAGMA foreign_key_check").fetchall(),
        "integrity": d.execute("PRAGMA integrity_check").fetchall(),
        "version": d.execute("SELECT max(version) FROM schema_migrations").fetchone()[0],
    }
    d.close()
    return s


s = state()
t.eq(s["reports"], sorted(reports), "every report reads back as stored (values, note, groups, "
     "version, first filing, last change)")
t.eq(s["versions"], sorted(versions), "every earlier version is kept")
t.eq(s["confirmations"], sorted(confirmations), "every confirmation is kept")
t.eq(s["groups"], [("500112", "C27", "little_giant"), ("500116", "C36", "srdi"),
                   ("LJXQ", "", "none")], "one groups row per distinct triple")
t.eq(s["filings"], [(T1, "cli:root"), (T2, "cli:root"), (T2, "demo-firm")],
     "one filing row per distinct (time, author)")
t.eq(s["columns"], ["uscc", "period", "revenue_ytd", "output_ytd", "profit_ytd", "tax_ytd",
                    "rd_expense_ytd", "export_ytd", "employees", "orders_note", "grp", "version",
                    "filing", "updated_at", "updated_by"], "the narrow row's columns")
t.eq((s["fk"], s["integrity"]), ([], [("ok",)]), "foreign keys and integrity clean")

# the program reads them through the joins
rc, out, err = z.run("monthly", "show", A, "--format", "json")
t.eq(rc, 0, "monthly show on the migrated database", err)
try:
    shown = json.loads(out)
except ValueError:
    shown = None
t.ok(shown is not None and "订单稳定" in out and "2026-02" in out and "2026-01" in out,
     "show lists both months of A with the note", out)
t.ok(shown is not None and [(x["period"], x["version"], x["filed_at"]) for x in shown]
     == [("2026-01", 1, T1), ("2026-02", 2, T2)], "with each version and first filing time", out)
rc, out, err = z.run("monthly", "versions", C, "--period", "2026-02")
t.eq(rc, 0, "monthly versions on the migrated database", err)
t.ok("第 1 版" in out and "第 2 版" in out and "第 3 版(现行)" in out and "第二次更正" in out
     and "并购" in out, "versions lists C's three versions and its confirmation", out)
t.ok("首次报送 2026-03-06" in out and "demo-firm" in out, "with the first filing's time and author",
     out)

# a second open changes nothing
rc, out, err = z.run("init")
t.eq((rc, state()), (0, s), "opening again changes nothing")

# a new filing and a correction on the migrated database
rc, out, err = z.run("monthly", "file", C, "--period", "2026-03", "--today", "2026-04-01",
                     "revenue_ytd=120", "employees=83")
t.eq(rc, 0, "a new report is filed on the migrated database", out + err)
rc, out, err = z.run("monthly", "correct", B, "--period", "2026-02", "--reason", "补正",
                     "--today", "2026-04-01", "employees=9")
t.eq(rc, 0, "and a first version is corrected", out + err)
s2 = state()
new = [r for r in s2["reports"] if (r[0], r[1]) == (C, 202603)]
t.eq(len(new), 1, "the new report reads back")
t.ok(new and new[0][13] == 1 and new[0][16] is None and new[0][15] == "cli:root",
     "as a first version by the CLI actor", new)
b2 = [r for r in s2["reports"] if (r[0], r[1]) == (B, 202602)][0]
t.ok(b2[8] == 9 and b2[13] == 2 and b2[14] == T2 and b2[15] == "demo-firm" and b2[17] == "cli:root",
     "the corrected report keeps its first filing and records the change", b2)
kept = [v for v in s2["versions"] if (v[0], v[1]) == (B, 202602)]
t.ok(len(kept) == 1 and kept[0][2] == 1 and kept[0][11] == T2 and kept[0][12] == "demo-firm"
     and kept[0][9] == 8, "its first version is kept with its filing time and author", kept)
rc, out, err = z.run("monthly", "rebuild")
t.eq(rc, 0, "the aggregates rebuild from the migrated reports", out + err)
t.done()
