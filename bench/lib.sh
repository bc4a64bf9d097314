# Shared by the benchmark scripts (bench/serving/run.sh, bench/serving/two-nodes.sh, bench/gateway/run.sh): the
# tools they install, the Release builds they run and small helpers. Source it after `set -euo pipefail`.

python=/usr/bin/python3 # Debian's python: the one whose packages (python3-fastapi, ...) apt-get installs

# install_missing PACKAGE...: installs the Debian packages named, if any, as root or through sudo.
install_missing() {
  (($#)) || return 0
  local sudo=
  ((EUID == 0)) || sudo=sudo
  echo "installing $*" >&2
  $sudo apt-get update >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2
}

# release_dll PROJECT_DIR: the assembly a Release build of the project in PROJECT_DIR (named after its folder) makes.
release_dll() { echo "$1/bin/Release/net10.0/$(basename "$1").dll"; }

# build_release BUILD PROJECT_DIR...: with BUILD=true, a Release build of each project; otherwise only a check that
# there is one (--no-build, e.g. while src/ is mid-edit).
build_release() {
  local build=$1 project
  shift
  for project in "$@"; do
    if $build; then
      echo "building $project (Release)" >&2
      dotnet build -c Release -nologo -v quiet "$project/$(basename "$project").csproj" >&2
    elif [[ ! -f $(release_dll "$project") ]]; then
      echo "--no-build, but there is no build at $(release_dll "$project")" >&2
      exit 2
    fi
  done
}

free_port() { $python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# json EXPRESSION: reads JSON on stdin and prints json.load(stdin)EXPRESSION, e.g. json '["id"]'.
json() { $python -c "import json, sys; print(json.load(sys.stdin)$1)"; }

# wait_http URL PID SECONDS: until URL answers 2xx; fails when the process PID has exited or time is up.
wait_http() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# cpu_ticks PID: user + system CPU time of a process (and its finished children), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; }

# seconds DURATION: a wrk duration (10s, 2m, 1h) in seconds.
seconds() { awk -v d="$1" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; if (d ~ /h$/) n *= 3600; print n }'; }
