#!/usr/bin/env bash
# bench.sh - runs every benchmark in bench/ and prints ratios against the
# named baselines. Results are recorded by hand in bench/README.md.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for b in bench/*.sh; do
	[ -x "$b" ] || continue
	echo "== $b"
	"$b" || status=1
	echo
done
exit $status
