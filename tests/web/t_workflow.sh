#!/usr/bin/env bash
# t_workflow.sh - runs the workflow's browser journeys (tests/web/workflow.test.mjs),
# TAP for prove. Skips when node is missing; the script itself skips without
# the real server ($ZJTX), chromium, playwright-core or the built UI.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "1..0 # SKIP node not installed"
	exit 0
fi
exec node "$here/workflow.test.mjs"
