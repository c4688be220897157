#!/bin/sh
# bench-api.sh measures the JSON API under wrk on loopback, for each store,
# next to a bare net/http handler answering the same bytes (the ceiling).
#
#   scripts/bench-api.sh [sqlite|postgres|all]
#
# Environment: DOCS (1000) and PROJECTS (50) size the generated corpus;
# DURATION (10s), CONNS (16) and THREADS (2) bound wrk; PGDSN is the
# PostgreSQL server (postgres://postgres@127.0.0.1:5432/test?sslmode=disable),
# on which the corpus goes to a database jixiao_bench; BENCH_DIR (/tmp/jixiao-bench)
# keeps the SQLite corpus and the logs. A corpus already loaded is reused.
set -eu
which=${1:-all}
DOCS=${DOCS:-1000}
PROJECTS=${PROJECTS:-50}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
PGDSN=${PGDSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
BENCH_DIR=${BENCH_DIR:-/tmp/jixiao-bench}
mkdir -p "$BENCH_DIR"
cd "$(dirname "$0")/.."

go build -o "$BENCH_DIR/jixiao" ./cmd/jixiao
go build -o "$BENCH_DIR/benchapi" ./scripts/benchapi

Q='/api/v1/projects?q=%E5%B0%B1%E4%B8%9A&limit=50' # q=就业
S='/api/v1/openapi.json' # static bytes through the whole server: its own overhead

wait_up() {
	for _ in $(seq 1 1200); do
		curl -fs "$1/healthz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "server at $1 did not start" >&2; tail -3 "$BENCH_DIR"/*.log >&2
	return 1
}

# measure LABEL URL prints "LABEL req/s p99" from one wrk run.
measure() {
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$2" >"$BENCH_DIR/wrk.out"
	awk -v label="$1" '
		/Requests\/sec:/ { rps = $2 }
		/^ +99%/ { p99 = $2 }
		/Non-2xx/ { bad = $NF }
		END { printf "%-44s %10s req/s  p99 %9s%s\n", label, rps, p99, (bad ? "  NON-2xx: " bad : "") }' "$BENCH_DIR/wrk.out"
}

bench_store() {
	name=$1 dsn=$2 port=$3 cport=$4
	base=http://127.0.0.1:$port
	"$BENCH_DIR/jixiao" serve --db "$dsn" --addr "127.0.0.1:$port" 2>"$BENCH_DIR/$name.log" &
	server=$!
	trap 'kill $server 2>/dev/null || true' EXIT
	wait_up "$base"
	have=$(curl -fs "$base/api/v1/documents?limit=500" | grep -o '"id":' | wc -l)
	if [ "$have" -lt "$DOCS" ] && [ "$have" -lt 500 ]; then
		# Importing needs an account: a throwaway administrator for the corpus.
		BENCH_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
		export BENCH_PASSWORD
		echo "$BENCH_PASSWORD" | "$BENCH_DIR/jixiao" user add --db "$dsn" --username "bench-$$" --role admin >/dev/null
		"$BENCH_DIR/benchapi" load -url "$base" -docs "$DOCS" -projects "$PROJECTS" -user "bench-$$"
	fi
	# The project in the middle of the search's first page.
	ids=$(curl -fs "$base$Q" | grep -o '"id":[0-9]*,"document_id"' | tr -dc '0-9\n')
	id=$(echo "$ids" | sed -n "$((($(echo "$ids" | wc -l) + 1) / 2))p")
	P="/api/v1/projects/$id"
	"$BENCH_DIR/benchapi" ceiling -addr "127.0.0.1:$cport" -from "$base" -paths "$Q,$P,$S" 2>"$BENCH_DIR/ceiling.log" &
	ceil=$!
	sleep 0.5
	echo "== $name: $(curl -fs "$base$Q" | wc -c) bytes for q=就业, $(curl -fs "$base$P" | wc -c) bytes for $P"
	measure "$name  GET /api/v1/projects?q=就业&limit=50" "$base$Q"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$Q"
	measure "$name  GET $P" "$base$P"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$P"
	measure "$name  GET $S (no store)" "$base$S"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$S"
	kill "$ceil" "$server"
	wait "$server" 2>/dev/null || true
	trap - EXIT
}

case $which in sqlite | all)
	bench_store sqlite "sqlite:$BENCH_DIR/bench.db" 18080 18099 ;;
esac
case $which in postgres | all)
	db=$(echo "$PGDSN" | sed 's#^\(postgres://[^/]*\)/[^?]*#\1/jixiao_bench#')
	psql "$PGDSN" -Atc "SELECT 1 FROM pg_database WHERE datname = 'jixiao_bench'" | grep -q 1 ||
		psql "$PGDSN" -qc "CREATE DATABASE jixiao_bench ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
	bench_store postgres "$db" 18081 18098 ;;
esac
