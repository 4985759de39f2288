#!/usr/bin/env bash
# t_ui.sh - runs the browser test of the web UI (tests/web/ui.test.mjs), TAP
# for prove. Skips when node is missing; the script itself skips when
# chromium, playwright-core (web/node_modules), the built UI or the server is.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "1..0 # SKIP node not installed"
	exit 0
fi
exec node "$here/ui.test.mjs"
