#!/usr/bin/env bash
# Replays every fuzz corpus (fuzz/corpus/TARGET/) through its target, built
# normally and under ASan+UBSan. A crash or sanitizer report fails the test.
set -uo pipefail
cd "$(dirname "$0")/.."
n=0
fail=0
for dir in fuzz/corpus/*/; do
	t=$(basename "$dir")
	for b in "$BUILD/replay/fuzz_$t" "$ASAN_BUILD/replay/fuzz_$t"; do
		n=$((n + 1))
		if [ ! -x "$b" ]; then
			echo "not ok $n - $b missing"
			fail=1
			continue
		fi
		if out=$("$b" "$dir" 2>&1); then
			echo "ok $n - corpus $t ($(grep -c '^ok' <<<"$out") inputs) via ${b#$PWD/}"
		else
			echo "not ok $n - corpus $t via $b"
			sed 's/^/# /' <<<"$out" | tail -30
			fail=1
		fi
	done
done
echo "1..$n"
exit $fail
