#!/usr/bin/env bash
# Serving under load (issue 5): ModelMint's metered `POST /v1/models/{name}/predict` — paid calls from a developer
# organisation with a prepaid balance and a spend cap, and the provider's own unpriced calls — against a bare endpoint
# in the same process (`Bench__BareEndpoint=true`: the same model, no key, limits or metering) and the FastAPI +
# uvicorn + scikit-learn peer (peer.py, one worker; its route `async def`, then `def`), all loaded with wrk on loopback in the same run. Prints the
# machine, the date, the load average and one markdown table; progress goes to stderr, so `run.sh > table.md` keeps
# only the results.
#
# usage: bench/serving/run.sh [--duration 10s] [--connections 32] [--threads 2] [--no-build] [--no-peer]
#   --no-build reuses the last Release build of src/ModelMint.Server (e.g. while src/ is mid-edit).
#   --no-peer skips the peer (quick A/B runs of ModelMint alone; the ratios to the peer are then not printed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=${MODELMINT_DATA:-$repo/../shared/data}
duration=10s
connections=32
threads=2
build=true
peer=true
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --no-peer) peer=false; shift ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
half_connections=16 # the paced half-load runs
drain_ms=500        # each wrk run's last half second: far longer than the slowest answer (load.lua)
drain_path=/v1/bench-drain # answers 404 on ModelMint and on the peer
batch_size=64
model=banking77
train=$data/banking77/train.csv
test=$data/banking77/test.csv
[[ -f $train && -f $test ]] || { echo "no $train or $test" >&2; exit 2; }

# ---- what it needs: wrk, sqlite3, curl and Debian's python with FastAPI, uvicorn and scikit-learn
source "$repo/bench/lib.sh"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v curl >/dev/null || missing+=(curl)
[[ -x $python ]] || missing+=(python3)
for module in fastapi:python3-fastapi uvicorn:python3-uvicorn sklearn:python3-sklearn; do
  [[ -x $python ]] && $python -c "import ${module%%:*}" 2>/dev/null || missing+=("${module#*:}")
done
install_missing "${missing[@]}"

build_release $build "$repo/src/ModelMint.Server"
dll=$(release_dll "$repo/src/ModelMint.Server")

out=$(mktemp -d)
server_pid=
peer_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $peer_pid ]] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
  rm -rf "$out"
}
trap cleanup EXIT

rss() { awk -v key="$2:" '$1 == key { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Request bodies: single texts (the first 32 test texts) and batches of 64 (the first 512, in 8 bodies).
$python - "$test" "$out" "$batch_size" <<'EOF'
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    texts = [row["text"].strip() for row in csv.DictReader(f)]
out, size = sys.argv[2], int(sys.argv[3])
with open(f"{out}/single.txt", "w") as f:
    f.writelines(json.dumps({"text": t}) + "\n" for t in texts[:32])
with open(f"{out}/batch.txt", "w") as f:
    f.writelines(json.dumps({"texts": texts[i:i + size]}) + "\n" for i in range(0, 8 * size, size))
EOF

# wrk_run NAME BODIES KEY URL CONNECTIONS DURATION [PERIOD_MS]: writes $out/NAME.result (one line of key=value).
wrk_run() {
  local name=$1 bodies=$2 key=$3 url=$4 conns=$5 dur=$6 period=${7:-}
  local threads_here=$threads
  ((conns < threads_here)) && threads_here=$conns
  echo "== $name: wrk -t$threads_here -c$conns -d$dur${period:+ (paced, $period ms between a response and the next request per connection)}" >&2
  local cpu_before cpu_after
  cpu_before=$(cpu_ticks "$target_pid")
  # The last $drain_ms ms send only GET $drain_path (a 404): nothing measured is in flight when wrk stops (load.lua).
  WRK_PERIOD_MS=$period WRK_DRAIN_MS=$drain_ms WRK_DURATION_S=$(seconds "$dur") \
    wrk -t"$threads_here" -c"$conns" -d"$dur" --latency -s "$here/load.lua" "$url" -- "$bodies" "$key" "$drain_path" >"$out/$name.wrk"
  cpu_after=$(cpu_ticks "$target_pid")
  sleep 1 # a measured request still in flight at the stop would be answered and recorded now, and show in the counts
  grep -v '^RESULT' "$out/$name.wrk" | sed 's/^/   /' >&2
  { grep '^RESULT' "$out/$name.wrk" | sed 's/^RESULT //'; } >"$out/$name.result"
  echo "connections=$conns period_ms=${period:-0} cpu_ticks=$((cpu_after - cpu_before)) clk_tck=$(getconf CLK_TCK)" >>"$out/$name.result"
}
field() { tr ' ' '\n' <"$out/$1.result" | awk -F= -v k="$2" '$1 == k { print $2; exit }'; }
rate() { field "$1" rate; } # measured answers per second, before the drain

# Paced run at about half of MAX_RPS: a short calibration run measures how long a request takes on top of the
# pacing delay, the delay is corrected once, then the measured run (through RUNNER: wrk_run, or metered).
half_load() { # NAME BODIES KEY URL MAX_RPS RUNNER
  local name=$1 bodies=$2 key=$3 url=$4 max=$5 runner=$6
  local period overhead
  period=$(awk -v c=$half_connections -v m="$max" 'BEGIN { printf "%.3f", c * 1000 / (m / 2) }')
  wrk_run "$name.calibrate" "$bodies" "$key" "$url" $half_connections 3s "$period"
  overhead=$(awk -v c=$half_connections -v r="$(rate "$name.calibrate")" -v p="$period" 'BEGIN { o = c * 1000 / r - p; print (o > 0 ? o : 0) }')
  period=$(awk -v c=$half_connections -v m="$max" -v o="$overhead" 'BEGIN { p = c * 1000 / (m / 2) - o; printf "%.3f", (p > 0 ? p : 0.001) }')
  $runner "$name" "$bodies" "$key" "$url" $half_connections "$duration" "$period"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- ModelMint
key=$($python -c 'import secrets, string; a = string.digits + string.ascii_letters; print("mm_" + "".join(secrets.choice(a) for _ in range(40)))')
port=$(free_port)
base=http://127.0.0.1:$port
echo "starting ModelMint on $base (data in $out/data)" >&2
# appsettings.json already has ASP.NET Core and EF Core at Warning; this lowers everything else to it.
MODELMINT_BOOTSTRAP_KEY=$key Bootstrap__DemoModel=false Logging__LogLevel__Default=Warning Bench__BareEndpoint=true \
  dotnet "$dll" --data-dir "$out/data" --urls "$base" >"$out/server.log" 2>&1 &
server_pid=$!
target_pid=$server_pid # whose CPU time wrk_run measures
wait_http "$base/healthz" $server_pid 60 || { echo "ModelMint did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
auth=(-H "Authorization: Bearer $key")

# A key of its own for the load, with the default limits (the operator key is only used to set things up).
bench_key=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"serving-bench"}' "$base/v1/keys" | json '["key"]')
dataset=$(curl -fsS "${auth[@]}" -F "file=@$train" "$base/v1/datasets" | json '["id"]')
job=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"datasetId\":\"$dataset\",\"modelName\":\"$model\",\"trainer\":\"auto\"}" "$base/v1/training-jobs" | json '["id"]')
echo "training $model with auto (job $job)" >&2
started=$SECONDS
while :; do
  status=$(curl -fsS "${auth[@]}" "$base/v1/training-jobs/$job" | json '["status"]')
  [[ $status == succeeded ]] && break
  [[ $status == failed || $status == cancelled ]] && { echo "training $status" >&2; curl -fsS "${auth[@]}" "$base/v1/training-jobs/$job" >&2; exit 1; }
  ((SECONDS - started < 300)) || { echo "training did not finish in 300 s" >&2; exit 1; }
  sleep 1
done
accuracy=$(curl -fsS "${auth[@]}" "$base/v1/training-jobs/$job" | json '["metrics"]["accuracy"]' | xargs printf "%.4f")
echo "trained in $((SECONDS - started)) s, test accuracy $accuracy" >&2

# The paying path: a developer organisation calls the operator's published model at a per-call price, with a prepaid
# balance and a monthly spend cap, so every call is admitted against both and debits both at commit.
signup=$(curl -fsS -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"serving-bench-1","organisation":"bench-developer","role":"developer"}' "$base/v1/auth/signup")
paid_key=$(json '["key"]' <<<"$signup")
developer=$(json '["organisation"]["id"]' <<<"$signup")
curl -fsS -o /dev/null "${auth[@]}" -X PUT -H 'Content-Type: application/json' \
  -d '{"published":true,"description":"banking77 intents (serving bench)","price":{"type":"per_call","currency":"USD","amount":"0.0001"}}' "$base/v1/models/$model/listing"
curl -fsS -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -d '{"amount":"100000","currency":"USD","reason":"serving bench"}' "$base/v1/admin/accounts/$developer/credits"
curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $paid_key" -H 'Content-Type: application/json' -d '{"amount":"1000000","currency":"USD"}' "$base/v1/billing/spend-cap"

url=$base/v1/models/$model/predict
bare_url=$base/bench/bare/$model/predict
curl -fsS -H "Authorization: Bearer $paid_key" -H 'Content-Type: application/json' -d "$(head -1 "$out/single.txt")" -D "$out/paid.headers" "$url" >&2
echo >&2
grep -i '^x-balance-remaining' "$out/paid.headers" >&2 || { echo "the paid call was not charged" >&2; exit 1; }

db=$out/data/modelmint.db
# Usage events of the `calls` meter (one per metered request; its quantity is the number of texts).
events() { sqlite3 -cmd '.timeout 10000' "$db" "SELECT COUNT(*) FROM usage_events WHERE Meter = 'calls' AND ModelName = '$model';"; }
metered() { # the arguments of wrk_run: a wrk run, plus the usage events it added
  local before after
  before=$(events)
  wrk_run "$@"
  after=$(events)
  echo "events=$((after - before))" >>"$out/$1.result"
}

# Long enough for the JIT to reach optimised code on the paths measured below (a 3 s warm-up left it compiling).
wrk_run mm-warmup "$out/single.txt" "$paid_key" "$url" "$connections" 10s
wrk_run bare-warmup "$out/single.txt" none "$bare_url" "$connections" 3s
metered mm-single "$out/single.txt" "$paid_key" "$url" "$connections" "$duration"
wrk_run bare-single "$out/single.txt" none "$bare_url" "$connections" "$duration"
metered mm-own "$out/single.txt" "$bench_key" "$url" "$connections" "$duration"
metered mm-batch "$out/batch.txt" "$paid_key" "$url" "$connections" "$duration"
half_load mm-half "$out/single.txt" "$paid_key" "$url" "$(rate mm-single)" metered

total_events=$(events)
mm_rss=$(rss $server_pid VmRSS)
mm_hwm=$(rss $server_pid VmHWM)
kill $server_pid && wait $server_pid 2>/dev/null || true
server_pid=
grep -E ' (warn|fail|crit)' "$out/server.log" | sort | uniq -c | head -5 | sed 's/^/   server log: /' >&2 || true

# ---- the peer
peer_rss=— peer_hwm=—
if $peer; then
peer_port=$(free_port)
peer_base=http://127.0.0.1:$peer_port
peer_key=$($python -c 'import secrets; print(secrets.token_urlsafe(30))')
echo "starting the peer on $peer_base (trains at start-up)" >&2
PEER_TRAIN=$train PEER_KEY=$peer_key $python -m uvicorn --app-dir "$here" peer:app --host 127.0.0.1 --port "$peer_port" \
  --workers 1 --no-access-log --log-level warning >"$out/peer.log" 2>&1 &
peer_pid=$!
target_pid=$peer_pid
wait_http "$peer_base/health" $peer_pid 120 || { echo "the peer did not start:" >&2; cat "$out/peer.log" >&2; exit 1; }
peer_url=$peer_base/predict
curl -fsS -H "Authorization: Bearer $peer_key" -H 'Content-Type: application/json' -d "$(head -1 "$out/single.txt")" "$peer_url" >&2
echo >&2
wrk_run peer-warmup "$out/single.txt" "$peer_key" "$peer_url" "$connections" 3s
wrk_run peer-single "$out/single.txt" "$peer_key" "$peer_url" "$connections" "$duration"
half_load peer-half "$out/single.txt" "$peer_key" "$peer_url" "$(rate peer-single)" wrk_run
peer_rss=$(rss $peer_pid VmRSS)
peer_hwm=$(rss $peer_pid VmHWM)
kill $peer_pid && wait $peer_pid 2>/dev/null || true
peer_pid=
# The same peer with its route declared `def` (FastAPI's advice for blocking calls: it runs in a thread pool).
echo "starting the peer again with a def route (PEER_ROUTE=sync)" >&2
PEER_ROUTE=sync PEER_TRAIN=$train PEER_KEY=$peer_key $python -m uvicorn --app-dir "$here" peer:app --host 127.0.0.1 --port "$peer_port" \
  --workers 1 --no-access-log --log-level warning >"$out/peer-sync.log" 2>&1 &
peer_pid=$!
target_pid=$peer_pid
wait_http "$peer_base/health" $peer_pid 120 || { echo "the peer did not start:" >&2; cat "$out/peer-sync.log" >&2; exit 1; }
wrk_run peer-sync-warmup "$out/single.txt" "$peer_key" "$peer_url" "$connections" 3s
wrk_run peer-sync-single "$out/single.txt" "$peer_key" "$peer_url" "$connections" "$duration"
kill $peer_pid && wait $peer_pid 2>/dev/null || true
peer_pid=
fi

# ---- the report
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
versions=$($python -c 'import fastapi, uvicorn, sklearn; print(f"FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, scikit-learn {sklearn.__version__}")')
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) cores ($cpu), $memory, $os, .NET SDK $(dotnet --version), $versions, $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "- Code: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)')"
# wrk, the server and the peer share the machine's cores with each other and with anything else running.
echo "- Load average at start: $load_before; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Command: bench/serving/run.sh --duration $duration --connections $connections --threads $threads$($peer || echo ' --no-peer')"
echo "- Model: \`auto\` on banking77 train.csv (accuracy $accuracy on the server's own 20 % hold-out of train.csv); peer: TF-IDF word 1–2 + char_wb 2–5, LinearSVC(C=0.5)"
echo
$python "$here/report.py" "$out" "$batch_size" "$total_events" "$mm_rss" "$mm_hwm" "$peer_rss" "$peer_hwm"
