#!/usr/bin/env bash
# run.sh BIN DB - `make run`: create the demo database if absent, show the
# pool, then start the server on it with fresh demo accounts (one per role,
# RANDOM passwords printed once and saved to demo-accounts.json beside the
# database, mode 0600). Listens on $ZJTX_LISTEN (default 127.0.0.1:8080).
set -euo pipefail
bin=$1
db=$2
dir=$(dirname "$db")
listen=${ZJTX_LISTEN:-127.0.0.1:8080}
if [ ! -s "$db" ]; then
	echo "== 生成演示数据库 $db (zjtx demo) =="
	"$bin" --db "$db" demo --no-accounts
fi
echo
echo "== 企业库概况 (zjtx summary) =="
"$bin" --db "$db" summary
url="http://$listen"
cat <<EOT

== 用 curl 试用 (密码见下方演示账号;Cookie 会话的写请求须带 X-CSRF-Token) ==
  curl -c /tmp/zjtx.jar -H 'Content-Type: application/json' \\
       -d '{"username":"district","password":"<district 的密码>"}' $url/api/v1/session
  curl -b /tmp/zjtx.jar '$url/api/v1/enterprises?page_size=3'       # 只有沙坪坝区的企业
  curl -b /tmp/zjtx.jar $url/api/v1/enterprises/<其他区县企业的信用代码>  # 404
  浏览器打开 $url ;Ctrl-C 停止。访问日志: $dir/access.log

EOT
exec "$bin" --db "$db" serve --listen "$listen" --demo-accounts \
	--accounts-file "$dir/demo-accounts.json" --access-log "$dir/access.log"
