#!/usr/bin/env bash
# Print, for every PDF of a directory (default internal/ingest/testdata/pdf):
# size, pages, page size, producer, the pdffonts table and the first lines of
# `pdftotext -layout -f 1 -l 1`; for the files that hold a target table also
# the layout facts of checktable.py (header on every page, rows split by page
# breaks, lines per 项目名称). Needs poppler-utils, poppler-data, python3,
# and the go toolchain (to export the official tables for checktable.py).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${1:-$REPO/internal/ingest/testdata/pdf}
T=$(mktemp -d /tmp/testpdf-check.XXXXXX)
trap 'rm -rf "$T"' EXIT

(cd "$REPO" && go build -o "$T/jixiao" ./cmd/jixiao)
"$T/jixiao" import --db "sqlite:$T/l.db" "$REPO/testdata/liwan-hrss-bureau-2024.md" >/dev/null
"$T/jixiao" import --db "sqlite:$T/h.db" "$REPO/testdata/huadu-employment-center-2024.txt" >/dev/null
"$T/jixiao" export --db "sqlite:$T/l.db" --table official --format csv -o "$T/liwan.csv"
"$T/jixiao" export --db "sqlite:$T/h.db" --table official --format csv -o "$T/huadu.csv"

total=0
for f in "$DIR"/*.pdf; do
	b=$(basename "$f")
	pw=()
	[ "$b" = encrypted-password.pdf ] && pw=(-upw secret)
	size=$(stat -c %s "$f")
	total=$((total + size))
	info=$(pdfinfo "${pw[@]}" "$f")
	pages=$(awk '/^Pages:/{print $2}' <<<"$info")
	echo "=== $b  $size bytes  $pages pages  $(grep '^Page size:' <<<"$info" | sed 's/Page size: *//')"
	grep -E '^(Producer|Creator|PDF version|Encrypted):' <<<"$info" | sed 's/^/  /'
	pdffonts "${pw[@]}" "$f" | sed 's/^/  /'
	echo "  -- pdftotext -layout -f 1 -l 1 (first lines)"
	pdftotext "${pw[@]}" -layout -f 1 -l 1 "$f" - | grep -v '^\s*$' | head -n 9 | sed -E 's/^(.{0,160}).*/  | \1/'
	case $b in
	liwan-*) python3 "$HERE/checktable.py" "$f" "$T/liwan.csv" ;;
	huadu-*) python3 "$HERE/checktable.py" "$f" "$T/huadu.csv" ;;
	budget-book.pdf)
		# the target table: the pages from the one whose heading is the
		# table's title to the one before 政府采购预算表
		first=$(pdftotext "$f" - | awk 'BEGIN{RS="\f"} /^[[:space:]]*项目支出绩效目标表/ && !n {print NR; n=1}')
		last=$(pdftotext "$f" - | awk 'BEGIN{RS="\f"} /^[[:space:]]*政府采购预算表/ && !n {print NR-1; n=1}')
		echo "  target table on pages $first-$last"
		python3 "$HERE/checktable.py" "$f" "$T/huadu.csv" "$first" "$last"
		;;
	esac
done
echo "=== total $total bytes"
