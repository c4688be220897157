#!/bin/sh
# bench-docpage.sh measures the page of one 1,000-project table (issue 18
# item 3): the document page (its first screen once it is paged), one
# unit of it, its print view (the whole table) and the document API, each
# under wrk next to a bare net/http handler serving the same bytes in the
# same run, then the server's peak RSS; before each wrk run, one cold
# request's time and size.
#
#   scripts/bench-docpage.sh [sqlite|postgres|all]
#
# Environment: PROJECTS (1000) sizes the table (internal/gen); DURATION
# (10s), CONNS (64) and THREADS (2) bound wrk; PGDSN is the PostgreSQL
# server (default JIXIAO_TEST_POSTGRES; "all" runs PostgreSQL only when one
# is set), on which the table goes to a database jixiao_docpage, dropped
# first; JIXIAO_BIN runs another build of jixiao (an older commit, for
# before/after figures; a path it does not serve is reported and skipped);
# BENCH_DIR (/tmp/jixiao-docpage) keeps the table, the stores and the logs.
set -eu
which=${1:-all}
PROJECTS=${PROJECTS:-1000}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PGDSN=${PGDSN:-${JIXIAO_TEST_POSTGRES:-}}
BENCH_DIR=${BENCH_DIR:-/tmp/jixiao-docpage}
mkdir -p "$BENCH_DIR"
cd "$(dirname "$0")/.."

bin=${JIXIAO_BIN:-$BENCH_DIR/jixiao}
[ -n "${JIXIAO_BIN:-}" ] || go build -o "$bin" ./cmd/jixiao
go build -o "$BENCH_DIR/benchapi" ./scripts/benchapi
table=$BENCH_DIR/doc-$PROJECTS.md
[ -f "$table" ] || go run ./scripts/benchscale -projects "$PROJECTS" -out "$table"

wait_up() {
	for _ in $(seq 1 1200); do
		curl -fs "$1/healthz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "server at $1 did not start" >&2
	return 1
}

# measure LABEL URL prints "LABEL req/s p50 p99" from one wrk run.
measure() {
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s --latency "$2" >"$BENCH_DIR/wrk.out"
	awk -v label="$1" '
		/Requests\/sec:/ { rps = $2 }
		/^ +50%/ { p50 = $2 }
		/^ +99%/ { p99 = $2 }
		/Non-2xx/ { bad = $NF }
		/Socket errors/ { errs = $0 }
		END { printf "%-44s %9s req/s  p50 %9s  p99 %9s%s%s\n", label, rps, p50, p99,
			(bad ? "  NON-2xx: " bad : ""), (errs ? "  " errs : "") }' "$BENCH_DIR/wrk.out"
}

bench_store() {
	name=$1 dsn=$2 port=$3 cport=$4
	base=http://127.0.0.1:$port
	"$bin" import --db "$dsn" --year 2024 "$table" >"$BENCH_DIR/$name-import.log" 2>&1
	"$bin" serve --db "$dsn" --addr "127.0.0.1:$port" --api-cache 0 2>"$BENCH_DIR/$name.log" &
	server=$!
	trap 'kill $server 2>/dev/null || true' EXIT
	wait_up "$base"
	doc=$(curl -fs "$base/api/v1/documents" | grep -o '"id":[0-9]*' | head -1 | tr -dc '0-9')
	echo "== $name: document $doc, $PROJECTS projects; load $(cut -d' ' -f1-3 /proc/loadavg)"
	paths=""
	for p in "/documents/$doc" "/documents/$doc?page=2" "/documents/$doc/print" "/documents/$doc/public" \
		"/api/v1/documents/$doc" "/api/v1/documents/$doc?limit=100"; do
		out=$(curl -s -o "$BENCH_DIR/body" -w '%{http_code} %{time_total}' "$base$p")
		if [ "${out%% *}" != 200 ]; then
			echo "   GET $p: ${out%% *}, not measured"
			continue
		fi
		echo "   GET $p: $(wc -c <"$BENCH_DIR/body") bytes, one cold request ${out#* } s"
		paths="$paths${paths:+,}$p"
	done
	"$BENCH_DIR/benchapi" ceiling -addr "127.0.0.1:$cport" -from "$base" -paths "$paths" 2>"$BENCH_DIR/ceiling.log" &
	ceil=$!
	for _ in $(seq 1 600); do
		curl -fs -o /dev/null "http://127.0.0.1:$cport${paths%%,*}" && break
		sleep 0.1
	done
	for p in $(echo "$paths" | tr , ' '); do
		measure "$name  GET $p" "$base$p"
		measure "ceiling  same bytes" "http://127.0.0.1:$cport$p"
	done
	echo "   server peak RSS (VmHWM): $(awk '/^VmHWM/ { print $2 }' "/proc/$server/status") KB; load $(cut -d' ' -f1-3 /proc/loadavg)"
	kill "$ceil" "$server"
	wait "$server" 2>/dev/null || true
	trap - EXIT
}

case $which in sqlite | all)
	rm -f "$BENCH_DIR/doc.db" "$BENCH_DIR/doc.db-"*
	bench_store sqlite "sqlite:$BENCH_DIR/doc.db" 18490 18497 ;;
esac
case $which in postgres | all)
	if [ -z "$PGDSN" ]; then
		[ "$which" = all ] && exit 0
		PGDSN=postgres://postgres@127.0.0.1:5432/test?sslmode=disable
	fi
	psql "$PGDSN" -qc "DROP DATABASE IF EXISTS jixiao_docpage" 2>/dev/null
	psql "$PGDSN" -qc "CREATE DATABASE jixiao_docpage ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
	db=$(echo "$PGDSN" | sed 's#^\(postgres://[^/]*\)/[^?]*#\1/jixiao_docpage#')
	bench_store postgres "$db" 18491 18496 ;;
esac
