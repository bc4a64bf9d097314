#!/usr/bin/env bash
# Trains ModelMint's `auto` (and optionally other catalog trainers) and the scikit-learn peer on each shared
# classification dataset, then prints the machine, the date and a comparison table. Progress and build output go
# to stderr, so `./run.sh > table.md` keeps just the results.
#
# usage: bench/training/run.sh [--trainers auto,linear-svm,...] [--datasets banking77,...] [--seed 42] [--repeat 1]
#        [--no-build]   --repeat N runs every pair N times, interleaved, and reports median times (noisy machines).
# --no-build reuses the last Release build of the bench project (e.g. while src/ is mid-edit and does not compile).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=${MODELMINT_DATA:-$repo/../shared/data}
trainers=auto
datasets=banking77,rt_polarity,chnsenticorp_htl
seed=42
repeat=1
build=true

while (($#)); do
  case $1 in
    --trainers) trainers=$2; shift 2 ;;
    --datasets) datasets=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "--repeat needs a positive integer, not '$repeat'" >&2; exit 2; }

# The peer is Debian's scikit-learn, so it runs on Debian's python, not whatever python3 is first on PATH.
python=/usr/bin/python3
missing=()
[[ -x $python ]] && $python -c 'import sklearn' 2>/dev/null || missing+=(python3-sklearn)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  sudo=; ((EUID == 0)) || sudo=sudo
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

project=$here/ModelMint.Bench.Training
ours=$project/bin/Release/net10.0/ModelMint.Bench.Training
if $build; then
  dotnet build -c Release -nologo -v quiet "$project/ModelMint.Bench.Training.csproj" >&2
elif [[ ! -x $ours ]]; then
  echo "--no-build, but there is no build at $ours" >&2
  exit 2
fi

known=$("$ours" --list-trainers)
selected=()
for trainer in ${trainers//,/ }; do
  if grep -qxF "$trainer" <<<"$known"; then
    selected+=("$trainer")
  else
    echo "skipping trainer '$trainer': not in the catalog ($(paste -sd, <<<"$known"))" >&2
  fi
done
((${#selected[@]})) || { echo "no known trainer selected" >&2; exit 2; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Each run is a fresh process under /usr/bin/time -v, for the peak RSS and wall clock of the whole process.
measure() {
  local name=$1
  shift
  if ! /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.json"; then
    echo "$name failed" >&2
    rm -f "$out/$name.json"
  else
    cat "$out/$name.json" >&2
  fi
}

for dataset in ${datasets//,/ }; do
  train=$data/$dataset/train.csv
  test=$data/$dataset/test.csv
  [[ -f $train && -f $test ]] || { echo "skipping $dataset: no $train or $test" >&2; continue; }
  # Interleaved, so a burst of load elsewhere on the machine hits both sides rather than one.
  for ((run = 1; run <= repeat; run++)); do
    echo "== $dataset, run $run/$repeat: peer" >&2
    measure "$dataset.peer.$run" $python "$here/peer.py" --train "$train" --test "$test" --seed "$seed"
    for trainer in "${selected[@]}"; do
      echo "== $dataset, run $run/$repeat: ModelMint $trainer" >&2
      measure "$dataset.$trainer.$run" "$ours" --train "$train" --test "$test" --trainer "$trainer" --seed "$seed"
    done
  done
done

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
sklearn=$($python -c 'import sklearn; print(sklearn.__version__)')
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) cores ($cpu), $memory, $os, .NET SDK $(dotnet --version), scikit-learn $sklearn (Python $($python -c 'import platform; print(platform.python_version())'))"
# Other work on the machine distorts the times; the load averages say how busy it was over the runs.
echo "- Load average at start: $load_before; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Command: bench/training/run.sh --trainers $(IFS=,; echo "${selected[*]}") --datasets $datasets --seed $seed --repeat $repeat"
echo
$python "$here/report.py" "$out" "$datasets" "$(IFS=,; echo "${selected[*]}")" "$repeat"
