#!/usr/bin/env bash
# A batch of MaxRecipients (1,000) through the API on the embedded store: how long POST /api/videos takes to create
# it (the check, 1,000 output names reserved, the batch record and 1,000 pending jobs), and how long
# GET /api/batches/{id} (each copy's state and link) and the batch page's first HTML (/batches/{id}) take to answer
# for it.
#
#   bench/batch-api.sh
#
# Starts the built portal (Release) on a fresh data folder once per run (RUNS, default 3), saves a one-text-layer
# template, then per run: creates COUNT (1000) recipients' batch BATCHES (3) times, then reads the last one READS (5)
# times through the API and through the page. Prints each request's wall time (curl's time_total) and the portal's
# CPU time (user + system) over each phase, and how many copies' rows the page's HTML holds. Work files go to
# BENCH_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-batch-api}"
COUNT="${COUNT:-1000}"
RUNS="${RUNS:-3}"
BATCHES="${BATCHES:-3}"
READS="${READS:-5}"
mkdir -p "$WORK"
# shellcheck source=bench/portal-lib.sh
. "$ROOT/bench/portal-lib.sh"
require_tools curl python3 dotnet
trap stop_portal EXIT

# PORTAL_DIR: another build of the portal to measure (an earlier commit's, for a side-by-side run); this tree's otherwise.
if [ -z "${PORTAL_DIR:-}" ]; then
  echo "==> building the portal (Release)"
  dotnet build "$ROOT/src/VideoWatermark.Portal" -c Release -nologo -v quiet >/dev/null
  PORTAL_DIR="$ROOT/src/VideoWatermark.Portal/bin/Release/net10.0"
fi

python3 - "$COUNT" >"$WORK/announce.json" <<'PY'
import json, sys
count = int(sys.argv[1])
print(json.dumps({"fileName": "trailer.mp4", "contentType": "video/mp4", "size": 50_000_000, "template": "screener",
                  "recipients": [{"recipient": f"Person {i:04d}", "email": f"person-{i:04d}@example.com"} for i in range(1, count + 1)]}))
PY
TEMPLATE='{"name":"screener","layers":[{"type":"text","text":"For {recipient} <{email}>","position":"bottom-left","size":0.05}]}'

for run in $(seq "$RUNS"); do
  DATA="$WORK/data-$run"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  start_portal "$DATA" VideoWatermark__Limits__MaxRecipients="$COUNT"
  curl -sf -H 'Content-Type: application/json' -d "$TEMPLATE" "$PORTAL_URL/api/templates" >/dev/null
  for b in $(seq "$BATCHES"); do
    cpu0=$(cpu_seconds "$PORTAL_PID")
    wall=$(curl -sf -o "$WORK/ticket.json" -w '%{time_total}' -H 'Content-Type: application/json' --data-binary @"$WORK/announce.json" "$PORTAL_URL/api/videos")
    cpu1=$(cpu_seconds "$PORTAL_PID")
    jobs=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["jobIds"]))' "$WORK/ticket.json")
    echo "run $run create $b: jobs=$jobs wall_s=$wall cpu_s=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
  done
  BATCH=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["batchId"])' "$WORK/ticket.json")
  for r in $(seq "$READS"); do
    cpu0=$(cpu_seconds "$PORTAL_PID")
    api=$(curl -sf -o "$WORK/batch.json" -w '%{time_total} %{size_download}' "$PORTAL_URL/api/batches/$BATCH")
    cpu1=$(cpu_seconds "$PORTAL_PID")
    page=$(curl -sf -o "$WORK/batch.html" -w '%{time_total} %{size_download}' "$PORTAL_URL/batches/$BATCH")
    cpu2=$(cpu_seconds "$PORTAL_PID")
    rows=$(grep -c 'class="batch-row"' "$WORK/batch.html" || true)
    echo "run $run read $r: api_wall_s=${api% *} api_bytes=${api#* } api_cpu_s=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" \
      "page_wall_s=${page% *} page_bytes=${page#* } page_rows=$rows page_cpu_s=$(awk -v a="$cpu1" -v b="$cpu2" 'BEGIN { printf "%.2f", b - a }')"
  done
  stop_portal
done
