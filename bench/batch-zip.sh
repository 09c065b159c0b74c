#!/usr/bin/env bash
# A batch's "Download all" (GET /api/batches/{id}/download.zip) streamed from the embedded store, measured by the
# portal's resident memory.
#
#   bench/batch-zip.sh
#
# Writes a batch of COPIES (default 5) succeeded jobs whose outputs are SIZE_MIB (default 1024) each: sparse files,
# so the bench needs no disk for them and reads them as fast as the kernel hands out zeros. Then, RUNS times (default
# 2), starts the built portal, asks for the batch once (so start-up allocations are in the baseline), and reads the ZIP
# with curl into /dev/null (or ZIP_OUT) while sampling the portal's VmRSS every 0.2 s. Prints, per run, the ZIP's bytes,
# the seconds it took, the RSS before and its peak while streaming. Work files go to BENCH_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-batch-zip}"
COPIES="${COPIES:-5}"
SIZE_MIB="${SIZE_MIB:-1024}"
RUNS="${RUNS:-2}"
mkdir -p "$WORK"
# shellcheck source=bench/portal-lib.sh
. "$ROOT/bench/portal-lib.sh"
require_tools curl python3 dotnet
trap stop_portal EXIT

echo "==> building the portal (Release)"
dotnet build "$ROOT/src/VideoWatermark.Portal" -c Release -nologo -v quiet >/dev/null
PORTAL_DIR="$ROOT/src/VideoWatermark.Portal/bin/Release/net10.0"

# The records as the portal writes them (batches/<id>.json, jobs/<id>.json), the outputs beside the upload's folder.
DATA="$WORK/data"
rm -rf "$DATA"
mkdir -p "$DATA"
BATCH=$(python3 - "$DATA" "$COPIES" "$SIZE_MIB" <<'PY'
import json, os, secrets, sys
data, copies, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) << 20
alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
new_id = lambda: "".join(secrets.choice(alphabet) for _ in range(26))
batch, jobs = new_id(), [new_id() for _ in range(copies)]
upload = f"unprocessed-videos/{jobs[0]}/clip.mp4"
for folder in ("jobs", "batches", jobs[0]):
    os.makedirs(os.path.join(data, folder), exist_ok=True)
now = "2026-12-03T17:00:00+00:00"
recipients = []
for row, job in enumerate(jobs, 1):
    output = f"{jobs[0]}/watermark-clip-r{row}.mp4"
    with open(os.path.join(data, output), "wb") as f:
        f.truncate(size)
    with open(os.path.join(data, "jobs", f"{job}.json"), "w") as f:
        json.dump({"id": job, "state": "succeeded", "inputKey": upload, "outputKey": output, "fileName": "clip.mp4",
                   "owner": "admin", "batchId": batch, "attempts": 1, "progress": 100, "createdAt": now, "updatedAt": now,
                   "finishedAt": now, "outputSize": size, "outputSha256": "0" * 64, "sourceVersion": "bench"}, f)
    recipients.append({"row": row, "values": {"recipient": f"r{row}"}, "jobId": job, "outputKey": output})
with open(os.path.join(data, "batches", f"{batch}.json"), "w") as f:
    json.dump({"id": batch, "owner": "admin", "fileName": "clip.mp4", "inputKey": upload, "templateName": "screener",
               "templateVersion": 1, "createdAt": now, "recipients": recipients}, f)
print(batch)
PY
)

rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

for run in $(seq "$RUNS"); do
  start_portal "$DATA"
  curl -sf "$PORTAL_URL/api/batches/$BATCH" >/dev/null
  sleep 2
  base=$(rss_kib "$PORTAL_PID")
  peak=$base
  curl -sf -o "${ZIP_OUT:-/dev/null}" -w '%{size_download} %{time_total}\n' "$PORTAL_URL/api/batches/$BATCH/download.zip" >"$WORK/curl.out" &
  reader=$!
  while kill -0 "$reader" 2>/dev/null; do
    now=$(rss_kib "$PORTAL_PID")
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.2
  done
  wait "$reader"
  read -r bytes seconds <"$WORK/curl.out"
  echo "run $run: zip_bytes=$bytes seconds=$seconds rss_before_mib=$((base / 1024)) rss_peak_mib=$((peak / 1024)) growth_mib=$(((peak - base) / 1024))"
  stop_portal
done
