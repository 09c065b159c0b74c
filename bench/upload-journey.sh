#!/usr/bin/env bash
# Issue 11's journey target: a 150 MB upload started on the upload page goes on while the user clicks to /jobs and
# /watermarks, and its job ends Succeeded. Headless chromium (/usr/bin/chromium) drives the built portal (embedded
# store, local workers) as a person does; the file is a real 1-second MP4 padded with a free box to SIZE bytes
# (default 150,000,000).
#
#   bench/upload-journey.sh
#
# Work files go to BENCH_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-journey}"
SIZE="${SIZE:-150000000}"
mkdir -p "$WORK"
# shellcheck source=bench/portal-lib.sh
. "$ROOT/bench/portal-lib.sh"
require_tools ffmpeg curl dotnet /usr/bin/chromium
trap stop_portal EXIT

build_all
CLIP="$WORK/clip.mp4"
make_clip "$CLIP"

echo "# upload-journey $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
data="$WORK/data"
rm -rf "$data"
start_portal "$data" "VideoWatermark__Pipeline__WorkDir=$WORK/work"
"${LOADBENCH[@]}" journey --portal "$PORTAL_URL" --clip "$CLIP" --size "$SIZE" --work "$WORK"
echo "# done $(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
