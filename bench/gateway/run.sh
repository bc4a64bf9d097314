#!/usr/bin/env bash
# LLM gateway overhead (issue 7): ModelMint's /openai/v1/chat/completions against the same stand-in upstream called
# directly, in one run. The stand-in (ModelMint.Bench.Gateway upstream) answers every call after a fixed delay. Prints
# the machine, the date and markdown tables; progress goes to stderr, so `run.sh > table.md` keeps only the results.
#
# usage: bench/gateway/run.sh [--delay-ms 20] [--calls 1000] [--duration 10s] [--connections 64] [--no-build]
#   --calls: sequential calls per case (direct / gateway, plain / streamed), interleaved
#   --no-build reuses the last Release builds (e.g. while src/ is mid-edit).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
delay_ms=20
calls=1000
duration=10s
connections=64
threads=2
build=true
while (($#)); do
  case $1 in
    --delay-ms) delay_ms=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

source "$repo/bench/lib.sh"
missing=()
for tool in wrk sqlite3 curl; do command -v $tool >/dev/null || missing+=($tool); done
install_missing "${missing[@]}"

server=$repo/src/ModelMint.Server
bench=$here/ModelMint.Bench.Gateway
build_release $build "$server" "$bench"
server_dll=$(release_dll "$server")
bench_dll=$(release_dll "$bench")

out=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$out"
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the stand-in upstream
upstream_port=$(free_port)
upstream=http://127.0.0.1:$upstream_port/v1
upstream_key=sk-bench-upstream
dotnet "$bench_dll" upstream --port "$upstream_port" --delay-ms "$delay_ms" >"$out/upstream.log" 2>&1 &
upstream_pid=$!
pids+=($upstream_pid)
wait_http "$upstream/models" $upstream_pid 30 || { echo "the stand-in did not start:" >&2; cat "$out/upstream.log" >&2; exit 1; }

# ---- ModelMint
key=$($python -c 'import secrets, string; a = string.digits + string.ascii_letters; print("mm_" + "".join(secrets.choice(a) for _ in range(40)))')
port=$(free_port)
base=http://127.0.0.1:$port
echo "starting ModelMint on $base, stand-in upstream on $upstream ($delay_ms ms per answer)" >&2
MODELMINT_BOOTSTRAP_KEY=$key Bootstrap__DemoModel=false Logging__LogLevel__Default=Warning \
  dotnet "$server_dll" --data-dir "$out/data" --urls "$base" >"$out/server.log" 2>&1 &
server_pid=$!
pids+=($server_pid)
wait_http "$base/healthz" $server_pid 60 || { echo "ModelMint did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
op=(-fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json')

# A model sold per million tokens, one channel to the stand-in, and a developer with credit calling with its own key:
# the measured path is the charged one (limits, wallet hold, group-committed usage, margin row).
model=bench-chat
curl "${op[@]}" -X PUT -d '{"kind":"chat","published":true,"price":{"currency":"USD","inputPerMillion":"0.15","outputPerMillion":"0.6"}}' "$base/v1/admin/gateway/models/$model" >/dev/null
curl "${op[@]}" -d "{\"name\":\"stand-in\",\"baseUrl\":\"$upstream\",\"apiKey\":\"$upstream_key\",\"models\":[{\"name\":\"$model\"}],\"cost\":{\"currency\":\"USD\",\"inputPerMillion\":\"0.1\",\"outputPerMillion\":\"0.4\"}}" "$base/v1/admin/gateway/channels" >/dev/null
signup=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"bench-$RANDOM@example.com\",\"password\":\"correct horse battery\",\"organisation\":\"bench\",\"role\":\"developer\"}" "$base/v1/auth/signup")
dev_key=$(echo "$signup" | json '["key"]')
dev_account=$(echo "$signup" | json '["organisation"]["id"]')
curl "${op[@]}" -d '{"amount":"100000","currency":"USD","reason":"gateway bench"}' "$base/v1/admin/accounts/$dev_account/credits" >/dev/null

# ---- sequential latency: direct vs through the gateway, interleaved
echo "measuring $calls sequential calls per case" >&2
dotnet "$bench_dll" measure --direct "$upstream" --gateway "$base/openai/v1" --key "$dev_key" --upstream-key "$upstream_key" --model "$model" --calls "$calls" --free-key "$key" >"$out/measure.json"

# ---- throughput under wrk: the stand-in alone, then through the gateway
$python -c "import json; print(json.dumps({'model': '$model', 'messages': [{'role': 'user', 'content': 'Say hello'}], 'max_tokens': 16}))" >"$out/body.json"
db=$out/data/modelmint.db
calls_in_db() { sqlite3 -cmd '.timeout 10000' "$db" "SELECT COUNT(*) FROM gateway_calls;"; }
wrk_run() { # NAME URL KEY PID
  local before_cpu after_cpu
  echo "== $1: wrk -t$threads -c$connections -d$duration $2" >&2
  wrk -t$threads -c"$connections" -d"$duration" -s "$here/load.lua" "$2" -- "$out/body.json" "$3" >"$out/$1.wrk" 2>&1 || true
  before_cpu=$(cpu_ticks "$4")
  sleep 1
  grep -v '^RESULT' "$out/$1.wrk" | sed 's/^/   /' >&2
  grep '^RESULT' "$out/$1.wrk" | sed 's/^RESULT //' >"$out/$1.result"
}
wrk -t$threads -c"$connections" -d3s -s "$here/load.lua" "$base/openai/v1/chat/completions" -- "$out/body.json" "$dev_key" >/dev/null 2>&1 || true
wrk_run direct "$upstream/chat/completions" "$upstream_key" $upstream_pid
db_before=$(calls_in_db)
cpu_before=$(cpu_ticks $server_pid)
wrk_run gateway "$base/openai/v1/chat/completions" "$dev_key" $server_pid
cpu_after=$(cpu_ticks $server_pid)
db_after=$(calls_in_db)
echo "gateway_calls=$((db_after - db_before)) cpu_ticks=$((cpu_after - cpu_before)) clk_tck=$(getconf CLK_TCK)" >>"$out/gateway.result"
rss=$(awk '$1 == "VmHWM:" { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
grep -E ' (warn|fail|crit)' "$out/server.log" | sort | uniq -c | head -5 | sed 's/^/   server log: /' >&2 || true

# ---- the report
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) cores ($cpu), $memory, $os, .NET SDK $(dotnet --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "- Code: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)')"
echo "- Load average at start: $load_before; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Command: bench/gateway/run.sh --delay-ms $delay_ms --calls $calls --duration $duration --connections $connections"
echo
$python - "$out" "$rss" <<'PY'
import json, sys
out, rss = sys.argv[1], sys.argv[2]
m = json.load(open(f"{out}/measure.json"))
def fields(name):
    return dict(kv.split("=") for kv in open(f"{out}/{name}.result").read().split())
c = m["cases"]
ms = lambda us: f"{us / 1000:.3f}"
print(f"Sequential, {m['calls']} calls per case, interleaved (one client, one connection per target):\n")
print("| case | p50 ms | p90 ms | p99 ms |")
print("|---|---|---|---|")
for name, label in [("direct", "stand-in direct, whole answer"), ("gateway", "through the gateway, whole answer"),
                    ("directFirstChunk", "stand-in direct, stream: first chunk"), ("gatewayFirstChunk", "through the gateway, stream: first chunk"),
                    ("directBeforeFree", "stand-in direct, whole answer (the free call's pair, just before it)"),
                    ("gatewayFree", "through the gateway, operator's own key (free: no wallet reads, no charge), whole answer")]:
    print(f"| {label} | {ms(c[name]['p50'])} | {ms(c[name]['p90'])} | {ms(c[name]['p99'])} |")
print()
d, g = fields("direct"), fields("gateway")
rate = lambda f: int(f["requests"]) / (int(f["duration_us"]) / 1e6)
cpu_ms = int(g["cpu_ticks"]) * 1000 / int(g["clk_tck"]) / max(1, int(g["requests"]))
print(f"Throughput, wrk closed loop (stand-in answers after its fixed delay):\n")
print("| target | calls/s | p50 ms | p99 ms | non-2xx | socket errors |")
print("|---|---|---|---|---|---|")
for label, f in [("stand-in direct", d), ("through the gateway", g)]:
    print(f"| {label} | {rate(f):,.0f} | {int(f['p50_us']) / 1000:.2f} | {int(f['p99_us']) / 1000:.2f} | {f['status_errors']} | {f['socket_errors']} |")
print()
print(f"Gateway run: {int(g['gateway_calls']):,} calls recorded in `gateway_calls` (wrk counted {int(g['requests']):,} answers; it drops those in flight at stop); "
      f"server CPU {cpu_ms:.3f} ms per call; server peak resident memory {rss} MiB.\n")
added, added_first = m["addedMedianUs"], m["addedFirstChunkMedianUs"]
verdict = lambda ok: "met" if ok else "**not met**"
print("| target (issue 7) | measured | |")
print("|---|---|---|")
print(f"| median added latency per non-streamed call < 1 ms (sequential) | {ms(added)} ms (median of paired differences) | {verdict(added < 1000)} |")
print(f"| time-to-first-chunk added < 1 ms (streams) | {ms(added_first)} ms (median of paired differences) | {verdict(added_first < 1000)} |")
print(f"| ≥ 2,000 proxied calls/s | {rate(g):,.0f} calls/s | {verdict(rate(g) >= 2000)} |")
print(f"\nFor comparison, median added latency of the free path (operator's own key: no wallet or spend-cap reads, no charge; usage still recorded): {ms(m['addedFreeMedianUs'])} ms.")
PY
