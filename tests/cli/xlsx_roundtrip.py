#!/usr/bin/python3
"""XLSX round trip, black-box (TAP): our writer's file read by openpyxl, by
LibreOffice (--convert-to csv) and by our reader must agree, value for value.

Uses $BUILD/tests/t_xlsxw (--write FILE, --read FILE [SHEET]); BUILD defaults
to ./build. LibreOffice checks are skipped if soffice is not installed.
"""
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get('BUILD') or os.path.join(ROOT, 'build')
TOOL = os.path.join(BUILD, 'tests', 't_xlsxw')
FIXTURES = os.path.join(ROOT, 'tests', 'data', 'xlsx')

n = 0
failed = 0


def check(cond, name, detail=None):
    global n, failed
    n += 1
    if cond:
        print('ok %d - %s' % (n, name))
    else:
        failed += 1
        print('not ok %d - %s' % (n, name))
        if detail is not None:
            for line in str(detail).splitlines()[:10]:
                print('#   ' + line)
    sys.stdout.flush()
    return cond


def skip(name, why):
    global n
    n += 1
    print('ok %d - %s # SKIP %s' % (n, name, why))


def our_rows(path, sheet=None):
    args = [TOOL, '--read', path] + ([sheet] if sheet else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        v = json.loads(line)
        if isinstance(v, list):
            rows[v[0]] = v[1:]
    return rows


def plain(d):
    """Decimal to plain positional text without exponent or trailing zeros."""
    s = format(d, 'f')
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    return '0' if s in ('-0', '') else s


def display(cell):
    """What our reader should give for an openpyxl cell value."""
    v = cell.value
    if v is None:
        return ''
    if isinstance(v, bool):
        return 'TRUE' if v else 'FALSE'
    if isinstance(v, datetime.datetime):
        if v.time() == datetime.time(0):
            return v.strftime('%Y-%m-%d')
        return v.strftime('%Y-%m-%d %H:%M:%S')
    if isinstance(v, datetime.date):
        return v.strftime('%Y-%m-%d')
    if isinstance(v, (int, float)):
        d = Decimal(repr(float(v))) if isinstance(v, float) else Decimal(v)
        if '%' in cell.number_format:
            return plain(d * 100) + '%'
        return plain(d)
    return str(v)


def trim(row):
    while row and row[-1] == '':
        row = row[:-1]
    return row


def unescape_x(s):
    """The _xHHHH_ decoding of ECMA-376, which openpyxl 3.0 leaves undone in
    inline strings (Excel and LibreOffice do it)."""
    return re.sub(r'_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), s)


def test_openpyxl(path, ours):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ['企业名录'], 'openpyxl: one sheet named 企业名录', wb.sheetnames)
    ws = wb['企业名录']
    check(ws.freeze_panes == 'A2', 'openpyxl: header row frozen', ws.freeze_panes)
    check(ws.auto_filter.ref == 'A1:H3008', 'openpyxl: autofilter over the whole table',
          ws.auto_filter.ref)
    check(all(c.font.b for c in ws[1]), 'openpyxl: header cells bold')
    want_hdr = ['统一社会信用代码', '企业名称', '成立日期', '从业人员数(人)', '营业收入(万元)',
                '主导产品国内细分市场占有率(%)', '资产负债率', '评分']
    check([c.value for c in ws[1]] == want_hdr, 'openpyxl: headers with units')
    fmts = [c.number_format for c in ws[2]]
    check(fmts == ['@', '@', 'yyyy-mm-dd', '0', '#,##0.00', '0.00%', '0.00%', '0.00'],
          'openpyxl: number formats per column type', fmts)
    widths = [ws.column_dimensions[c].width for c in 'ABCDEFGH']
    check(widths[0] > 22 and widths[1] > 36 and widths[5] >= 31 and all(w >= 10 for w in widths),
          'openpyxl: column widths fit the headers', widths)
    r2 = [c.value for c in ws[2]]
    check(r2 == ['91500000MA5U7TQX1B', '重庆某某精密机械有限公司', datetime.datetime(2015, 3, 1), 120,
                 123.456789, 0.125, 0.4567, 87.5], 'openpyxl: first data row values', r2)
    check(ws['B3'].value == '<&>"\' 特殊字符 =SUM(A1)' and ws['B3'].data_type == 's',
          'openpyxl: text that looks like a formula stays text')
    check(ws['D6'].value == '1234567890123456789' and ws['E6'].value == '1234567890123.456789',
          'openpyxl: numbers beyond 15 digits are exact text', (ws['D6'].value, ws['E6'].value))
    # every value, every row: openpyxl and our reader agree exactly
    bad = []
    money_inexact = 0
    for row in ws.iter_rows(min_row=1):
        line = row[0].row
        want = trim([unescape_x(display(c)) for c in row])
        got = ours.get(line)
        if got != want and len(bad) < 5:
            bad.append((line, want, got))
        v = row[4].value
        if isinstance(v, float) and -Decimal(repr(v)).as_tuple().exponent > 6:
            money_inexact += 1
    check(not bad, 'openpyxl and our reader agree on all %d rows' % ws.max_row, bad)
    check(money_inexact == 0, 'every money cell is an exact 万元 amount (at most 6 decimals)')


def soffice_csv(path, tmp):
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if not soffice:
        return None
    out = os.path.join(tmp, 'lo')
    subprocess.run([soffice, '-env:UserInstallation=file://' + tmp + '/lo-profile', '--headless',
                    '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false',
                    '--outdir', out, path], check=True, capture_output=True, timeout=300)
    name = os.path.splitext(os.path.basename(path))[0] + '.csv'
    with open(os.path.join(out, name), newline='', encoding='utf-8') as f:
        return list(csv.reader(f))


def test_libreoffice(path, ours, tmp):
    rows = soffice_csv(path, tmp)
    if rows is None:
        skip('LibreOffice reads our export as we do', 'soffice not installed')
        return
    bad = []
    for i, row in enumerate(rows, start=1):
        if trim(row) != ours.get(i) and len(bad) < 5:
            bad.append((i, row, ours.get(i)))
    check(len(rows) == 3008 and not bad,
          'LibreOffice (csv, raw values) and our reader agree on all %d rows' % len(rows), bad)


def test_fixtures():
    """Workbooks made by openpyxl and LibreOffice: our reader gives what
    openpyxl reads, cell by cell."""
    import openpyxl
    for name in ('openpyxl.xlsx', 'libreoffice.xlsx'):
        path = os.path.join(FIXTURES, name)
        wb = openpyxl.load_workbook(path, data_only=True)  # LibreOffice saves TRUE as =TRUE()
        for sheet in ('企业名录', '年度数据'):
            ours = our_rows(path, sheet)
            bad = []
            for row in wb[sheet].iter_rows():
                want = trim([display(c) for c in row])
                if want and ours.get(row[0].row) != want:
                    bad.append((row[0].row, want, ours.get(row[0].row)))
            check(not bad and ours, '%s / %s: our reader agrees with openpyxl' % (name, sheet), bad)


def main():
    if not os.access(TOOL, os.X_OK):
        print('1..1')
        print('not ok 1 - %s not built (make unit)' % TOOL)
        return 1
    tmp = tempfile.mkdtemp(prefix='zjtx-xlsx-')
    try:
        path = os.path.join(tmp, 'export.xlsx')
        out = subprocess.run([TOOL, '--write', path], capture_output=True, text=True)
        check(out.returncode == 0 and out.stdout.strip() == '3007', 'writer made 3007 data rows',
              out.stderr)
        ours = our_rows(path)
        check(len(ours) == 3008, 'our reader sees header + 3007 rows', len(ours))
        test_openpyxl(path, ours)
        test_libreoffice(path, ours, tmp)
        test_fixtures()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
