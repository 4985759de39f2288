#!/usr/bin/env bash
# xlsx_read.sh [ROWS] - XLSX reader throughput: a ROWS x 12 workbook (default
# 100,000) written by io/xlsxw, read by io/xlsx (best of 3) and, as the
# baseline, by openpyxl in read-only mode (values_only) over the same file.
# Needs build/libzjtx.a (make) and python3-openpyxl.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
make --no-print-directory -s build/libzjtx.a
pkgs=$(sed -n 's/^PKGS := //p' Makefile)
mkdir -p build/bench
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs) bench/xlsx_read.c build/libzjtx.a \
	$(pkg-config --libs $pkgs) -lpthread -lm -o build/bench/xlsx_read
f=build/bench/xlsx_read_${rows}.xlsx
[ -f "$f" ] || build/bench/xlsx_read gen "$f" "$rows"
ls -l "$f" | awk '{printf "file: %s, %.1f MB\n", $9, $5 / 1048576}'

read -r n cells bytes secs cpu < <(build/bench/xlsx_read read "$f")
ours=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
ours_cpu=$(awk -v n="$n" -v s="$cpu" 'BEGIN { printf "%.0f", n / s }')
echo "zjtx io/xlsx:        $n rows, $cells cells: wall ${secs} s = $ours rows/s; CPU ${cpu} s = $ours_cpu rows/s"

py=$(/usr/bin/python3 - "$f" <<'PY'
import sys, time
import openpyxl
t, c = time.perf_counter(), time.process_time()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in wb.worksheets[0].iter_rows(values_only=True):
    n += 1
wb.close()
print(n, '%.4f %.4f' % (time.perf_counter() - t, time.process_time() - c))
PY
)
read -r pn psecs pcpu <<<"$py"
theirs=$(awk -v n="$pn" -v s="$psecs" 'BEGIN { printf "%.0f", n / s }')
theirs_cpu=$(awk -v n="$pn" -v s="$pcpu" 'BEGIN { printf "%.0f", n / s }')
echo "openpyxl read_only:  $pn rows: wall ${psecs} s = $theirs rows/s; CPU ${pcpu} s = $theirs_cpu rows/s"
awk -v a="$ours_cpu" -v b="$theirs_cpu" 'BEGIN { printf "ratio (CPU time): %.1fx openpyxl\n", a / b }'
