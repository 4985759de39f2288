#!/usr/bin/env bash
# t_monitor.sh - runs the browser journeys of monthly monitoring
# (tests/web/monitor.test.mjs), TAP for prove. Skips when node is missing;
# the script itself skips when chromium, playwright-core, the built UI or the
# real server is.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "1..0 # SKIP node not installed"
	exit 0
fi
exec node "$here/monitor.test.mjs"
