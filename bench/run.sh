#!/usr/bin/env bash
# Benchmark: the release binary against the fake AWS server (examples/fake_aws.rs) serving the
# real fixtures over all 33 regions, the Price List fixture and the full LiteLLM file, with a fixed
# injected latency per request. Prints, per --threads setting: wall time, requests made (the fake's
# count), the lower bound max(longest chain x latency, requests x latency / threads), wall/bound,
# CPU time and peak RSS; then a --replay of the recorded snapshot and the cold start of --help.
#
#   bench/run.sh                      # LATENCY_MS=100 THREADS="4 16 64"
#   LATENCY_MS=50 THREADS="8" bench/run.sh
#
# Needs python3 (for the arithmetic) and /usr/bin/time (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
LATENCY_MS=${LATENCY_MS:-100}
THREADS=${THREADS:-"4 16 64"}
FIXTURES=${BEDROCK_FIXTURES:-$(cd .. && pwd)/shared/fixtures}

cargo build --quiet --release --bin bedrock-collector --example fake_aws
BIN=target/release/bedrock-collector
FAKE=target/release/examples/fake_aws
work=$(mktemp -d)
fake_pid=
cleanup() { [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_fake() {
  "$FAKE" --port 0 --latency-ms "$LATENCY_MS" --fixtures "$FIXTURES" >"$work/fake.out" 2>"$work/fake.err" &
  fake_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/fake.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$work/fake.out")
}
stop_fake() {
  kill -TERM "$fake_pid"; wait "$fake_pid" 2>/dev/null || true; fake_pid=
  sed -n 's/^requests: //p' "$work/fake.out"
}

printf 'latency %s ms per request, fixtures %s\n\n' "$LATENCY_MS" "$FIXTURES"
printf '%-8s %9s %9s %6s %9s %9s %8s %10s\n' threads wall_s requests chain bound_s wall/bnd cpu_s peak_MB
for t in $THREADS; do
  start_fake
  rm -rf "$work/snap" "$work/out"
  env -i PATH="$PATH" HOME="$work" AWS_EC2_METADATA_DISABLED=true \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_ENDPOINT_URL="$url" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench \
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
    "$BIN" --config config.toml --threads "$t" --output "$work/out/bedrock_models.json" --backups 0 \
      --price-list-url "$url" --litellm-url "$url/litellm/model_prices_and_context_window.json" \
      --cache-dir "" --record "$work/snap" -q || true
  requests=$(stop_fake)
  python3 - "$work" "$t" "$requests" "$LATENCY_MS" <<'PY'
import json, sys
work, threads, requests, latency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]) / 1000
wall, user, sys_, rss_kb = open(f"{work}/time").read().split()
manifest = json.load(open(f"{work}/snap/manifest.json"))
# Longest chain of requests that must follow each other: a region's pages of one API (each page
# needs the previous page's token); a Price List offer file needs its region index first (2).
chain = max([2] + [c["pages"] for r in manifest["calls"].values() for c in r.values()])
bound = max(chain * latency, requests * latency / threads)
print(f"{threads:<8} {float(wall):9.2f} {requests:9d} {chain:6d} {bound:9.2f} {float(wall)/bound:9.3f} "
      f"{float(user)+float(sys_):8.2f} {int(rss_kb)/1024:10.1f}")
PY
done

echo
/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$BIN" --config config.toml --replay "$work/snap" \
  --output "$work/replay/bedrock_models.json" --backups 0 -q || true
read -r wall user sys_ rss < "$work/time"
python3 -c "print(f'replay of the snapshot: wall {float(\"$wall\"):.3f} s, cpu {float(\"$user\")+float(\"$sys_\"):.3f} s, peak RSS {int(\"$rss\")/1024:.1f} MB')"
best=999
for _ in $(seq 20); do
  s=$(date +%s%N); "$BIN" --help >/dev/null; e=$(date +%s%N)
  ms=$(( (e - s) / 1000000 )); [ "$ms" -lt "$best" ] && best=$ms
done
echo "cold start (--help), best of 20: ${best} ms"
