#!/usr/bin/env bash
# monthly_rollup.sh [FIRMS] [PERIODS] - F4 benchmark (b): the district x
# month roll-up (firms filed, revenue and profit sums per district and
# period) over FIRMS x PERIODS reports (default 150,000 x 36 = 5,400,000),
# answered by zjtx from the aggregates maintained at import time, and in the
# same run by pandas (Debian python3-pandas, data already in memory) and by
# DuckDB (npm @duckdb/node-api 1.5.6-r.1, bench/duckdb, data already in a
# table) over the same rows. Each engine prints a checksum (the revenue
# total over all cells) so the answers can be compared. The data is made by
# bench/gen_monthly.c and loaded with `zjtx import monthly` (timed too).
set -euo pipefail
cd "$(dirname "$0")/.."
firms=${1:-150000}
periods=${2:-36}
runs=${RUNS:-50}
make --no-print-directory -s all
pkgs=$(sed -n 's/^PKGS := //p' Makefile)
mkdir -p build/bench
cc -O2 -o build/bench/gen_monthly bench/gen_monthly.c
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs) bench/monthly_rollup.c build/libzjtx.a \
	$(pkg-config --libs $pkgs) -lpthread -lm -o build/bench/monthly_rollup
tmp=$(mktemp -d /tmp/zjtx-bench-rollup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
build/bench/gen_monthly "$firms" "$periods" 202510 "$tmp"
rows=$((firms * periods))
first=$(awk -F, 'NR == 2 { print $3; exit }' "$tmp/monthly.csv")

build/zjtx --db "$tmp/z.db" import enterprises "$tmp/enterprises.csv" >/dev/null 2>&1
/usr/bin/time -f "%e %U %S" -o "$tmp/time" build/zjtx --db "$tmp/z.db" import monthly "$tmp/monthly.csv" \
	--today 2026-01-01 >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
awk -v n="$rows" '{ printf "load: zjtx import monthly, %d rows: wall %.1f s, CPU %.1f s (%.0f rows/s CPU)\n", n, $1, $2 + $3, n / ($2 + $3) }' "$tmp/time"

echo "roll-up ($runs runs each; district x month over $first .. 2025-10):"
build/bench/monthly_rollup "$tmp/z.db" "$first" 2025-10 "$runs"
/usr/bin/python3 - "$tmp/monthly.csv" "$runs" <<'PY'
import sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], usecols=["所属区县", "报告期", "营业收入(累计)", "利润总额(累计)"],
                 dtype={"所属区县": "category", "报告期": "category"})
load = time.perf_counter() - t0
times = []
for _ in range(int(sys.argv[2]) // 5 or 1):
    t0 = time.perf_counter()
    r = df.groupby(["所属区县", "报告期"], observed=True).agg(
        filed=("营业收入(累计)", "size"), revenue=("营业收入(累计)", "sum"),
        profit=("利润总额(累计)", "sum"))
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print("pandas %s load_ms=%.0f cells=%d median_ms=%.2f p99_ms=%.2f revenue_total_wan=%.2f" % (
    pd.__version__, load * 1000, len(r), times[len(times) // 2], times[min(len(times) - 1, int(len(times) * .99))],
    r["revenue"].sum()))
PY
if [ ! -d bench/duckdb/node_modules/@duckdb/node-api ]; then
	(cd bench/duckdb && npm ci --no-audit --no-fund >/dev/null 2>&1) || echo "duckdb: npm ci failed (no registry?); skipped"
fi
if [ -d bench/duckdb/node_modules/@duckdb/node-api ]; then
	node bench/duckdb/rollup.mjs "$tmp/monthly.csv" "$runs"
fi
t0=$(date +%s%N)
build/zjtx --db "$tmp/z.db" report monthly --period 2025-10 --by district --format json \
	-o "$tmp/r.json" 2>/dev/null
t1=$(date +%s%N)
awk -v ns=$((t1 - t0)) 'BEGIN { printf "end to end: zjtx report monthly --by district --format json " \
	"(process start, 13-month series, JSON file): %.1f ms wall\n", ns / 1e6 }'
