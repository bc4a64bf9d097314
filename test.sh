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

# --- curl ---------------------------------------------------------------------------------------------------------
# The first-start test runs the printed curl command when curl is present.
if ! command -v curl >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl) >/dev/null 2>&1 || echo "curl could not be installed; the first-start test replays the request itself"
fi

# --- libgomp1 ------------------------------------------------------------------------------------------------------
# LightGBM (the lightgbm trainer) loads the GNU OpenMP runtime.
if ! ldconfig -p 2>/dev/null | grep -q libgomp.so.1 && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgomp1) >/dev/null 2>&1 || echo "libgomp1 could not be installed; the lightgbm tests will fail"
fi

# --- PostgreSQL and Redis (runs 2 and 3) -------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server) >/dev/null 2>&1 \
      || echo "postgresql/redis-server could not be installed; the PostgreSQL and two-node runs will fail"
  fi
fi

# --- Chromium (the portal's browser tests, tests/ModelMint.Server.BrowserTests); never downloaded by Playwright ---
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "chromium could not be installed; the browser tests will fail and say so"
fi

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
