#!/usr/bin/env bash
# run.sh BIN DB - `make run`: create the demo database if absent, then show
# the pool (and, once the server exists, start it).
set -euo pipefail
bin=$1
db=$2
if [ ! -s "$db" ]; then
	echo "== 生成演示数据库 $db (zjtx demo) =="
	"$bin" --db "$db" demo
fi
echo
echo "== 企业库概况 (zjtx summary) =="
"$bin" --db "$db" summary
if "$bin" help | grep -q '^  serve '; then
	exec "$bin" --db "$db" serve --demo-accounts
fi
