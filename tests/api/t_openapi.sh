#!/usr/bin/env bash
# t_openapi.sh - lints docs/openapi.json (the document served at
# /api/v1/openapi.json) with @redocly/cli, pinned in tests/api/package.json
# and installed from its lockfile (npm ci) when node_modules is missing or
# older than the lockfile. TAP for prove; skips without node/npm.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
echo "1..2"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "ok 1 # SKIP node/npm not installed"
	echo "ok 2 # SKIP node/npm not installed"
	exit 0
fi
stamp="$here/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
	if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/tmp/zjtx-redocly-ci.log 2>&1); then
		echo "not ok 1 - npm ci in tests/api (see /tmp/zjtx-redocly-ci.log)"
		sed 's/^/# /' /tmp/zjtx-redocly-ci.log | tail -20
		echo "not ok 2 - redocly lint (not installed)"
		exit 1
	fi
	touch "$stamp"
fi
echo "ok 1 - @redocly/cli $(node -p "require('$here/node_modules/@redocly/cli/package.json').version") installed from the lockfile"
out=$(cd "$here" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	node node_modules/@redocly/cli/bin/cli.js lint "$root/docs/openapi.json" --config redocly.yaml 2>&1)
rc=$?
if [ $rc -eq 0 ] && ! grep -q 'Warning was generated\|warnings\b' <<<"$out"; then
	echo "ok 2 - docs/openapi.json passes redocly lint (recommended rules, no warnings)"
else
	echo "not ok 2 - docs/openapi.json fails redocly lint (exit $rc)"
	sed 's/^/# /' <<<"$out" | tail -60
	exit 1
fi
