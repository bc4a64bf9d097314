#!/usr/bin/env bash
# Starts (or stops) the PostgreSQL cluster and Redis server the tests use: loopback only, throw-away state under /tmp,
# no durability (fsync off) because every test database is dropped afterwards.
#   eng/test-services.sh start   # prints the export lines for MODELMINT_TEST_POSTGRES and MODELMINT_TEST_REDIS
#   eng/test-services.sh stop
# Ports: MODELMINT_TEST_PG_PORT (default 54329), MODELMINT_TEST_REDIS_PORT (default 63799); state lives in folders
# named after the ports, so runs on different ports never touch each other (./test.sh picks free ones).
# MODELMINT_TEST_PG_DURABLE=1 keeps PostgreSQL's default durability (fsync on), as the benchmarks want.
set -euo pipefail

pg_port=${MODELMINT_TEST_PG_PORT:-54329}
redis_port=${MODELMINT_TEST_REDIS_PORT:-63799}
pg_bin=${MODELMINT_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
pg_data=/tmp/modelmint-pg-$pg_port
redis_dir=/tmp/modelmint-redis-$redis_port

# PostgreSQL refuses to run as root; run it as the postgres user when we are root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

start() {
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/pg_ctl" ]; then echo "PostgreSQL binaries not found (install postgresql)" >&2; exit 1; fi
  if ! as_postgres "$pg_bin/pg_ctl -D $pg_data status" >/dev/null 2>&1; then
    rm -rf "$pg_data"; mkdir -p "$pg_data"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pg_data"; fi
    as_postgres "$pg_bin/initdb -D $pg_data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${MODELMINT_TEST_PG_DURABLE:-0}" = 1 ] && fast=
    as_postgres "$pg_bin/pg_ctl -D $pg_data -l $pg_data/server.log -w -o \"-h 127.0.0.1 -p $pg_port -k /tmp $fast -c max_connections=400\" start" >/dev/null
  fi

  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    mkdir -p "$redis_dir"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$redis_dir" \
      --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi

  echo "export MODELMINT_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres'"
  echo "export MODELMINT_TEST_REDIS='127.0.0.1:$redis_port'"
}

stop() {
  as_postgres "$pg_bin/pg_ctl -D $pg_data -m fast stop" >/dev/null 2>&1 || true
  if [ -f "$redis_dir/redis.pid" ]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
