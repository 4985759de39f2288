#!/usr/bin/env bash
# rule.sh [FIRMS] [REPEAT] - the criteria engine against SQLite (F2): srdi-2022
# over FIRMS synthetic firms (default 1,000,000) with criteria_eval_batch on one
# core, and the same rules as one SQL query over the same data, in one run;
# prints evaluations/s and the ratio. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory -s build/bench/bench_rule
exec build/bench/bench_rule "${1:-1000000}" "${2:-3}"
