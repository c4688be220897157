#!/bin/sh
# bench-scale.sh measures jixiao on one big generated table (issue 18):
# one project of it, the home page, the API search of projects and of
# indicators, the search page and the document page's first screen (its
# print view, the whole table, timed once), each under wrk next
# to a bare net/http handler serving the same bytes in the same run (the
# ceiling), with the API cache off (what every signed-in user gets), then
# the server's peak RSS.
#
#   scripts/bench-scale.sh [sqlite|postgres|all]
#
# Environment: PROJECTS (20000) sizes the table (internal/gen; the issue's
# goal is 100000, which takes this 2-core machine minutes to import; a
# table past the doors' 20 MiB cap per file is imported by
# scripts/importmem, the same importer without the cap);
# DRAFT (1) also opens next year's draft of it, whose projects every
# request's view of the drafts reads (0: published only); DURATION (5s),
# CONNS (64) and THREADS (2) bound wrk; PGDSN is the PostgreSQL server
# (default postgres://postgres@127.0.0.1:5432/test?sslmode=disable; "all"
# runs PostgreSQL only when JIXIAO_TEST_POSTGRES or PGDSN is set), on which
# the table goes to a database jixiao_scale, dropped first; JIXIAO_BIN runs
# another build of jixiao (an older commit, for before/after figures);
# BENCH_DIR (/tmp/jixiao-scale) keeps the table, the stores and the logs.
#
# Visitors' pages (issue 18 item 4): PAGE_CACHE (unset: serve's default)
# passes --page-cache MiB (0: off) to the server; after the home page the
# script imports a 1,000-project table of 2023 (seed 19) and measures the
# search page for 就业 and that table's document page, as a visitor.
set -eu
PAGE_CACHE=${PAGE_CACHE:-}
page_cache_flag=${PAGE_CACHE:+--page-cache $PAGE_CACHE}
which=${1:-all}
PROJECTS=${PROJECTS:-20000}
DRAFT=${DRAFT:-1}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PGDSN=${PGDSN:-${JIXIAO_TEST_POSTGRES:-}}
BENCH_DIR=${BENCH_DIR:-/tmp/jixiao-scale}
mkdir -p "$BENCH_DIR"
cd "$(dirname "$0")/.."

bin=${JIXIAO_BIN:-$BENCH_DIR/jixiao}
[ -n "${JIXIAO_BIN:-}" ] || go build -o "$bin" ./cmd/jixiao
go build -o "$BENCH_DIR/benchapi" ./scripts/benchapi
go build -o "$BENCH_DIR/importmem" ./scripts/importmem
table=$BENCH_DIR/scale-$PROJECTS.md
[ -f "$table" ] || go run ./scripts/benchscale -projects "$PROJECTS" -out "$table"

Q='/api/v1/projects?q=%E5%B0%B1%E4%B8%9A&limit=50' # q=就业
H='/'
I='/api/v1/indicators?q=%E6%BB%A1%E6%84%8F%E5%BA%A6&limit=50' # q=满意度
S='/search?q=%E6%BB%A1%E6%84%8F%E5%BA%A6'                      # the search page, q=满意度

wait_up() {
	for _ in $(seq 1 1200); do
		curl -fs "$1/healthz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "server at $1 did not start" >&2
	tail -3 "$BENCH_DIR"/*.log >&2
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
		END { printf "%-46s %10s req/s  p50 %9s  p99 %9s%s%s\n", label, rps, p50, p99,
			(bad ? "  NON-2xx: " bad : ""), (errs ? "  " errs : "") }' "$BENCH_DIR/wrk.out"
}

bench_store() {
	name=$1 dsn=$2 port=$3 cport=$4
	base=http://127.0.0.1:$port
	start=$(date +%s.%N)
	if [ "$(wc -c <"$table")" -le 20971520 ]; then
		"$bin" import --db "$dsn" --year 2024 "$table" >"$BENCH_DIR/$name-import.log" 2>&1
	else # past the doors' 20 MiB cap per file (100,000 projects: 91 MB): the importer without it
		"$BENCH_DIR/importmem" import "$dsn" "$table" >"$BENCH_DIR/$name-import.log" 2>&1
	fi
	echo "== $name: imported $PROJECTS projects in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-6) s"
	password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	echo "$password" | "$bin" user add --db "$dsn" --username "scale-$$" --role finance_reviewer >/dev/null
	"$bin" serve --db "$dsn" --addr "127.0.0.1:$port" --api-cache 0 $page_cache_flag 2>"$BENCH_DIR/$name.log" &
	server=$!
	trap 'kill $server 2>/dev/null || true' EXIT
	wait_up "$base"
	doc=$(curl -fs "$base/api/v1/documents" | grep -o '"id":[0-9]*' | head -1 | tr -dc '0-9')
	first=$(curl -fs "$base/api/v1/projects?document=$doc&limit=1" | grep -o '"id":[0-9]*' | head -1 | tr -dc '0-9')
	P="/api/v1/projects/$((first + PROJECTS / 2))" # the middle of the table
	curl -fs -o /dev/null "$base$P"
	if [ "$DRAFT" = 1 ]; then
		token=$(curl -fs -H 'Content-Type: application/json' \
			-d "{\"username\":\"scale-$$\",\"password\":\"$password\"}" "$base/api/v1/session" |
			sed 's/.*"token":"\([^"]*\)".*/\1/')
		curl -fs -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			-d '{"year":2025}' "$base/api/v1/documents/$doc/drafts"
		echo "   with next year's draft of the table ($PROJECTS projects) open"
	fi
	D="/documents/$doc" DP="/documents/$doc/print" # the document page's first screen, its print view (issue 18 item 3)
	"$BENCH_DIR/benchapi" ceiling -addr "127.0.0.1:$cport" -from "$base" -paths "$P,$H,$Q,$I,$S,$D" 2>"$BENCH_DIR/ceiling.log" &
	ceil=$!
	sleep 1
	echo "   $(curl -fs "$base$P" | wc -c) bytes for $P, $(curl -fs "$base$H" | wc -c) for $H, $(curl -fs "$base$Q" | wc -c) for q=就业"
	measure "$name  GET $P" "$base$P"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$P"
	measure "$name  GET /api/v1/projects?q=就业&limit=50" "$base$Q"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$Q"
	measure "$name  GET /api/v1/indicators?q=满意度&limit=50" "$base$I"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$I"
	measure "$name  GET /search?q=满意度 (search page)" "$base$S"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$S"
	echo "   $(curl -fs "$base$D" | wc -c) bytes for $D; print view $DP: $(curl -fs -o /dev/null -w '%{size_download} bytes in %{time_total} s' "$base$DP")"
	measure "$name  GET $D (document, first screen)" "$base$D"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$D"
	# Last: answers slower than the run go on after it and would slow the next.
	measure "$name  GET / (home page)" "$base$H"
	measure "ceiling  same bytes" "http://127.0.0.1:$cport$H"
	# Visitors' pages (issue 18 item 4), with a ceiling of their own.
	small=$BENCH_DIR/scale-1000-seed19.md
	[ -f "$small" ] || go run ./scripts/benchscale -projects 1000 -seed 19 -out "$small"
	"$bin" import --db "$dsn" --year 2023 "$small" >"$BENCH_DIR/$name-import-1000.log" 2>&1
	D=/documents/$(curl -fs "$base/api/v1/documents" | grep -o '"id":[0-9]*' | tr -dc '0-9\n' | grep -vx "$doc" | sort -n | tail -1)
	S='/search?q=%E5%B0%B1%E4%B8%9A' # q=就业
	"$BENCH_DIR/benchapi" ceiling -addr "127.0.0.1:$((cport - 10))" -from "$base" -paths "$S,$D" 2>"$BENCH_DIR/ceiling-pages.log" &
	pceil=$!
	sleep 1
	# One visit each first (with the cache on, the one that fills it), timed.
	one='%{size_download} bytes in %{time_total} s'
	echo "   page cache: ${PAGE_CACHE:-serve's default}; one visit: the search page $(curl -fs -o /dev/null -w "$one" "$base$S"), $D (1,000 projects) $(curl -fs -o /dev/null -w "$one" "$base$D")"
	measure "$name  GET /search?q=就业 (search page)" "$base$S"
	measure "ceiling  same bytes" "http://127.0.0.1:$((cport - 10))$S"
	measure "$name  GET $D (document page)" "$base$D"
	measure "ceiling  same bytes" "http://127.0.0.1:$((cport - 10))$D"
	kill "$pceil"
	echo "   server peak RSS (VmHWM): $(awk '/^VmHWM/ { print $2 }' "/proc/$server/status") KB"
	kill "$ceil" "$server"
	wait "$server" 2>/dev/null || true
	trap - EXIT
}

case $which in sqlite | all)
	rm -f "$BENCH_DIR/scale.db" "$BENCH_DIR/scale.db-"*
	bench_store sqlite "sqlite:$BENCH_DIR/scale.db" 18480 18499 ;;
esac
case $which in postgres | all)
	if [ -z "$PGDSN" ]; then
		[ "$which" = all ] && exit 0
		PGDSN=postgres://postgres@127.0.0.1:5432/test?sslmode=disable
	fi
	psql "$PGDSN" -qc "DROP DATABASE IF EXISTS jixiao_scale" 2>/dev/null
	psql "$PGDSN" -qc "CREATE DATABASE jixiao_scale ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
	db=$(echo "$PGDSN" | sed 's#^\(postgres://[^/]*\)/[^?]*#\1/jixiao_scale#')
	bench_store postgres "$db" 18481 18498 ;;
esac
