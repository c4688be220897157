#!/bin/sh
# import-memory.sh uploads N spreadsheets at once to a server on 127.0.0.1
# and prints the server's peak RSS (VmHWM) with each upload's status
# (issue 14: four imports at once must stay within the memory bound).
#
#   scripts/import-memory.sh FILE|xlsx|csv [N]
#
# "xlsx" and "csv" measure the generated files of BENCHMARKS.md ("Import
# memory"): an official-layout workbook of 890 projects (about 616 KB)
# and the indicators of 11,000 projects as a flat CSV (about 10 MB),
# written by scripts/importmem. Before the server, one `jixiao import` of
# the file is measured alone (peak RSS from /usr/bin/time, when there).
#
# Environment: PORT (18432), DIR (/tmp/jixiao-import-memory). Each upload
# is FILE with i newlines appended and its own budget year, so that none is
# a duplicate by its bytes or by its content.
set -eu
file=$1
n=${2:-4}
PORT=${PORT:-18432}
DIR=${DIR:-/tmp/jixiao-import-memory}
cd "$(dirname "$0")/.."
mkdir -p "$DIR"
go build -o "$DIR/jixiao" ./cmd/jixiao
case $file in
xlsx) go run ./scripts/importmem xlsx 890 >"$DIR/gen-890.xlsx"; file=$DIR/gen-890.xlsx ;;
csv) go run ./scripts/importmem csv 11000 >"$DIR/gen-11000.csv"; file=$DIR/gen-11000.csv ;;
esac
if [ -x /usr/bin/time ]; then
	rm -f "$DIR/cli.db"
	/usr/bin/time -f "one jixiao import (CLI): peak RSS %M KB" "$DIR/jixiao" import --db "sqlite:$DIR/cli.db" "$file" 2>&1 >/dev/null | tail -1
	rm -f "$DIR/cli.db"*
fi
db=$DIR/mem-$$.db
pw='导入内存测试用的足够长的密码'
printf '%s\n' "$pw" | "$DIR/jixiao" user add --db "sqlite:$db" --username 财政导入 --role finance_reviewer >/dev/null
"$DIR/jixiao" serve --db "sqlite:$db" --addr "127.0.0.1:$PORT" 2>"$DIR/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$db" "$db"-* "$DIR"/upload-*' EXIT
base=http://127.0.0.1:$PORT
for _ in $(seq 1 300); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(curl -s -H 'Content-Type: application/json' -d "{\"username\":\"财政导入\",\"password\":\"$pw\"}" "$base/api/v1/session" |
	sed 's/.*"token":"\([^"]*\)".*/\1/')
ext=${file##*.}
for i in $(seq 1 "$n"); do
	cp "$file" "$DIR/upload-$i.$ext"
	if [ "$ext" = csv ]; then for _ in $(seq 1 "$i"); do echo >>"$DIR/upload-$i.$ext"; done
	else printf '%*s' "$i" '' >>"$DIR/upload-$i.$ext"; fi # a zip tolerates trailing bytes
done
idle=$(awk '/^VmRSS/ { print $2 }' /proc/$server/status)
echo "RSS before: $idle KB"
pids=
for i in $(seq 1 "$n"); do
	curl -s -o /dev/null -w "upload $i: %{http_code} in %{time_total}s\n" -H "Authorization: Bearer $token" \
		-F "file=@$DIR/upload-$i.$ext" -F "year=$((2030 + i))" "$base/api/v1/documents" &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || true; done
peak=$(awk '/^VmHWM/ { print $2 }' /proc/$server/status)
echo "file $(wc -c <"$file") bytes × $n at once; server peak RSS (VmHWM): $peak KB, $((peak - idle)) KB over idle"
