#!/usr/bin/env bash
# t_lint.sh - make lint as a test (TAP): clang-format, banned calls, include
# layering, cppcheck (scripts/lint.sh). Skips when neither tool is installed.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v clang-format >/dev/null && ! command -v cppcheck >/dev/null; then
	echo "1..0 # SKIP clang-format and cppcheck not installed"
	exit 0
fi
echo "1..1"
if out=$("$root/scripts/lint.sh" 2>&1); then
	echo "ok 1 - lint: format, banned calls, layering, cppcheck"
else
	echo "not ok 1 - lint: format, banned calls, layering, cppcheck"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
