#!/usr/bin/env bash
# Every test, as CI runs them (.ci/run calls this):
#   1. the whole solution on SQLite (the default),
#   2. the server suite again on PostgreSQL (a fresh database per test class on one throw-away cluster),
#   3. the two-node tests: two real server processes on one PostgreSQL database and one Redis.
# Each run writes its TRX files to its own folder under artifacts/test-results (TEST_RESULTS to change it).
# PostgreSQL and Redis are installed with apt-get when missing and started on loopback (eng/test-services.sh).
set -uo pipefail
cd "$(dirname "$0")"
results=${TEST_RESULTS:-artifacts/test-results}
rm -rf "$results"
status=0

# --- What the tests need beyond the SDK, installed with apt-get in one go when missing ----------------------------
#   curl         the first-start test runs the printed curl command (it replays the request itself without curl)
#   libgomp1     LightGBM (the lightgbm trainer) loads the GNU OpenMP runtime
#   postgresql   run 2 and the two-node tests (started on loopback by eng/test-services.sh)
#   redis-server the two-node tests
#   chromium     the portal's browser tests (tests/ModelMint.Server.BrowserTests); Playwright never downloads one
#   fonts-wqy-zenhei  a Chinese font, so the 中文 screenshots under artifacts/screenshots/ show characters, not boxes
need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
ldconfig -p 2>/dev/null | grep -q libgomp.so.1 || need+=(libgomp1)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing with apt-get: ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 \
      || echo "apt-get could not install ${need[*]}; the tests that need them will fail and say so"
  else
    echo "Missing and no apt-get to install them: ${need[*]}; the tests that need them will fail and say so"
  fi
fi

# Ports of our own, free right now, so two runs on one machine (other worktrees, CI jobs) never share or stop each
# other's servers; MODELMINT_TEST_PG_PORT / MODELMINT_TEST_REDIS_PORT choose them instead.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
export MODELMINT_TEST_PG_PORT=${MODELMINT_TEST_PG_PORT:-$(free_port)}
export MODELMINT_TEST_REDIS_PORT=${MODELMINT_TEST_REDIS_PORT:-$(free_port)}

services=ok
if services_env=$(eng/test-services.sh start); then
  eval "$services_env"
  trap 'eng/test-services.sh stop' EXIT
else
  services=missing
  echo "PostgreSQL or Redis did not start; the PostgreSQL and two-node runs are not run (and CI fails)"
  status=1
fi

# --- 1. Everything on SQLite -----------------------------------------------------------------------------------
env -u MODELMINT_TEST_POSTGRES -u MODELMINT_TEST_REDIS \
  dotnet test ModelMint.slnx --filter "Category!=ScaleOut" --logger "trx" --results-directory "$results/sqlite" \
  -- RunConfiguration.TestSessionTimeout=3600000 || status=1

if [ "$services" = ok ]; then
  # --- 2. The server suite on PostgreSQL ------------------------------------------------------------------------
  env -u MODELMINT_TEST_REDIS \
    dotnet test tests/ModelMint.Server.Tests --no-build --filter "Category!=ScaleOut" --logger "trx" --results-directory "$results/postgres" \
    -- RunConfiguration.TestSessionTimeout=3600000 || status=1

  # --- 3. Two nodes on PostgreSQL + Redis -----------------------------------------------------------------------
  dotnet test tests/ModelMint.Server.Tests --no-build --filter "Category=ScaleOut" --logger "trx" --results-directory "$results/scaleout" \
    -- RunConfiguration.TestSessionTimeout=3600000 || status=1
fi

exit $status
