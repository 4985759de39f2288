#!/usr/bin/python3
"""Black-box: `zjtx import` of XLSX workbooks goes through the same pipeline
as CSV. The same firms and figures as CSV, as an openpyxl workbook (typed
cells: numbers, dates, booleans, percent-formatted shares, codes stored as
numbers) and as LibreOffice's re-save of it must give identical databases
(compared through `zjtx export`). Bad rows are reported by sheet, row and
column, and nothing is written."""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tap import T, Zjtx, make_uscc  # noqa: E402

import openpyxl  # noqa: E402

t = T()
N = 300
ENT_HEAD = ["统一社会信用代码", "企业名称", "所属区县", "国民经济行业代码", "成立日期", "进入细分市场年份", "联系电话"]
ANN_HEAD = ["统一社会信用代码", "年度", "营业收入(万元)", "研发费用(元)", "从业人员数(人)", "净利润(万元)",
            "主导产品国内细分市场占有率(%)", "拥有自主品牌", "数字化水平等级"]
DISTRICTS = ["渝北区", "沙坪坝区", "九龙坡区", "500103", "江津区"]


def firm(i):
    return [make_uscc(i), "重庆测试%04d精密机械有限公司" % i, DISTRICTS[i % 5], "C34%02d" % (i % 90 + 10),
            datetime.date(2000 + i % 20, 1 + i % 12, 1 + i % 28), 2005 + i % 15, "023-6%07d" % i]


def figures(i):
    # 万元 with up to 6 decimals, 元 with 2, a share in percent, a flag, a level
    return [make_uscc(i), 2024, round(i * 12.345678, 6), round(i * 1234.56, 2), 10 + i, round(-1.5 + i * 0.25, 2),
            (i % 400) / 4, i % 2 == 0, i % 5]


def csv_cell(v):
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def to_csv(head, rows):
    return "\r\n".join(",".join(csv_cell(c) for c in r) for r in [head] + rows) + "\r\n"


def workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, head, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(head)
        for r in rows:
            ws.append(r)
        if name == "年度数据":
            # shares as Excel stores "12.5%": 0.125 with a percent format, every other row
            for k, row in enumerate(ws.iter_rows(min_row=2, min_col=7, max_col=7), start=2):
                if k % 2 == 0:
                    c = row[0]
                    c.value = c.value / 100
                    c.number_format = "0.00%"
            for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):  # 元 amounts shown with separators
                row[0].number_format = "#,##0.00"
    wb.save(path)
    return path


def export(z, kind):
    rc, out, err = z.run("export", kind)
    return out if rc == 0 else "export failed: " + err


def import_ok(z, kind, path, extra=()):
    rc, out, err = z.run("import", kind, path, *extra)
    return rc == 0, out + err


firms = [firm(i) for i in range(1, N + 1)]
# a code stored as a number cell (Excel turns "3562" into 3562): the import adds the section
firms[4][3] = 3562
figs = [figures(i) for i in range(1, N + 1)]

tmp = tempfile.mkdtemp(prefix="zjtx-xlsx-")
try:
    # ---- the reference: CSV ----
    ref = Zjtx()
    csv_firms = [list(f) for f in firms]
    csv_firms[4][3] = "C3562"
    ok, msg = import_ok(ref, "enterprises", ref.write("e.csv", to_csv(ENT_HEAD, csv_firms)))
    t.ok(ok, "reference CSV of %d firms imports" % N, msg)
    csv_figs = [list(f) for f in figs]
    ok, msg = import_ok(ref, "annual", ref.write("a.csv", to_csv(ANN_HEAD, csv_figs)))
    t.ok(ok, "reference CSV of annual figures imports", msg)
    want_ent, want_ann = export(ref, "enterprises"), export(ref, "annual")
    t.ok(want_ann.count("\n") == N + 1, "reference export has every row")

    # ---- openpyxl workbook, both sheets in one file ----
    book = workbook(os.path.join(tmp, "book.xlsx"),
                    [("企业名录", ENT_HEAD, firms), ("年度数据", ANN_HEAD, figs)])
    z = Zjtx()
    ok, msg = import_ok(z, "enterprises", book)
    t.ok(ok and "编码 XLSX" in msg, "openpyxl workbook: firms from the first sheet", msg)
    ok, msg = import_ok(z, "annual", book, ("--sheet", "年度数据"))
    t.ok(ok, "openpyxl workbook: figures from --sheet 年度数据", msg)
    t.eq(export(z, "enterprises"), want_ent, "firms identical to the CSV import")
    t.eq(export(z, "annual"), want_ann, "figures identical (money exact, 12.5% == 12.5, TRUE == 是)")
    ok, msg = import_ok(z, "enterprises", book)
    t.ok(ok and export(z, "enterprises") == want_ent, "re-import is idempotent", msg)

    # ---- LibreOffice's re-save of the same workbook ----
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        out = os.path.join(tmp, "lo")
        subprocess.run([soffice, "-env:UserInstallation=file://%s/profile" % tmp, "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", out, book],
                       check=True, capture_output=True, timeout=300)
        lo = os.path.join(out, "book.xlsx")
        z = Zjtx()
        ok1, m1 = import_ok(z, "enterprises", lo)
        ok2, m2 = import_ok(z, "annual", lo, ("--sheet", "年度数据"))
        t.ok(ok1 and ok2, "LibreOffice workbook imports", m1 + m2)
        t.eq(export(z, "enterprises"), want_ent, "LibreOffice: firms identical")
        t.eq(export(z, "annual"), want_ann, "LibreOffice: figures identical")
    else:
        for name in ("LibreOffice workbook imports", "LibreOffice: firms identical", "LibreOffice: figures identical"):
            print("ok %d - %s # SKIP soffice not installed" % (t.n + 1, name))
            t.n += 1

    # ---- bad rows: reported by sheet, row, column; nothing written ----
    bad = [list(f) for f in firms[:10]]
    wrong = bad[3][0][:17] + ("0" if bad[3][0][17] != "0" else "1")
    bad[3][0] = wrong                       # row 5: check character
    bad[6][1] = "#DIV/0!"                   # row 8: an error cell (openpyxl writes t="e")
    path = workbook(os.path.join(tmp, "bad.xlsx"), [("企业名录", ENT_HEAD, bad)])
    z = Zjtx()
    rc, out, err = z.run("import", "enterprises", path)
    t.eq(rc, 3, "bad rows → exit 3", err)
    t.ok('工作表 企业名录 第5行 统一社会信用代码 "%s": 校验位应为 %s' % (wrong, firms[3][0][17]) in err,
         "the check-character error names sheet, row, column and value", err)
    t.ok("工作表 企业名录 第8行" in err and "第B列: 单元格是错误值 #DIV/0!" in err,
         "the error cell is reported with its row and column", err)
    t.ok("未写入任何数据" in err, "nothing written", err)
    t.eq(export(z, "enterprises").count("\n"), 1, "database unchanged (header only)")

    # ---- formulas without a cached result (openpyxl writes none) ----
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业名录"
    ws.append(ENT_HEAD)
    ws.append(firm(1)[:1] + ['=CONCATENATE("重庆","测试")'] + firm(1)[2:])
    path = os.path.join(tmp, "formula.xlsx")
    wb.save(path)
    rc, out, err = z.run("import", "enterprises", path)
    t.ok(rc == 3 and "第2行第B列: 公式没有保存计算结果" in err, "formula without a cached value is refused", err)

    # ---- templates: filled in with the examples of their notes sheet, they import ----
    for kind in ("enterprises", "annual"):
        z = Zjtx()
        tpl = os.path.join(tmp, "%s-template.xlsx" % kind)
        rc, out, err = z.run("template", kind, "-o", tpl)
        t.ok(rc == 0 and os.path.exists(tpl), "zjtx template %s" % kind, err)
        rc, out, err = z.run("import", kind, tpl, "--dry-run")
        t.ok(rc == 0, "an unedited %s template imports nothing, without error" % kind, out + err)
        wb = openpyxl.load_workbook(tpl)
        data, notes = wb.worksheets[0], wb["填写说明"]
        example = {r[0]: r[5] for r in notes.iter_rows(min_row=2, values_only=True)}
        head = [c.value for c in data[1]]
        t.ok(head == list(example), "%s: the notes sheet explains every column, in order" % kind)
        data.append([example[h] for h in head])
        wb.save(tpl)
        if kind == "annual":  # figures need their firm
            ent = os.path.join(tmp, "one.csv")
            with open(ent, "w", encoding="utf-8") as f:
                f.write(to_csv(ENT_HEAD[:4], [[example["统一社会信用代码"], "重庆某某精密机械有限公司", "渝北区", "C3562"]]))
            z.run("import", "enterprises", ent)
        rc, out, err = z.run("import", kind, tpl)
        t.ok(rc == 0 and "1 行" in out, "%s template filled with its examples imports" % kind, out + err)

    # ---- damaged files ----
    data = open(book, "rb").read()
    rc, out, err = z.run("import", "enterprises", z.write("cut.xlsx", data[: len(data) // 2]))
    t.ok(rc != 0 and "不完整" in err, "a truncated workbook: clear error", err)
    rc, out, err = z.run("import", "enterprises", z.write("text.xlsx", to_csv(ENT_HEAD, csv_firms[:2])))
    t.ok(rc != 0 and "不是 XLSX 文件" in err, "a CSV named .xlsx: clear error", err)
    rc, out, err = z.run("import", "enterprises", book, "--sheet", "没有这张表")
    t.ok(rc != 0 and '没有名为 "没有这张表" 的工作表' in err and "年度数据" in err,
         "an unknown sheet lists the sheets", err)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

t.done()
