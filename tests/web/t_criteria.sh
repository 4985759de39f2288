#!/usr/bin/env bash
# t_criteria.sh - runs the browser journeys of the criteria pages
# (tests/web/criteria.test.mjs), TAP for prove. Skips when node is missing;
# the script itself skips without chromium, playwright-core, the built UI or
# the zjtx binary ($ZJTX, else build/zjtx).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "1..0 # SKIP node not installed"
	exit 0
fi
exec node "$here/criteria.test.mjs"
