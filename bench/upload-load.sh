#!/usr/bin/env bash
# 50 concurrent uploads of 50 MB each into the embedded store through the portal, with the portal's memory sampled.
#
#   bench/upload-load.sh [single] [multipart]       (default: both, each on a fresh portal and data folder)
#
#   single     the default settings: 50 MiB is under the 100 MiB multipart threshold, so each file is one signed PUT
#   multipart  VideoWatermark__Portal__MultipartThresholdBytes=16 MiB: each file goes as 4 signed parts of 16 MiB,
#              four at a time, then a complete call (what the browser's upload module does above the threshold)
#
# Each upload is a real 1-second MP4 followed by a `free` box of pseudo-random bytes up to SIZE bytes, so the local
# worker pool (left at its default size) runs every job to the end with real ffmpeg: the portal process does the
# index, dispatch, download/upload copies and job records of 50 jobs while the uploads arrive. Checks every stored
# object (size, SHA-256, ETag = MD5 for single PUTs) and that every job succeeded; samples VmRSS every 50 ms.
# COUNT (default 50) and SIZE (default 52428800) change the load; PORTAL_ENV="NAME=VALUE …" adds settings to the
# portal's environment. Work files go to BENCH_DIR; KEEP=1 keeps the data folders.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-load}"
COUNT="${COUNT:-50}"
SIZE="${SIZE:-52428800}"
MODES=("$@")
[ ${#MODES[@]} -eq 0 ] && MODES=(single multipart)
mkdir -p "$WORK"
# shellcheck source=bench/portal-lib.sh
. "$ROOT/bench/portal-lib.sh"
require_tools ffmpeg curl dotnet
trap stop_portal EXIT

build_all
CLIP="$WORK/clip.mp4"
make_clip "$CLIP"

echo "# upload-load $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for mode in "${MODES[@]}"; do
  data="$WORK/data-$mode"
  rm -rf "$data"
  # shellcheck disable=SC2206 # PORTAL_ENV is a list of NAME=VALUE words by design
  settings=(${PORTAL_ENV:-})
  [ "$mode" = multipart ] && settings+=(VideoWatermark__Portal__MultipartThresholdBytes=16777216 VideoWatermark__Portal__PartSizeBytes=16777216)
  # No API rate limit: the 50 uploads stand for 50 users but all come from this one address, and following the 50
  # jobs alone takes 100 calls a second.
  settings+=(VideoWatermark__Portal__RateLimit__PermitLimit=0)
  # Its own work folder: a portal starting elsewhere on this machine clears leftovers in the shared default one.
  settings+=("VideoWatermark__Pipeline__WorkDir=$WORK/work-$mode")
  start_portal "$data" "${settings[@]}"
  echo "$mode: portal up in $STARTUP_S s at $PORTAL_URL (pid $PORTAL_PID)"
  "${LOADBENCH[@]}" upload --portal "$PORTAL_URL" --data "$data" --pid "$PORTAL_PID" --count "$COUNT" --size "$SIZE" \
    --clip "$CLIP" --label "$mode" || status=1
  stop_portal
  [ -n "${KEEP:-}" ] || rm -rf "$data"
done
echo "# done $(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
