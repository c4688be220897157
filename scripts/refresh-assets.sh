#!/usr/bin/env bash
# Refresh the vendored browser assets of internal/web from the npm registry:
# Apache ECharts (dist/echarts.min.js with LICENSE and NOTICE) and htmx 2.x
# (dist/htmx.min.js with LICENSE). The pages embed these files; nothing is
# loaded from a CDN at run time.
#
# Usage: scripts/refresh-assets.sh [echarts-version] [htmx-version]
# Defaults pin the versions the pages were tested with.
set -euo pipefail
cd "$(dirname "$0")/.."

ECHARTS_VERSION="${1:-6.1.0}"
HTMX_VERSION="${2:-2.0.11}"
DEST=internal/web/static/vendor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp" --no-save --no-audit --no-fund --ignore-scripts \
	"echarts@${ECHARTS_VERSION}" "htmx.org@${HTMX_VERSION}" >/dev/null

mkdir -p "$DEST/echarts" "$DEST/htmx"
cp "$tmp/node_modules/echarts/dist/echarts.min.js" "$DEST/echarts/echarts.min.js"
cp "$tmp/node_modules/echarts/LICENSE" "$DEST/echarts/LICENSE"
cp "$tmp/node_modules/echarts/NOTICE" "$DEST/echarts/NOTICE"
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$DEST/htmx/htmx.min.js"
cp "$tmp/node_modules/htmx.org/LICENSE" "$DEST/htmx/LICENSE"
printf 'echarts %s\nhtmx.org %s\n' "$ECHARTS_VERSION" "$HTMX_VERSION" >"$DEST/VERSIONS"

ls -l "$DEST"/*/
