#!/bin/sh
# login-flood.sh floods POST /api/v1/session with a new username per request
# (issue 14) while a few connections read the API, and prints the server's
# peak RSS and the readers' p99. Loopback only, bounded by DURATION.
#
#   scripts/login-flood.sh [BINARY]
#
# Environment: CONNS (64) flood connections, DURATION (30s), READERS (4)
# reading connections, PORT (18431), FLOOD_DIR (/tmp/jixiao-flood). BINARY
# defaults to a fresh build of ./cmd/jixiao.
set -eu
CONNS=${CONNS:-64}
DURATION=${DURATION:-30s}
READERS=${READERS:-4}
PORT=${PORT:-18431}
FLOOD_DIR=${FLOOD_DIR:-/tmp/jixiao-flood}
cd "$(dirname "$0")/.."
mkdir -p "$FLOOD_DIR"
bin=${1:-$FLOOD_DIR/jixiao}
[ $# -ge 1 ] || go build -o "$bin" ./cmd/jixiao
db=$FLOOD_DIR/flood-$$.db
rm -f "$db"
"$bin" import --db "sqlite:$db" testdata/liwan-hrss-bureau-2024.md testdata/huadu-employment-center-2024.txt >/dev/null || true
base=http://127.0.0.1:$PORT
"$bin" serve --db "sqlite:$db" --addr "127.0.0.1:$PORT" 2>"$FLOOD_DIR/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$db" "$db"-*' EXIT
for _ in $(seq 1 300); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
rss_kb() { awk '/^VmRSS/ { print $2 }' /proc/$server/status; }
echo "RSS before: $(rss_kb) KB"
# A sampler of VmRSS (VmHWM would do, but a sample series shows the plateau).
( max=0; while kill -0 $server 2>/dev/null; do r=$(rss_kb || echo 0); [ "${r:-0}" -gt $max ] && max=$r && echo $max >"$FLOOD_DIR/maxrss"; sleep 0.2; done ) &
sampler=$!
wrk -t2 -c"$READERS" -d"$DURATION" --latency "$base/api/v1/projects?limit=20" >"$FLOOD_DIR/readers.out" &
readers=$!
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s scripts/stress/flood.lua "$base" >"$FLOOD_DIR/flood.out"
wait $readers
kill $sampler 2>/dev/null || true
echo "flood ($CONNS connections, $DURATION, a new username per request):"
grep -E 'Requests/sec|statuses| 99%' "$FLOOD_DIR/flood.out"
echo "readers ($READERS connections, GET /api/v1/projects?limit=20):"
grep -E 'Requests/sec| 50%| 99%|Non-2xx' "$FLOOD_DIR/readers.out"
echo "server peak RSS (sampled VmRSS): $(cat "$FLOOD_DIR/maxrss") KB; VmHWM $(awk '/^VmHWM/ { print $2 }' /proc/$server/status) KB"
