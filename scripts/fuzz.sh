#!/usr/bin/env bash
# fuzz.sh SECONDS - builds every fuzz/fuzz_*.c with clang's libFuzzer and
# ASan+UBSan, and runs each over its corpus for SECONDS. New inputs that
# increase coverage are added to fuzz/corpus/<target>/; crashes are written
# to fuzz/out/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
make --no-print-directory -s all >/dev/null
mkdir -p build/fuzz fuzz/out
lib_src=$(ls src/base/*.c src/core/*.c src/rule/*.c src/store/*.c src/io/*.c src/http/*.c src/app/*.c 2>/dev/null)
pkgs=$(sed -n 's/^PKGS := //p' Makefile)
status=0
for f in fuzz/fuzz_*.c; do
	t=$(basename "$f" .c)
	name=${t#fuzz_}
	mkdir -p "fuzz/corpus/$name"
	echo "== $t (${secs}s)"
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen \
		$(pkg-config --cflags $pkgs) "$f" $lib_src build/gen/embedded.c \
		$(pkg-config --libs $pkgs) -lpthread -lm -o "build/fuzz/$t"
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
	if ! "build/fuzz/$t" -max_total_time="$secs" -artifact_prefix="fuzz/out/$t-" \
		"${dict[@]}" "fuzz/corpus/$name" >"build/fuzz/$t.log" 2>&1; then
		echo "   CRASH: see build/fuzz/$t.log and fuzz/out/"
		tail -30 "build/fuzz/$t.log"
		status=1
	else
		grep -E '^(#[0-9]+\s+DONE|Done)' "build/fuzz/$t.log" | tail -1
	fi
done
exit $status
