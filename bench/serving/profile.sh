#!/usr/bin/env bash
# Profiling and A/B aid for the metered path (docs/serving.md, "The metered path under load"): starts a Release build
# of the server (DLL=..., default the last `dotnet build -c Release` of src/ModelMint.Server), trains banking77 with
# linear-svm, sets up the paying path as run.sh does, warms up 3 s, then runs `wrk -t2 -c32 -d10s` once per word of
# RUNS (default "1"), printing requests/s, p50/p99 and the server's CPU clock ticks over each run.
#   WHICH=paid|own|bare|batch   which path to load (default paid; batch: paid, texts of 64)
#   PERF=1                also `perf record -g` the server for 8 s of each run into $OUT/perf.data (the last run's stays)
#   EXTRA_ENV="A=1 B=2"   extra environment for the server, e.g. DOTNET_TieredPGO=0 DOTNET_gcServer=0
#   CONNECTIONS=16        wrk connections of the measured runs (default 32)
#   WRK_PERIOD_MS=0.75    pace each connection (load.lua), as run.sh's half-load rows do
#   WARMUP_BATCH=1        also run 10 s of paid batch calls (texts of 64) before the measured runs
# For named JIT frames in perf, add EXTRA_ENV="DOTNET_EnableWriteXorExecute=0" (perf maps are on by default here).
# A/B: build two trees with `dotnet build -c Release -o DIR` and run this with DLL=DIR/ModelMint.Server.dll back to back.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${OUT:-$(mktemp -d)}; rm -rf "$out"; mkdir -p "$out"
dll=${DLL:-$repo/src/ModelMint.Server/bin/Release/net10.0/ModelMint.Server.dll}
key=$(python3 -c 'import secrets, string; a = string.digits + string.ascii_letters; print("mm_" + "".join(secrets.choice(a) for _ in range(40)))')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
env DOTNET_PerfMapEnabled=${PERFMAP:-1} MODELMINT_BOOTSTRAP_KEY=$key Bootstrap__DemoModel=false Logging__LogLevel__Default=Warning Bench__BareEndpoint=true ${EXTRA_ENV:-} \
  dotnet "$dll" --data-dir "$out/data" --urls "$base" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for i in $(seq 600); do curl -fsS -o /dev/null $base/healthz 2>/dev/null && break; sleep 0.2; done
auth=(-H "Authorization: Bearer $key")
model=banking77
dataset=$(curl -fsS "${auth[@]}" -F "file=@${MODELMINT_DATA:-$repo/../shared/data}/banking77/train.csv" "$base/v1/datasets" | json '["id"]')
job=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "{\"datasetId\":\"$dataset\",\"modelName\":\"$model\",\"trainer\":\"linear-svm\"}" "$base/v1/training-jobs" | json '["id"]')
while [[ $(curl -fsS "${auth[@]}" "$base/v1/training-jobs/$job" | json '["status"]') != succeeded ]]; do sleep 0.5; done
signup=$(curl -fsS -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"serving-bench-1","organisation":"bench-developer","role":"developer"}' "$base/v1/auth/signup")
paid_key=$(json '["key"]' <<<"$signup"); developer=$(json '["organisation"]["id"]' <<<"$signup")
curl -fsS -o /dev/null "${auth[@]}" -X PUT -H 'Content-Type: application/json' -d '{"published":true,"description":"bench","price":{"type":"per_call","currency":"USD","amount":"0.0001"}}' "$base/v1/models/$model/listing"
curl -fsS -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -d '{"amount":"100000","currency":"USD","reason":"bench"}' "$base/v1/admin/accounts/$developer/credits"
curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $paid_key" -H 'Content-Type: application/json' -d '{"amount":"1000000","currency":"USD"}' "$base/v1/billing/spend-cap"
python3 - "${MODELMINT_DATA:-$repo/../shared/data}/banking77/test.csv" "$out" <<'PY'
import csv, json, sys
texts = [r["text"].strip() for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig"))]
open(f"{sys.argv[2]}/single.txt", "w").writelines(json.dumps({"text": t}) + "\n" for t in texts[:32])
open(f"{sys.argv[2]}/batch.txt", "w").writelines(json.dumps({"texts": texts[i:i + 64]}) + "\n" for i in range(0, 512, 64))
PY
url=$base/v1/models/$model/predict
KEY=${WHICH:-paid}
k=$paid_key; [[ $KEY == own ]] && k=$key; [[ $KEY == bare ]] && url=$base/bench/bare/$model/predict
bodies=$out/single.txt; [[ $KEY == batch ]] && bodies=$out/batch.txt
env -u WRK_PERIOD_MS wrk -t2 -c32 -d3s -s "$repo/bench/serving/load.lua" "$url" -- "$bodies" $k >/dev/null
if [[ ${WARMUP_BATCH:-0} == 1 ]]; then
  env -u WRK_PERIOD_MS wrk -t2 -c32 -d10s -s "$repo/bench/serving/load.lua" "$base/v1/models/$model/predict" -- "$out/batch.txt" $paid_key >/dev/null
fi
for run in ${RUNS:-1}; do
c0=$(awk '{print $14+$15}' /proc/$pid/stat)
if [[ ${PERF:-0} == 1 ]]; then
  perf record -F 999 -g -p $pid -o "$out/perf.data" -- sleep 8 >/dev/null 2>&1 &
  perfpid=$!
fi
wrk -t2 -c${CONNECTIONS:-32} -d10s --latency -s "$repo/bench/serving/load.lua" "$url" -- "$bodies" $k | grep -E "Requests/sec|99%|50%|Non-2xx|RESULT" | sed 's/RESULT.*requests=\([0-9]*\).*/requests=\1/'
c1=$(awk '{print $14+$15}' /proc/$pid/stat)
echo "cpu ticks: $((c1-c0))"
[[ ${PERF:-0} == 1 ]] && wait $perfpid
done
cut -d' ' -f1-3 /proc/loadavg
echo "server log and perf data in $out"
