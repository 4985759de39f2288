#!/usr/bin/env bash
# xlsx_import.sh [ROWS] - the full XLSX import: ROWS valid firms (default
# 100,000; 8 columns) written by io/xlsxw, imported by `zjtx import
# enterprises` into a fresh SQLite database (read, validate, one transaction);
# the same rows as CSV (exported by zjtx) imported the same way; and, in the
# same run, openpyxl read-only reading the XLSX (values only, no validation).
# CPU time is the figure to compare on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
make --no-print-directory -s all
pkgs=$(sed -n 's/^PKGS := //p' Makefile)
mkdir -p build/bench
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs) bench/xlsx_read.c build/libzjtx.a \
	$(pkg-config --libs $pkgs) -lpthread -lm -o build/bench/xlsx_read
f=build/bench/firms_${rows}.xlsx
[ -f "$f" ] || build/bench/xlsx_read firms "$f" "$rows"
tmp=$(mktemp -d /tmp/zjtx-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# prints "wall user+sys" of a command (its output goes to $tmp/out)
measure() {
	/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/time"
}
report() { # name rows wall cpu
	awk -v name="$1" -v n="$2" -v w="$3" -v c="$4" \
		'BEGIN { printf "%-28s %7d rows: wall %6.2f s = %7.0f rows/s; CPU %6.2f s = %7.0f rows/s\n", name, n, w, n / w, c, n / c }'
}

read -r w c < <(measure build/zjtx --db "$tmp/x.db" import enterprises "$f")
report "zjtx import (XLSX)" "$rows" "$w" "$c"
xw=$c
build/zjtx --db "$tmp/x.db" export enterprises -o "$tmp/firms.csv"
read -r w c < <(measure build/zjtx --db "$tmp/c.db" import enterprises "$tmp/firms.csv")
report "zjtx import (same as CSV)" "$rows" "$w" "$c"
read -r w c < <(measure /usr/bin/python3 -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
print(n)' "$f")
report "openpyxl read_only (read)" "$rows" "$w" "$c"
awk -v a="$xw" -v b="$c" 'BEGIN { printf "zjtx XLSX import vs openpyxl reading alone (CPU): %.1fx\n", b / a }'
