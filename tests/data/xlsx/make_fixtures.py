#!/usr/bin/python3
"""Generates the XLSX fixtures of tests/unit/t_xlsx.c (run from anywhere):

    /usr/bin/python3 tests/data/xlsx/make_fixtures.py

The generated files are committed, so the C tests need no Python. Kinds:
  openpyxl.xlsx     written by openpyxl (Debian python3-openpyxl): inline
                    strings, numbers, dates, booleans, a merged header, sparse
                    rows, Chinese text, styled empty trailing rows, 3 sheets
  libreoffice.xlsx  openpyxl.xlsx re-saved by LibreOffice headless (shared
                    strings, computed formula results); made only if soffice
                    is installed (see --libreoffice)
  handmade.xlsx     raw SpreadsheetML written here, for what openpyxl cannot
                    write: shared strings, rich text with phonetic runs,
                    _xHHHH_ escapes, exact doubles (0.30000000000000004),
                    formulas with cached values, error cells, cells without
                    r attributes, the 1900 leap-year bug, built-in and custom
                    date formats
  prefixed.xlsx     prefixed element names (x:row), a main part found through
                    _rels/.rels, absolute relationship targets, the 1904
                    date system, a chart sheet
  bad_*.xlsx        negative cases: zip bombs, truncation, not a zip, no
                    workbook, deep XML, a DTD, malformed XML, a corrupt entry
"""
import datetime
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def out(name):
    return os.path.join(HERE, name)


def content_types(sheets=('xl/worksheets/sheet1.xml',)):
    parts = ''.join(
        '<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/>' % s for s in sheets)
    return (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>' + parts + '</Types>')


def root_rels(target='xl/workbook.xml'):
    return (DECL + PKG + '<Relationship Id="rId1" Type="%s/officeDocument" Target="%s"/>'
            '</Relationships>' % (REL, target))


def write_zip(path, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', method) as z:
        for name, data in parts.items():
            if isinstance(data, str):
                data = data.encode('utf-8')
            z.writestr(name, data)


def simple_book(sheet_xml, sst=None, styles=None, sheet_name='Sheet1'):
    """A minimal one-sheet package around sheet_xml."""
    rels = ('<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>' % REL)
    if sst is not None:
        rels += '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % REL
    if styles is not None:
        rels += '<Relationship Id="rId3" Type="%s/styles" Target="styles.xml"/>' % REL
    parts = {
        '[Content_Types].xml': content_types(),
        '_rels/.rels': root_rels(),
        'xl/workbook.xml': DECL + '<workbook %s %s><sheets><sheet name="%s" sheetId="1" r:id="rId1"/>'
                           '</sheets></workbook>' % (NS, RNS, sheet_name),
        'xl/_rels/workbook.xml.rels': DECL + PKG + rels + '</Relationships>',
        'xl/worksheets/sheet1.xml': sheet_xml,
    }
    if sst is not None:
        parts['xl/sharedStrings.xml'] = sst
    if styles is not None:
        parts['xl/styles.xml'] = styles
    return parts


# ---- openpyxl.xlsx ----

def make_openpyxl():
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '企业名录'
    ws.append(['统一社会信用代码', '企业名称', '所属区县', '营业收入(万元)', None, '成立日期',
               '高新技术企业', '备注'])
    ws.merge_cells('D1:E1')  # merged header: the value stays in D1
    ws.append(['91500000MA5U7TQX1B', '重庆某某精密机械有限公司', '渝北区', 1234.5, 12,
               datetime.date(2015, 3, 1), True, '含,逗号"引号"\n换行'])
    ws['A3'] = '91500112MA60LR1Q5P'
    ws['C3'] = '江北区'
    ws['F3'] = datetime.date(2000, 2, 29)
    ws['H3'] = '仅有四格'
    ws.append(['大数', 1e20, 123456789012345678, 9007199254740993, -0.5, 0, -123.456, 1e-07])
    ws['A8'] = '空行之后'
    ws['B8'] = datetime.datetime(2020, 6, 15, 13, 30, 0)
    ws['C8'] = False
    fill = PatternFill('solid', fgColor='FFFF00')
    for r in range(9, 21):  # styled but empty trailing rows
        for c in range(1, 9):
            ws.cell(row=r, column=c).fill = fill
    ws['A1'].font = Font(bold=True)

    ws2 = wb.create_sheet('年度数据')
    ws2.append(['统一社会信用代码', '年度', '营业收入(万元)', '研发费用(万元)', '主导产品国内细分市场占有率(%)'])
    ws2.append(['91500000MA5U7TQX1B', 2023, 15000.25, 820.5, 12.5])
    ws2.append(['91500112MA60LR1Q5P', 2023, 3000, 0, 0.125])

    ws3 = wb.create_sheet('公式')
    ws3.append([1, 2, '=A1+B1', '=CONCATENATE("重","庆")'])
    wb.save(out('openpyxl.xlsx'))


def make_libreoffice(soffice):
    tmp = tempfile.mkdtemp(prefix='zjtx-lo-')
    try:
        src = os.path.join(tmp, 'in.xlsx')
        shutil.copy(out('openpyxl.xlsx'), src)
        od = os.path.join(tmp, 'out')
        subprocess.run([soffice, '-env:UserInstallation=file://' + tmp + '/profile', '--headless',
                        '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', od, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        shutil.copy(os.path.join(od, 'in.xlsx'), out('libreoffice.xlsx'))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- handmade.xlsx ----

HANDMADE_SST = (DECL + '<sst %s count="6" uniqueCount="5">' % NS +
                '<si><t>文本</t></si>'
                '<si><t xml:space="preserve"> 前后空格 </t></si>'
                '<si><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r>'
                '<rPh sb="0" eb="1"><t>フ</t></rPh><phoneticPr fontId="1"/></si>'
                '<si><t>回车_x000D_换行&#10;下划线_x005F_x0041_</t></si>'
                '<si><t>end</t></si>'
                '</sst>')

# cellXfs: 0 General, 1 numFmt 14, 2 custom 年月日, 3 numFmt 22, 4 custom 0.00,
#          5 numFmt 31 (zh-CN 年月日), 6 custom h:mm, 7 custom [Red] with "d" in quotes,
#          8 numFmt 10 (0.00%), 9 custom 0.0%
HANDMADE_STYLES = (DECL + '<styleSheet %s>' % NS +
                   '<numFmts count="5"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
                   '<numFmt numFmtId="165" formatCode="0.00"/><numFmt numFmtId="166" formatCode="h:mm"/>'
                   '<numFmt numFmtId="167" formatCode="[Red]0.0&quot;days&quot;"/><numFmt numFmtId="168" formatCode="0.0%"/></numFmts>'
                   '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
                   '<cellXfs count="10"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
                   '<xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="165"/><xf numFmtId="31"/>'
                   '<xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="10"/><xf numFmtId="168"/></cellXfs></styleSheet>')

HANDMADE_SHEET = (DECL + '<worksheet %s %s><dimension ref="A1:L11"/><sheetData>' % (NS, RNS) +
                  # row 1: strings
                  '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c>'
                  '<c r="C1" t="s"><v>3</v></c><c r="D1" t="inlineStr"><is><r><t>内联</t></r><r><t xml:space="preserve"> 富文本</t></r>'
                  '<rPh sb="0" eb="1"><t>ナイ</t></rPh></is></c><c r="E1" t="s"><v>1</v></c></row>'
                  # row 2: numbers
                  '<row r="2"><c r="A2"><v>0.30000000000000004</v></c><c r="B2"><v>1234.5</v></c>'
                  '<c r="C2"><v>1E+20</v></c><c r="D2"><v>-0</v></c><c r="E2" t="n"><v>1234.50</v></c>'
                  '<c r="F2"><v>1.5E-3</v></c><c r="G2"><v>123456789012345678901234567890</v></c>'
                  '<c r="H2"><v>0.1000000000000000055511151231257827</v></c><c r="I2"><v>-7.25e2</v></c></row>'
                  # row 3: dates
                  '<row r="3"><c r="A3" s="1"><v>60</v></c><c r="B3" s="1"><v>59</v></c>'
                  '<c r="C3" s="1"><v>61</v></c><c r="D3" s="1"><v>1</v></c><c r="E3" s="2"><v>43997</v></c>'
                  '<c r="F3" s="3"><v>43997.5</v></c><c r="G3" s="4"><v>43997</v></c><c r="H3" s="5"><v>45658</v></c>'
                  '<c r="I3" s="6"><v>0.75</v></c><c r="J3" s="1"><v>2958465</v></c><c r="K3" s="1"><v>-1</v></c>'
                  '<c r="L3" t="d"><v>2021-03-04T00:00:00</v></c><c r="M3" s="7"><v>3</v></c>'
                  '<c r="N3" s="3"><v>43997</v></c></row>'
                  # row 4: booleans and formulas with cached values
                  '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c>'
                  '<c r="C4"><f>A2*2</f><v>0.6000000000000001</v></c>'
                  '<c r="D4" t="str"><f>CONCATENATE("公式","文本")</f><v>公式文本</v></c>'
                  '<c r="E4" t="b"><f>TRUE()</f><v>1</v></c><c r="F4" t="str"><f>""</f><v></v></c>'
                  '<c r="G4"><f t="shared" ref="G4:G5" si="0">B2+1</f><v>1235.5</v></c>'
                  '<c r="H4" s="8"><v>0.125</v></c><c r="I4" s="9"><v>0.30000000000000004</v></c>'
                  '<c r="J4" s="8"><v>-1.5E-3</v></c><c r="K4" s="8"><v>0</v></c></row>'
                  # row 5 missing; row 6 without r attributes on cells
                  '<row r="6"><c><v>1</v></c><c><v>2</v></c><c r="E6"><v>5</v></c><c><v>6</v></c></row>'
                  # row 7: an error cell
                  '<row r="7"><c r="A7" t="s"><v>0</v></c><c r="B7" t="e"><v>#DIV/0!</v></c></row>'
                  # row 8: reading continues
                  '<row r="8"><c r="A8" t="inlineStr"><is><t>继续</t></is></c></row>'
                  # row 9: a bad shared-string index
                  '<row r="9"><c r="A9" t="s"><v>99</v></c></row>'
                  # row 10: style only (skipped); row 11: the last value; then empty rows
                  '<row r="10"><c r="A10" s="1"/><c r="B10" s="1"/></row>'
                  '<row r="11"><c r="A11" t="s"><v>4</v></c><c r="B11" t="s"><v>4</v></c></row>'
                  '<row r="12"/><row r="13" ht="20" customHeight="1"><c r="A13" s="1"/></row>'
                  '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
                  '<extLst><ext uri="{x}"><x14:foo xmlns:x14="urn:x"><x14:row><x14:c/></x14:row></x14:foo></ext></extLst>'
                  '</worksheet>')


def make_handmade():
    write_zip(out('handmade.xlsx'), simple_book(HANDMADE_SHEET, HANDMADE_SST, HANDMADE_STYLES, '数据'))


# ---- prefixed.xlsx ----

def make_prefixed():
    X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    parts = {
        '[Content_Types].xml': content_types(('xl/ws/data.xml',)),
        '_rels/.rels': root_rels('/xl/wb.xml'),
        'xl/wb.xml': DECL + '<x:workbook %s %s><x:workbookPr date1904="1"/><x:sheets>'
                     '<x:sheet name="图表" sheetId="1" r:id="rIdC"/>'
                     '<x:sheet name="数据" sheetId="2" r:id="rIdS"/></x:sheets></x:workbook>' % (X, RNS),
        'xl/_rels/wb.xml.rels': DECL + PKG +
        '<Relationship Id="rIdC" Type="%s/chartsheet" Target="/xl/chartsheets/sheet1.xml"/>'
        '<Relationship Id="rIdS" Type="%s/worksheet" Target="/xl/ws/data.xml"/>'
        '<Relationship Id="rIdT" Type="%s/styles" Target="./st.xml"/>'
        '<Relationship Id="rIdH" Type="%s/hyperlink" Target="http://example.invalid/" TargetMode="External"/>'
        '</Relationships>' % (REL, REL, REL, REL),
        'xl/st.xml': DECL + '<x:styleSheet %s><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="14"/>'
                     '</x:cellXfs></x:styleSheet>' % X,
        'xl/chartsheets/sheet1.xml': DECL + '<x:chartsheet %s/>' % X,
        'xl/ws/data.xml': DECL + '<x:worksheet %s><x:sheetData>'
                          '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>'
                          '<x:row r="2"><x:c r="A2" s="1"><x:v>0</x:v></x:c><x:c r="B2" s="1"><x:v>43997</x:v></x:c>'
                          '</x:row></x:sheetData></x:worksheet>' % X,
    }
    write_zip(out('prefixed.xlsx'), parts)


# ---- negative fixtures ----

def sheet_with(body):
    return DECL + '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, body)


ONE_ROW = '<row r="1"><c r="A1"><v>1</v></c></row>'


def patch_sizes(data, name, new_size):
    """Rewrites the uncompressed size of entry `name` in both the local and
    the central header, as a lying zip bomb would."""
    b = bytearray(data)
    n = name.encode()
    i = b.find(b'PK\x03\x04')
    while i >= 0:
        nl = struct.unpack_from('<H', b, i + 26)[0]
        if bytes(b[i + 30:i + 30 + nl]) == n:
            struct.pack_into('<I', b, i + 22, new_size)
        i = b.find(b'PK\x03\x04', i + 4)
    i = b.find(b'PK\x01\x02')
    while i >= 0:
        nl = struct.unpack_from('<H', b, i + 28)[0]
        if bytes(b[i + 46:i + 46 + nl]) == n:
            struct.pack_into('<I', b, i + 24, new_size)
        i = b.find(b'PK\x01\x02', i + 4)
    return bytes(b)


def make_negative():
    # zip bomb: 24 MB of whitespace in the sheet compresses ~1000:1
    bomb = sheet_with(ONE_ROW + ' ' * (24 * 1024 * 1024))
    write_zip(out('bad_bomb.xlsx'), simple_book(bomb))
    # the same bomb with its directory claiming 2,000 bytes
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for k, v in simple_book(bomb).items():
            z.writestr(k, v)
    with open(out('bad_bomb_lying.xlsx'), 'wb') as f:
        f.write(patch_sizes(buf.getvalue(), 'xl/worksheets/sheet1.xml', 2000))
    # truncated: the first 60% of a good file, and a file missing its last 30 bytes
    data = open(out('handmade.xlsx'), 'rb').read()
    open(out('bad_truncated.xlsx'), 'wb').write(data[:len(data) * 6 // 10])
    open(out('bad_truncated_tail.xlsx'), 'wb').write(data[:-30])
    open(out('bad_notzip.xlsx'), 'wb').write('统一社会信用代码,企业名称\n'.encode('utf-8'))
    open(out('bad_xls.xlsx'), 'wb').write(bytes.fromhex('D0CF11E0A1B11AE1') + bytes(504))
    open(out('bad_empty.xlsx'), 'wb').write(b'')
    write_zip(out('bad_noworkbook.xlsx'), {'readme.txt': 'not a workbook', '_rels/.rels': root_rels()})
    deep = '<x>' * 200 + '</x>' * 200
    write_zip(out('bad_deep.xlsx'), simple_book(sheet_with('<row r="1"><c r="A1"><v>1</v></c>%s</row>' % deep)))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              '<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
              '</sheetData></worksheet>' % NS)
    write_zip(out('bad_dtd.xlsx'), simple_book(laughs))
    write_zip(out('bad_xml.xlsx'), simple_book(DECL + '<worksheet %s><sheetData><row r="1"><c r="A1"><v>1</v>'
                                               '</row></sheetData></worksheet>' % NS))
    # a corrupt deflate stream: flip bytes in the middle of the sheet's data
    buf = io.BytesIO()
    big = sheet_with(''.join('<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919) for i in range(1, 3000)))
    write_zip(buf, simple_book(big))
    b = bytearray(buf.getvalue())
    i = b.find(b'xl/worksheets/sheet1.xml') + 24 + 2000
    for k in range(i, i + 16):
        b[k] ^= 0x5A
    open(out('bad_corrupt.xlsx'), 'wb').write(bytes(b))
    # rows out of order
    write_zip(out('bad_order.xlsx'), simple_book(sheet_with(
        '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>')))
    # too many columns: a value in column IW (257)
    write_zip(out('bad_wide.xlsx'), simple_book(sheet_with(
        '<row r="1"><c r="A1"><v>1</v></c><c r="IW1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')))


def main():
    make_openpyxl()
    make_handmade()
    make_prefixed()
    make_negative()
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if '--libreoffice' in sys.argv or soffice:
        if not soffice:
            sys.exit('soffice not found: apt-get install -y libreoffice-calc-nogui')
        make_libreoffice(soffice)


if __name__ == '__main__':
    main()
