#!/usr/bin/env bash
# Benchmark (issue 7): the release binary against the fake AWS server (examples/fake_aws.rs) with a
# fixed injected latency per request. By default the fake serves FULL-SIZE data: the real fixtures
# grown and cut with deterministic synthetic records (tests/suite/support/synthetic.rs) to a real account's
# skew: 31 regions with 26-125 models and about 18-94 profiles, us-east-1 1,120 quotas (12 pages of
# 100 per quota API), us-west-2 480, the others 280-480 (3-5 pages), 2 regions not opted in; Price List offer
# files for the 31 regions in the real format totalling the real sizes (AmazonBedrock ~16 MB,
# FoundationModels ~6.6 MB, Service ~0.4 MB) and the full LiteLLM file (3.5 MB). See bench/README.md.
#
# Prints, per --threads setting: wall time, requests made (the fake's count) and the minimum a run
# can make, the longest chain of dependent requests, the lower bound
# max(chain x latency, minimum x latency / threads), wall/bound, CPU time and peak RSS; then a
# --replay of the recorded full-size snapshot (our own processing, no network) and the cold start
# of --help.
#
#   bench/run.sh                          # full size, LATENCY_MS=100, THREADS="4 16 64"
#   LATENCY_MS=50 THREADS="8" bench/run.sh
#   bench/run.sh --fixtures-only          # or FIXTURES_ONLY=1: the real fixtures only (805 requests)
#   KEEP=dir bench/run.sh                 # keep the snapshot, logs and catalogue in dir
#   BUILD=0 bench/run.sh                  # do not build: use target/release as it is
#   THROTTLE=0.3 LATENCY_MS=0 THREADS="16 16 16" bench/run.sh   # 30% of AWS list requests
#                                         # throttled; seeds SEED (1), SEED+1, ... one per run
#   ACCOUNT_ACCESS=1 bench/run.sh         # runs with --account-access (the minimum counts its calls)
#   KEEP=dir TIMELINE=1 bench/run.sh      # dir/timeline-T-N: every request's arrival (ms), per run
#   JITTER=0.5 bench/run.sh               # each request's latency drawn from LATENCY_MS x [0.5, 1.5]
#                                         # (seeded like THROTTLE); the bound uses the latencies drawn
#
# Needs python3 (for the arithmetic) and /usr/bin/time (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
LATENCY_MS=${LATENCY_MS:-100}
THREADS=${THREADS:-"4 16 64"}
FIXTURES=${BEDROCK_FIXTURES:-$(cd .. && pwd)/shared/fixtures}
FIXTURES_ONLY=${FIXTURES_ONLY:-0}
for arg in "$@"; do
  case "$arg" in
    --fixtures-only) FIXTURES_ONLY=1 ;;
    --full-size) FIXTURES_ONLY=0 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
size_flag=--full-size
[ "$FIXTURES_ONLY" = 1 ] && size_flag=
account_flag=
[ "${ACCOUNT_ACCESS:-0}" = 1 ] && account_flag=--account-access

# BUILD=0: use the binaries already built (e.g. while the sources are being edited).
[ "${BUILD:-1}" = 0 ] || cargo build --quiet --profile bench --bin bedrock-collector --example fake_aws
BIN=target/release/bedrock-collector
FAKE=${FAKE_BIN:-target/release/examples/fake_aws}
if [ -n "${KEEP:-}" ]; then work=$KEEP; mkdir -p "$work"; else work=$(mktemp -d); fi
fake_pid=
timeline=
seed=${SEED:-1}
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
  [ -z "${KEEP:-}" ] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

start_fake() {
  rm -f "$work/fake.out"
  "$FAKE" --port 0 --latency-ms "$LATENCY_MS" --fixtures "$FIXTURES" $size_flag $account_flag ${THROTTLE:+--throttle "$THROTTLE"} ${JITTER:+--latency-jitter "$JITTER"} --seed "$seed" ${timeline:+--timeline "$timeline"} >"$work/fake.out" 2>"$work/fake.err" &
  fake_pid=$!
  for _ in $(seq 300); do grep -q "listening on" "$work/fake.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$work/fake.out")
  [ -n "$url" ] || { cat "$work/fake.err" >&2; exit 1; }
  minimum=$(sed -n 's/^minimum requests: //p' "$work/fake.out")
}
# Sets $requests (not in a $(...) subshell: `wait` only works on the shell's own children).
stop_fake() {
  kill -TERM "$fake_pid"; wait "$fake_pid" 2>/dev/null || true; fake_pid=
  requests=$(sed -n 's/^requests: //p' "$work/fake.out")
  max_in_flight=$(sed -n 's/^max in flight: //p' "$work/fake.out")
  chain_ms=$(sed -n 's/^longest chain latency ms: //p' "$work/fake.out")
  sum_ms=$(sed -n 's/^latency sum ms: //p' "$work/fake.out")
}

# One collector run against the fake at --threads $1, stderr to $2, more flags after; timed into
# $work/time.
run_collector() {
  local threads=$1 err=$2; shift 2
  env -i PATH="$PATH" HOME="$work" AWS_EC2_METADATA_DISABLED=true \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_ENDPOINT_URL="$url" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench \
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
    "$BIN" --config config.toml --threads "$threads" --output "$work/out/bedrock_models.json" --backups 0 \
      --price-list-url "$url" --litellm-url "$url/litellm/model_prices_and_context_window.json" \
      --mantle-url "$url/mantle/{region}" \
      --cache-dir "" -q $account_flag "$@" 2>"$err" || echo "(exit status $?, see $err)"
}

printf 'latency %s ms per request, %s data, fixtures %s\n' "$LATENCY_MS" \
  "$([ "$FIXTURES_ONLY" = 1 ] && echo fixtures-only || echo full-size)" "$FIXTURES"
printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
start_fake; stop_fake; sed 's/^/  /' "$work/fake.err"; echo
printf '%-8s %9s %9s %8s %6s %9s %9s %8s %10s %10s\n' threads wall_s requests minimum chain bound_s wall/bnd cpu_s peak_MB in_flight
run=0
rm -f "$work/runs"
for t in $THREADS; do
  run=$((run + 1))
  # Each throttled run its own storm: SEED for the first, the next seed for each later run.
  seed=$(( ${SEED:-1} + run - 1 ))
  [ "${TIMELINE:-0}" = 1 ] && timeline="$work/timeline-$t-$run"
  start_fake
  timeline=
  rm -rf "$work/snap" "$work/out"
  run_collector "$t" "$work/run-$t.err"
  stop_fake
  python3 - "$work" "$t" "$requests" "$minimum" "$LATENCY_MS" "$max_in_flight" "${JITTER:-}" "$chain_ms" "$sum_ms" <<'PY'
import json, sys
work, threads, requests, minimum, latency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]) / 1000
in_flight = sys.argv[6]
jitter, chain_ms, sum_ms = sys.argv[7], float(sys.argv[8]), float(sys.argv[9])
wall, user, sys_, rss_kb = open(f"{work}/time").read().split()
status = json.load(open(f"{work}/out/bedrock_models.json"))["metadata"]["region_status"]
# Longest chain of requests that must follow each other: a region's pages of one API (each page
# needs the previous page's token: 12 quota pages in us-east-1 at full size, 3 to 5 elsewhere); a Price List offer file needs its
# offer's region index first (a chain of 2).
# The availability calls (--account-access) are independent requests after the region's model
# list, not a chain: a chain of 2.
pages = [a["pages"] for r in status.values() for k, a in r.items() if k != "get_foundation_model_availability"]
chain = max([2] + pages)
# The bound is the least time any schedule needs: the longest chain, or the minimum number of
# requests spread over the permits (requests beyond the minimum are the run's own waste).
bound = max(chain * latency, minimum * latency / threads)
# With jittered latencies the same bound, from the latencies the fake drew: its longest chain, or
# all of them spread over the permits.
if jitter:
    bound = max(chain_ms, sum_ms / threads) / 1000
# Throttled attempts are retried: more requests than the minimum are then expected.
flag = "" if requests == minimum else "  <- not the minimum"
ratio = f"{float(wall)/bound:9.3f}" if bound > 0 else f"{'-':>9}"
print(f"{threads:<8} {float(wall):9.2f} {requests:9d} {minimum:8d} {chain:6d} {bound:9.2f} {ratio} "
      f"{float(user)+float(sys_):8.2f} {int(rss_kb)/1024:10.1f} {in_flight:>10}{flag}")
# For the medians below: threads, wall, wall/bound.
with open(f"{work}/runs", "a") as f:
    f.write(f"{threads} {wall} {float(wall)/bound if bound > 0 else 0}\n")
PY
done
# A setting run more than once (THREADS="16 16 16 ..."): its median and spread.
python3 - "$work/runs" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    t, wall, ratio = line.split()
    runs.setdefault(int(t), []).append((float(wall), float(ratio)))
for t, rs in runs.items():
    if len(rs) < 2:
        continue
    walls = sorted(w for w, _ in rs)
    ratios = sorted(r for _, r in rs)
    what = f"wall/bound median {statistics.median(ratios):.3f} ({ratios[0]:.3f} to {ratios[-1]:.3f})" if ratios[-1] > 0 else ""
    print(f"--threads {t}, {len(rs)} runs: wall median {statistics.median(walls):.2f} s ({walls[0]:.2f} to {walls[-1]:.2f}) {what}")
PY

echo
# The timed runs above record nothing, as a scheduled run would not. Record the snapshot for the
# replays in a run of its own (its time is printed for the record, not compared with the bound).
start_fake
rm -rf "$work/snap" "$work/out"
run_collector "$t" "$work/record.err" --record "$work/snap"
stop_fake
read -r wall _ _ _ < "$work/time"
printf 'recording the snapshot (--record, --threads %s): wall %s s\n' "$t" "$wall"
snap_mb=$(du -sm "$work/snap" | cut -f1)
# First with no previous catalogue, then again over the first one's output: a scheduled run always
# has a previous catalogue to read and compare with.
rm -rf "$work/replay"
for what in "replay of the snapshot ($snap_mb MB)" "replay again, previous catalogue present"; do
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$BIN" --config config.toml --replay "$work/snap" \
    --output "$work/replay/bedrock_models.json" --backups 0 -q 2>"$work/replay.err" || echo "(replay exit status $?)"
  read -r wall user sys_ rss < "$work/time"
  python3 -c "print(f'$what: wall {float(\"$wall\"):.3f} s, cpu {float(\"$user\")+float(\"$sys_\"):.3f} s, peak RSS {int(\"$rss\")/1024:.1f} MB')"
done
best=999999
for _ in $(seq 20); do
  s=$(date +%s%N); "$BIN" --help >/dev/null; e=$(date +%s%N)
  us=$(( (e - s) / 1000 )); [ "$us" -lt "$best" ] && best=$us
done
python3 -c "print(f'cold start (--help), best of 20: {$best/1000:.1f} ms')"
printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
