#!/usr/bin/env bash
# Rebuild every PDF fixture of internal/ingest/testdata/pdf/ from the two
# sample tables, from scratch, in one run:
#
#     scripts/testpdf/make.sh            (from anywhere inside the repo)
#
# The rows come from the project's own exporter (jixiao import + export
# --table official), so the fixtures carry exactly the tables of
# testdata/expected/. Then:
#   mkhtml.py    HTML for Chromium (A4 landscape, ruled, <thead>) and for
#                LibreOffice Writer (portrait, no borders), and the budget book
#   mkxlsx.go    .xlsx workbooks for LibreOffice Calc
#   gbkpdf.go    the GBK-EUC-H / no-ToUnicode PDF, written directly
#   incremental.py  appends an incremental update to a finished PDF
#   check.sh     prints size, pages, fonts and a first-page excerpt per file
#
# Needs (Debian 12 package names):
#   go (the toolchain of go.mod), python3
#   chromium                          Chromium 156 was used
#   libreoffice-writer-nogui libreoffice-calc-nogui   (soffice; 7.4.7.2 used)
#   fonts-liberation2 (Liberation Serif), fonts-droid-fallback (Droid Sans
#     Fallback), fonts-dejavu-core (DejaVu Sans)      -> Chromium files
#   fonts-noto-cjk (Noto Sans CJK SC)                 -> Writer files
#   fonts-arphic-uming (AR PL UMing CN)               -> Calc files
#   poppler-utils poppler-data (pdftoppm, pdfinfo, pdffonts, pdftotext;
#     poppler-data has the GBK-EUC-H CMap for checking the GBK file)
#   qpdf  imagemagick (convert)  img2pdf
# Writes only into internal/ingest/testdata/pdf/; works in a temporary dir.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT="$REPO/internal/ingest/testdata/pdf"
WORK=$(mktemp -d /tmp/testpdf.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
cd "$REPO"

step() { printf '\n== %s\n' "$*" >&2; }

for t in go python3 chromium soffice pdftoppm pdfinfo pdffonts pdftotext qpdf convert img2pdf; do
	command -v "$t" >/dev/null || { echo "make.sh: $t not installed" >&2; exit 1; }
done

step "official tables from the exporter"
go build -o "$WORK/jixiao" ./cmd/jixiao
"$WORK/jixiao" import --db "sqlite:$WORK/liwan.db" testdata/liwan-hrss-bureau-2024.md
"$WORK/jixiao" import --db "sqlite:$WORK/huadu.db" testdata/huadu-employment-center-2024.txt
"$WORK/jixiao" export --db "sqlite:$WORK/liwan.db" --table official --format csv -o "$WORK/liwan-official.csv"
"$WORK/jixiao" export --db "sqlite:$WORK/huadu.db" --table official --format csv -o "$WORK/huadu-official.csv"

step "HTML"
python3 "$HERE/mkhtml.py" "$WORK"

step "Chromium"
chrome() { # in.html out.pdf
	local prof
	prof=$(mktemp -d "$WORK/chrome.XXXXXX")
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --no-pdf-header-footer --print-to-pdf="$2" "file://$1" 2>/dev/null
	rm -rf "$prof"
	[ -s "$2" ] || { echo "chromium made no $2" >&2; exit 1; }
}
chrome "$WORK/liwan-chromium.html" "$OUT/liwan-chromium.pdf"
chrome "$WORK/huadu-chromium.html" "$OUT/huadu-chromium.pdf"
chrome "$WORK/budget-book.html" "$OUT/budget-book.pdf"

step "LibreOffice Writer (HTML) and Calc (xlsx)"
go run "$HERE/mkxlsx.go" -blank 3,4 "$WORK/liwan-official.csv" "$WORK/liwan-calc.xlsx"
go run "$HERE/mkxlsx.go" "$WORK/huadu-official.csv" "$WORK/huadu-calc.xlsx"
# Without borders: right-aligned amounts and no rules (a short 0.00 under
# 其他资金 was once read into the goal).
go run "$HERE/mkxlsx.go" -noborder "$WORK/huadu-official.csv" "$WORK/huadu-calc-noborder.xlsx"
mkdir -p "$WORK/lo"
LOPROF="file://$WORK/lo-profile"
# "HTML (StarWriter)" imports the page into Writer proper (A4 from the
# locale/papersize), not into Writer/Web.
soffice -env:UserInstallation="$LOPROF" --headless --infilter="HTML (StarWriter)" \
	--convert-to pdf:writer_pdf_Export --outdir "$WORK/lo" \
	"$WORK/liwan-writer.html" "$WORK/huadu-writer.html" >&2
soffice -env:UserInstallation="$LOPROF" --headless --convert-to pdf --outdir "$WORK/lo" \
	"$WORK/liwan-calc.xlsx" "$WORK/huadu-calc.xlsx" "$WORK/huadu-calc-noborder.xlsx" >&2
for n in liwan-writer huadu-writer liwan-calc huadu-calc huadu-calc-noborder; do
	cp "$WORK/lo/$n.pdf" "$OUT/$n.pdf"
done

step "GBK-EUC-H without ToUnicode"
go run "$HERE/gbkpdf.go" "$WORK/huadu-official.csv" "$OUT/huadu-gbk-notounicode.pdf"

step "scanned (image only)"
pdftoppm -r 80 -f 1 -l 1 -png "$OUT/liwan-chromium.pdf" "$WORK/scan"
convert "$WORK"/scan-*1.png -colorspace Gray -type Grayscale -quality 60 "$WORK/scan.jpg"
img2pdf --pagesize 'A4^T' -o "$OUT/scanned.pdf" "$WORK/scan.jpg"

step "encrypted"
rm -f "$OUT/encrypted-password.pdf" "$OUT/encrypted-owner-only.pdf"
qpdf --encrypt secret owner 256 -- "$OUT/huadu-chromium.pdf" "$OUT/encrypted-password.pdf"
qpdf --encrypt "" owner 128 --use-aes=y --print=none --extract=n --modify=none \
	--annotate=n --form=n --assemble=n -- "$OUT/huadu-chromium.pdf" "$OUT/encrypted-owner-only.pdf"

step "object streams + xref stream; incremental update"
qpdf --object-streams=generate "$OUT/liwan-writer.pdf" "$OUT/liwan-writer-objstm.pdf"
python3 "$HERE/incremental.py" "$OUT/huadu-chromium.pdf" "$OUT/huadu-chromium-incremental.pdf"
qpdf --check "$OUT/huadu-chromium-incremental.pdf" >/dev/null
qpdf --check "$OUT/huadu-gbk-notounicode.pdf" >/dev/null

step "fonts without ToUnicode (Identity-H) and Type 3 fonts"
# huadu-chromium.pdf with every /ToUnicode entry removed: Identity-H codes
# are glyph ids, so nothing says which character each is.
qpdf --qdf --object-streams=disable "$OUT/huadu-chromium.pdf" "$WORK/qdf.pdf"
python3 -c 'import re,sys; d=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(re.sub(rb"/ToUnicode \d+ 0 R", b"", d))' "$WORK/qdf.pdf" "$WORK/qdf-stripped.pdf"
fix-qdf "$WORK/qdf-stripped.pdf" > "$WORK/qdf-fixed.pdf"
qpdf --compress-streams=y --object-streams=generate "$WORK/qdf-fixed.pdf" "$OUT/huadu-no-tounicode.pdf"
# Chromium turns Noto Sans CJK (CFF) into Type 3 fonts; one short table keeps the file small.
cat > "$WORK/type3.html" <<'HTML'
<!doctype html><meta charset=utf-8><style>@page{size:A4 landscape} body{font-family:"Noto Sans CJK SC"}
table{border-collapse:collapse;font-size:9pt} td,th{border:1px solid #000;padding:2px;vertical-align:top} td:first-child{width:60px}</style>
<h3>项目支出绩效目标表（含转移支付项目）</h3><p>单位名称：广州市荔湾区人才服务管理办公室　单位：万元</p>
<table><thead><tr><th>项目名称（资金使用单位）</th><th>总计</th><th>财政拨款</th><th>财政专户拨款</th><th>其他资金</th><th>绩效目标</th><th>绩效指标</th></tr></thead>
<tr><td>合计</td><td>67.00</td><td>67.00</td><td>0.00</td><td>0.00</td><td></td><td></td></tr>
<tr><td>人社局办公大楼物业管理费</td><td>67.00</td><td>67.00</td><td>0.00</td><td>0.00</td><td>通过聘请合资质的物业管理公司管理逢源路办公大楼的清洁、保安工作，保证局机关日常工作的正常运转。</td><td>1、1-产出指标；11-数量指标；聘用物业管理人员到位率；实施周期指标值:100%；年度指标值:100%。2、2-效益指标；24-可持续影响；公共设备、设施完好率；实施周期指标值:≥95%；年度指标值:≥95%。</td></tr>
</table>
HTML
chrome "$WORK/type3.html" "$OUT/type3-one-project.pdf"

step "a table with a page missing"
# The rows of page 2 are gone: the units' subtotals no longer add up, and
# the import must say so (parse.structure) instead of storing what is left.
qpdf --empty --pages "$OUT/liwan-chromium.pdf" 1,3-z -- "$OUT/liwan-page2-missing.pdf"

step "hostile PDFs (small files that ask for unbounded work)"
mkdir -p "$OUT/hostile"
(cd "$WORK" && export PYTHONPATH="$HERE/hostile" &&
	python3 "$HERE/hostile/xobomb.py" && python3 "$HERE/hostile/cmapbomb.py" &&
	python3 "$HERE/hostile/glyphbomb.py" 100 && python3 "$HERE/hostile/pagesbomb.py" 20)
cp "$WORK/xobomb.pdf" "$WORK/cmapbomb.pdf" "$WORK/glyph100.pdf" "$WORK/pages20.pdf" "$OUT/hostile/"

step "check"
"$HERE/check.sh" "$OUT"
