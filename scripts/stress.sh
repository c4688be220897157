#!/bin/sh
# stress.sh runs the reliability suite (internal/stress, build tag stress)
# on SQLite and, when JIXIAO_TEST_POSTGRES names a server, on PostgreSQL:
# 64 connections of mixed reads and writes with no error allowed and an RSS
# ceiling, and the database cut and restored under load. Loopback only,
# bounded by STRESS_DURATION per engine (CI runs it with 5s).
#
#   STRESS_DURATION=60s STRESS_CONNS=64 STRESS_MAX_RSS_MB=1024 scripts/stress.sh
#
# The login flood and the import memory have their own scripts
# (login-flood.sh, import-memory.sh): they measure a separate server process.
set -eu
cd "$(dirname "$0")/.."
export STRESS_DURATION=${STRESS_DURATION:-60s}
export STRESS_CONNS=${STRESS_CONNS:-64}
export STRESS_MAX_RSS_MB=${STRESS_MAX_RSS_MB:-1024}
exec go test -tags=stress -count=1 -timeout 30m -v ./internal/stress/
