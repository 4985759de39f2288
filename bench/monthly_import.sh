#!/usr/bin/env bash
# monthly_import.sh [FIRMS] [PERIODS] - F4 benchmark (a): bulk filing of
# monthly reports. FIRMS x PERIODS rows (default 50,000 x 20 = 1,000,000;
# 8 columns, ordered by period then firm like a city-wide export) written
# by bench/gen_monthly.c, then in the same run:
#   1. `zjtx import monthly` into a database holding the firms: every row
#      parsed and validated (firm known, period, values, duplicates, the
#      history checks against the firm's other months), stored with its
#      groups, the aggregates maintained, one transaction;
#   2. the sqlite3 CLI's `.import` of the same file into a bare table (the
#      baseline of the issue);
#   3. for the decomposition, the same rows shaped as our table's 15 columns
#      stored in our real table (its primary key) with nothing else done:
#      by `.import` in the file's order and sorted by the key, and by a
#      prepared INSERT in key order (bench/monthly_floor.c), the floor of a
#      keyed insert.
# CPU time (user + sys) is the figure to compare on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
firms=${1:-50000}
periods=${2:-20}
make --no-print-directory -s all
mkdir -p build/bench
cc -O2 -o build/bench/gen_monthly bench/gen_monthly.c
cc -O2 $(pkg-config --cflags sqlite3) -o build/bench/monthly_floor bench/monthly_floor.c \
	$(pkg-config --libs sqlite3)
tmp=$(mktemp -d /tmp/zjtx-bench-monthly.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
build/bench/gen_monthly "$firms" "$periods" 202510 "$tmp"
rows=$((firms * periods))

measure() { # prints "wall cpu" of a command
	/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/time"
}
report() { # name rows wall cpu
	awk -v name="$1" -v n="$2" -v w="$3" -v c="$4" \
		'BEGIN { printf "%-44s %8d rows: wall %6.2f s = %7.0f rows/s; CPU %6.2f s = %7.0f rows/s\n", name, n, w, n / w, c, n / c }'
}

build/zjtx --db "$tmp/z.db" import enterprises "$tmp/enterprises.csv" >/dev/null 2>&1
cp "$tmp/z.db" "$tmp/schema.db"
read -r zw zc < <(measure build/zjtx --db "$tmp/z.db" import monthly "$tmp/monthly.csv" --today 2026-01-01)
grep -q "已导入月度数据 $rows 行" "$tmp/out" || { cat "$tmp/out"; exit 1; }
report "zjtx import monthly (validated, aggregates)" "$rows" "$zw" "$zc"
read -r bw bc < <(measure sqlite3 "$tmp/bare.db" ".mode csv" ".import $tmp/monthly.csv monthly")
report "sqlite3 .import, bare table" "$rows" "$bw" "$bc"
# For the decomposition: the same rows shaped as our table's columns (money
# in 分, the groups' and the first filing's ids (0007_monthly_narrow.sql),
# version 1; updated_at/by empty as in a first version),
# loaded by the sqlite3 CLI into our real table (primary key (uscc, period),
# WITHOUT ROWID; foreign key not checked per row, as in our bulk load), once
# in the file's order and once sorted by the key, the order our load writes.
awk -F, 'NR > 1 {
	split($3, p, "-")
	printf "%s,%s%s,%d,,%d,%d,%d,,%s,,%d,1,1,,\n",
		$1, p[1], p[2], $4 * 1000000 + 0.5, $5 * 1000000 + 0.5, $6 * 1000000 + 0.5, $7 * 1000000 + 0.5, $8,
		1 + $2 % 100
}' "$tmp/monthly.csv" >"$tmp/shaped.csv"
LC_ALL=C sort -t, -k1,1 -k2,2n "$tmp/shaped.csv" >"$tmp/sorted.csv"
cp "$tmp/schema.db" "$tmp/schema2.db"
cp "$tmp/schema.db" "$tmp/schema3.db"
read -r sw sc < <(measure sqlite3 "$tmp/schema.db" "PRAGMA foreign_keys=OFF" ".mode csv" ".import $tmp/shaped.csv monthly_reports")
report "sqlite3 .import into our table, file order" "$rows" "$sw" "$sc"
read -r kw kc < <(measure sqlite3 "$tmp/schema2.db" "PRAGMA foreign_keys=OFF" ".mode csv" ".import $tmp/sorted.csv monthly_reports")
report "sqlite3 .import into our table, key order" "$rows" "$kw" "$kc"
# and the floor: a prepared INSERT of the rows in key order (bench/monthly_floor.c)
read -r fw fc < <(measure build/bench/monthly_floor "$tmp/schema3.db" "$tmp/sorted.csv")
report "prepared INSERT into our table, key order" "$rows" "$fw" "$fc"
awk -v z="$zc" -v b="$bc" -v f="$fc" -v zw="$zw" -v bw="$bw" 'BEGIN {
	printf "zjtx vs bare .import: %.1fx CPU, %.1fx wall (target: within 2x)\n", z / b, zw / bw
	printf "decomposition (CPU, x bare .import): keyed insert alone %.1fx, our pipeline %.1fx\n", f / b, z / b
	printf "our pipeline over the keyed insert: %.2f s per million rows (parsing, checks, aggregates)\n", (z - f) * 1000000 / '"$rows"' }'
