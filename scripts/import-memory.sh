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
#   scripts/import-memory.sh scale PROJECTS
#
# "scale" measures one import of a generated table of PROJECTS projects
# (scripts/benchscale, seed 18: about 950 bytes a project) into a fresh
# SQLite file, and into a fresh PostgreSQL database jixiao_import_memory
# when PGDSN or JIXIAO_TEST_POSTGRES is set: wall and CPU time and peak
# RSS from /usr/bin/time (BENCHMARKS.md, "Imports in bounded memory").
# It goes through scripts/importmem, which imports as `jixiao import` does
# but without the 20 MiB cap that every door puts on a file.
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
if [ "$file" = scale ]; then
	table=$DIR/scale-$n.md
	[ -f "$table" ] || go run ./scripts/benchscale -projects "$n" -out "$table"
	go build -o "$DIR/importmem" ./scripts/importmem
	rm -f "$DIR/scale.db"*
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	/usr/bin/time -f "SQLite: %e s wall, %U s user, %S s sys, peak RSS %M KB" "$DIR/importmem" import "sqlite:$DIR/scale.db" "$table"
	rm -f "$DIR/scale.db"*
	pg=${PGDSN:-${JIXIAO_TEST_POSTGRES:-}}
	if [ -n "$pg" ]; then
		psql "$pg" -qc "DROP DATABASE IF EXISTS jixiao_import_memory" 2>/dev/null
		psql "$pg" -qc "CREATE DATABASE jixiao_import_memory ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
		db=$(echo "$pg" | sed 's#^\(postgres://[^/]*\)/[^?]*#\1/jixiao_import_memory#')
		echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
		/usr/bin/time -f "PostgreSQL: %e s wall, %U s user, %S s sys, peak RSS %M KB" "$DIR/importmem" import "$db" "$table"
		psql "$pg" -qc "DROP DATABASE jixiao_import_memory"
	fi
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
fi
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
