#!/usr/bin/env bash
# Serving on two nodes (issue 8): two ModelMint nodes on one PostgreSQL database and one Redis, behind Debian's nginx
# (round robin) on loopback, loaded with wrk. Measures throughput through both nodes next to one node alone in the same
# run, and the exactness figures: a rate limit of N per minute and a balance for exactly N calls, both hit through
# nginx at full speed, counted in the database afterwards. Prints markdown; progress goes to stderr.
#
# usage: bench/serving/two-nodes.sh [--duration 10s] [--connections 32] [--threads 2] [--no-build]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=${MODELMINT_DATA:-$repo/../shared/data}
duration=10s
connections=32
threads=2
build=true
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
model=banking77
train=$data/banking77/train.csv
test=$data/banking77/test.csv
limit=300        # requests per minute of the rate-limit case
paid_calls=100   # calls the balance of the balance case pays for, at 0.01 USD each
[[ -f $train && -f $test ]] || { echo "no $train or $test" >&2; exit 2; }

# ---- what it needs: wrk, nginx, curl, PostgreSQL, Redis
source "$repo/bench/lib.sh"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
command -v psql >/dev/null || missing+=(postgresql-client)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
install_missing "${missing[@]}"

build_release $build "$repo/src/ModelMint.Server"
dll=$(release_dll "$repo/src/ModelMint.Server")

out=$(mktemp -d)
pids=()
export MODELMINT_TEST_PG_PORT=${BENCH_PG_PORT:-54339} MODELMINT_TEST_REDIS_PORT=${BENCH_REDIS_PORT:-63809} MODELMINT_TEST_PG_DURABLE=1
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  "$repo/eng/test-services.sh" stop
  rm -rf "$out"
}
trap cleanup EXIT


# ---- PostgreSQL (default durability) and Redis on loopback, one fresh database
eval "$("$repo/eng/test-services.sh" start)"
database=mm_bench_$$
psql "host=127.0.0.1 port=$MODELMINT_TEST_PG_PORT user=postgres dbname=postgres" -qc "CREATE DATABASE $database" >&2
connection="Host=127.0.0.1;Port=$MODELMINT_TEST_PG_PORT;Username=postgres;Database=$database"
sql() { psql "host=127.0.0.1 port=$MODELMINT_TEST_PG_PORT user=postgres dbname=$database" -Atqc "$1"; }

$python - "$test" "$out" <<'EOF'
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    texts = [row["text"].strip() for row in csv.DictReader(f)]
with open(f"{sys.argv[2]}/single.txt", "w") as f:
    f.writelines(json.dumps({"text": t}) + "\n" for t in texts[:32])
EOF

# ---- two nodes: A first (migrates, creates the operator), then B; one shared artifacts folder
key=$($python -c 'import secrets, string; a = string.digits + string.ascii_letters; print("mm_" + "".join(secrets.choice(a) for _ in range(40)))')
start_node() { # name port
  Database__Provider=Postgres ConnectionStrings__ModelMint="$connection" Redis__Configuration="$MODELMINT_TEST_REDIS" \
    Artifacts__Path="$out/artifacts" MODELMINT_BOOTSTRAP_KEY=$key Bootstrap__DemoModel=false Logging__LogLevel__Default=Warning \
    dotnet "$dll" --data-dir "$out/$1" --urls "http://127.0.0.1:$2" >"$out/$1.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$2/readyz" $! 90 || { echo "node $1 did not start:" >&2; cat "$out/$1.log" >&2; exit 1; }
  echo "node $1 on http://127.0.0.1:$2 (pid $!)" >&2
}
port_a=$(free_port); start_node a "$port_a"
port_b=$(free_port); start_node b "$port_b"

# ---- nginx in front of both (one process, as the current user, everything under $out/nginx)
nginx_port=$(free_port)
mkdir -p "$out/nginx/logs"
cat >"$out/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
error_log $out/nginx/logs/error.log warn;
pid $out/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $out/nginx/body;
  proxy_temp_path $out/nginx/proxy;
  upstream modelmint { server 127.0.0.1:$port_a; server 127.0.0.1:$port_b; keepalive 128; }
  server {
    listen 127.0.0.1:$nginx_port;
    client_max_body_size 100m;
    location / { proxy_pass http://modelmint; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
/usr/sbin/nginx -p "$out/nginx" -c "$out/nginx/nginx.conf" 2>"$out/nginx/stderr" &
pids+=($!)
base=http://127.0.0.1:$nginx_port
wait_http "$base/healthz" $! 10 || { echo "nginx did not start:" >&2; cat "$out/nginx/stderr" >&2; exit 1; }
echo "nginx on $base" >&2
auth=(-H "Authorization: Bearer $key")
post() { curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "$2" "$base$1"; }

# ---- a model, trained by whichever node claims the job
dataset=$(curl -fsS "${auth[@]}" -F "file=@$train" "$base/v1/datasets" | json '["id"]')
job=$(post /v1/training-jobs "{\"datasetId\":\"$dataset\",\"modelName\":\"$model\",\"trainer\":\"auto\"}" | json '["id"]')
echo "training $model (job $job)" >&2
for ((i = 0; ; i++)); do
  status=$(curl -fsS "${auth[@]}" "$base/v1/training-jobs/$job" | json '["status"]')
  [[ $status == succeeded ]] && break
  [[ $status == failed || $status == cancelled ]] && { echo "training $status" >&2; exit 1; }
  ((i < 600)) || { echo "training did not finish in 600 s" >&2; exit 1; }
  sleep 1
done

# wrk_run NAME KEY URL CONNECTIONS DURATION: writes $out/NAME.result
wrk_run() {
  echo "== $1: wrk -t$threads -c$4 -d$5 $3" >&2
  # The last half second sends only GET /v1/bench-drain (a 404): nothing measured is in flight when wrk stops (load.lua).
  WRK_DRAIN_MS=500 WRK_DURATION_S=$(seconds "$5") \
    wrk -t"$threads" -c"$4" -d"$5" --latency -s "$here/load.lua" "$3" -- "$out/single.txt" "$2" /v1/bench-drain >"$out/$1.wrk"
  sleep 1 # a measured request still in flight at the stop would be answered and recorded now, and show in the counts
  grep '^RESULT' "$out/$1.wrk" | sed 's/^RESULT //' >"$out/$1.result"
}
field() { tr ' ' '\n' <"$out/$1.result" | awk -F= -v k="$2" '$1 == k { print $2; exit }'; }
rate() { awk -v r="$(field "$1" rate)" 'BEGIN { printf "%.0f", r }'; } # measured answers per second, before the drain
ms() { awk -v u="$(field "$1" "$2")" 'BEGIN { printf "%.2f", u / 1000 }'; }
ok() { echo $(($(field "$1" requests) - $(field "$1" non2xx))); } # the drain's 404s are never 2xx
failed() { echo $(($(field "$1" non2xx) - $(field "$1" drain_read))); } # measured non-2xx: the drain's 404s left out
answers() { echo $(($(field "$1" requests) - $(field "$1" drain_read))); }
events() { sql "SELECT COUNT(*) FROM usage_events WHERE \"Meter\" = 'calls' AND \"KeyId\" = '$1'"; }
new_key() { post /v1/keys "$1"; }

# ---- throughput: one node alone, then both through nginx (the same key, default limits)
created=$(new_key '{"name":"two-node-bench"}')
bench_key=$(json '["key"]' <<<"$created"); bench_key_id=$(json '["id"]' <<<"$created")
wrk_run warmup "$bench_key" "http://127.0.0.1:$port_a/v1/models/$model/predict" "$connections" 3s
before=$(events "$bench_key_id"); wrk_run one-node "$bench_key" "http://127.0.0.1:$port_a/v1/models/$model/predict" "$connections" "$duration"
one_events=$(($(events "$bench_key_id") - before))
before=$(events "$bench_key_id"); wrk_run two-nodes "$bench_key" "$base/v1/models/$model/predict" "$connections" "$duration"
two_events=$(($(events "$bench_key_id") - before))

# ---- exactness: a rate limit of $limit per minute, hit through nginx (both nodes) for 5 s inside one minute
second=$(date -u +%S); ((10#$second > 50)) && sleep $((61 - 10#$second))
created=$(new_key "{\"name\":\"limited\",\"requestsPerMinute\":$limit}")
limited_key=$(json '["key"]' <<<"$created"); limited_id=$(json '["id"]' <<<"$created")
wrk_run rate-limit "$limited_key" "$base/v1/models/$model/predict" "$connections" 5s
limited_events=$(events "$limited_id")

# ---- exactness: a prepaid balance for exactly $paid_calls calls at 0.01 USD, spent through nginx at full speed
curl -fsS -X PUT "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"published":true,"description":"bench","price":{"type":"per_call","currency":"USD","amount":"0.01"}}' "$base/v1/models/$model/listing" >/dev/null
signup=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"bench-$$@example.com\",\"password\":\"correct horse battery staple\",\"organisation\":\"bench\",\"role\":\"developer\"}" "$base/v1/auth/signup")
developer_key=$(json '["key"]' <<<"$signup"); developer=$(json '["organisation"]["id"]' <<<"$signup")
credit=$($python -c "print(f'{$paid_calls * 0.01:.2f}')")
post "/v1/admin/accounts/$developer/credits" "{\"amount\":\"$credit\",\"currency\":\"USD\",\"reason\":\"bench\"}" >/dev/null
wrk_run balance "$developer_key" "$base/v1/models/$model/predict" "$connections" 10s
paid_events=$(sql "SELECT COUNT(*) FROM usage_events WHERE \"Meter\" = 'calls' AND \"AccountId\" = '$developer'")
debited=$(sql "SELECT COALESCE(SUM(\"AmountMicros\"), 0) FROM ledger_entries WHERE \"AccountId\" = '$developer' AND \"Book\" = 'wallet' AND \"Side\" = 'debit' AND \"Reason\" = 'usage'")
balance=$(curl -fsS -H "Authorization: Bearer $developer_key" "$base/v1/billing/balance" | json '["balances"][0]["amount"]')

# ---- the report
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), .NET SDK $(dotnet --version), PostgreSQL $(psql --version | awk '{print $3}') (fsync on), Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2), $(/usr/sbin/nginx -v 2>&1 | cut -d' ' -f3)"
echo "- Code: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)')"
echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (wrk, nginx, both nodes, PostgreSQL and Redis share the cores)"
echo "- Command: bench/serving/two-nodes.sh --duration $duration --connections $connections --threads $threads"
echo
echo "| case | wrk | requests/s | p50 ms | p99 ms | non-2xx | usage events vs 2xx |"
echo "|---|---|---|---|---|---|---|"
echo "| one node (A directly), single text | -c$connections -d$duration | $(rate one-node) | $(ms one-node p50_us) | $(ms one-node p99_us) | $(failed one-node) | $one_events vs $(ok one-node) |"
echo "| two nodes behind nginx, single text | -c$connections -d$duration | $(rate two-nodes) | $(ms two-nodes p50_us) | $(ms two-nodes p99_us) | $(failed two-nodes) | $two_events vs $(ok two-nodes) |"
echo
echo "| exactness case (through nginx, both nodes) | expected | measured |"
echo "|---|---|---|"
echo "| rate limit $limit/min, wrk -c$connections for 5 s ($(answers rate-limit) answers) | $limit usage events | $limited_events usage events, $(ok rate-limit) 2xx seen by wrk |"
echo "| balance for $paid_calls calls at 0.01 USD, wrk -c$connections for 10 s ($(answers balance) answers, $(rate balance)/s) | $paid_calls calls, $((paid_calls * 10000)) µUSD debited, balance 0 | $paid_events calls, $debited µUSD debited, balance $balance; $(ok balance) 2xx seen by wrk |"
echo
echo "Usage events are rows of the \`calls\` meter in PostgreSQL, counted one second after wrk stopped. Each wrk run ends with half a second of drain (load.lua: connections stop sending the measured requests, one sends \`GET /v1/bench-drain\`, a 404), so nothing measured is in flight when wrk stops and events can be compared exactly with the 2xx wrk read; requests/s are the measured answers over the time before the drain, and non-2xx leaves the drain's 404s out."
