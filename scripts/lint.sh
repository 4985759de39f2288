#!/usr/bin/env bash
# lint.sh - clang-format check, banned calls, include layering, cppcheck.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'fuzz/*.c' 'bench/*.c' 'tools/*.c')

if command -v clang-format >/dev/null; then
	if ! clang-format --dry-run --Werror $files 2>/tmp/zjtx-format.log; then
		echo "lint: clang-format differences (run clang-format -i on the files below):"
		grep -o '^[^:]*\.[ch]' /tmp/zjtx-format.log | sort -u | sed 's/^/  /'
		fail=1
	fi
fi

banned=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok)\s*\(' $files |
	grep -v '^\s*//' || true)
if [ -n "$banned" ]; then
	echo "lint: banned calls:"
	echo "$banned"
	fail=1
fi

# Layering: base includes nothing of ours outside base; core/rule never include store/io/http/cli;
# app never includes http (handlers call services, not the reverse).
layer() {
	local dir=$1 pattern=$2
	local hits
	hits=$(grep -nE "#include \"($pattern)/" src/$dir/*.[ch] 2>/dev/null || true)
	if [ -n "$hits" ]; then
		echo "lint: src/$dir must not include $pattern:"
		echo "$hits"
		fail=1
	fi
}
layer base 'core|rule|store|io|http|app|cli'
layer rule 'core|store|io|http|app|cli'
layer core 'store|io|http|app|cli'
layer store 'io|http|app|cli'
layer io 'http|app|cli'
layer app 'http|cli'

if command -v cppcheck >/dev/null; then
	if ! cppcheck --quiet --error-exitcode=1 --std=c11 -Isrc --suppress=missingIncludeSystem \
		--inline-suppr src 2>&1; then
		fail=1
	fi
fi
[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
