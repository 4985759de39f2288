#!/usr/bin/env bash
# deps.sh [build|test|bench|all] - installs the Debian packages zjtx needs that
# are missing. Idempotent; prints nothing when everything is present.
set -euo pipefail

BUILD_PKGS=(gcc make pkg-config libsqlite3-dev sqlite3 libjansson-dev libmicrohttpd-dev
	libargon2-dev libssl-dev libxlsxwriter-dev libzip-dev libexpat1-dev nodejs)
TEST_PKGS=(clang libclang-rt-14-dev python3 python3-pytest python3-requests python3-openpyxl
	chromium fonts-wqy-zenhei libreoffice-calc-nogui perl)
BENCH_PKGS=(wrk hyperfine python3-pandas valgrind)
LINT_PKGS=(clang-format cppcheck)

want=("${BUILD_PKGS[@]}")
case "${1:-all}" in
build) ;;
test) want+=("${TEST_PKGS[@]}" "${LINT_PKGS[@]}") ;;
bench) want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}") ;;
all) want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}" "${LINT_PKGS[@]}") ;;
*) echo "usage: $0 [build|test|bench|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/zjtx-deps.log 2>&1; then
	$SUDO apt-get update -qq >>/tmp/zjtx-deps.log 2>&1 || true
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/zjtx-deps.log 2>&1 || {
		echo "deps: apt-get failed; see /tmp/zjtx-deps.log" >&2
		tail -20 /tmp/zjtx-deps.log >&2
		exit 1
	}
fi
