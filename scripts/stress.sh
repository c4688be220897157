#!/bin/sh
# stress.sh runs the reliability suite (internal/stress, build tag stress)
# on SQLite and, when JIXIAO_TEST_POSTGRES names a server, on PostgreSQL:
# 64 connections of mixed reads and writes with no error allowed and an RSS
# ceiling, the database cut and restored under load, and kill -9 of the CLI
# and of the server mid-import with the store checked after each kill.
# Loopback only, bounded by STRESS_DURATION per engine and by the size of
# the killed import (CI runs it with 5s and 1500 projects).
#
#   STRESS_DURATION=60s STRESS_CONNS=64 STRESS_MAX_RSS_MB=1024 STRESS_KILL_PROJECTS=6000 scripts/stress.sh
#
# The login flood and the import memory have their own scripts
# (login-flood.sh, import-memory.sh): they measure a separate server process.
set -eu
cd "$(dirname "$0")/.."
export STRESS_DURATION=${STRESS_DURATION:-60s}
export STRESS_CONNS=${STRESS_CONNS:-64}
export STRESS_MAX_RSS_MB=${STRESS_MAX_RSS_MB:-1024}
exec go test -tags=stress -count=1 -timeout 30m -v ./internal/stress/
