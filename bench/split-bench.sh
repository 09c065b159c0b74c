#!/usr/bin/env bash
# Split and stitch against one pass, on a clip it generates.
#
#   bench/split-bench.sh
#
#   SIZE (default 1920x1080), CLIP_SECONDS (default 40) at 30 fps, a keyframe every 2 s (as cameras and phones write
#   them), with a sine track; SEGMENTS (default 4). Runs the worker CLI at its default settings, once each:
#     one-pass     apply --json
#     sequential   apply --segments N --max-parallel 1 --json   (one segment after another)
#     parallel     apply --segments N --max-parallel 2 --json   (two at a time)
#   and reports wall and CPU time (user + system, /usr/bin/time), the JSON line's encode and join times, the longest
#   segment (from the run log) and "fleet" = wall − encode + longest segment: what the run would take with every
#   segment on its own machine at once. Every output is checked: frame count equal to the source's, audio md5
#   equal, SSIM against the one-pass output (the first run).
#
# Work files go to BENCH_DIR (default: a folder under the system temp dir).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${SIZE:-1920x1080}"
SECONDS_LONG="${CLIP_SECONDS:-40}"
SEGMENTS="${SEGMENTS:-4}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-split-bench}"

# shellcheck source=bench/worker-lib.sh
. "$ROOT/bench/worker-lib.sh"
make_clip "$SECONDS_LONG"

# run LABEL ARGS…: one worker run under /usr/bin/time; prints "wall cpu json".
run() {
  local label="$1"; shift
  local out="$label.mp4"
  /usr/bin/time -v -o "time-$label.txt" "${WORKER[@]}" apply -i "$IN" -o "$out" --overwrite --json "$@" >"json-$label.txt" 2>"stderr-$label.txt"
  local wall cpu
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "time-$label.txt" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "time-$label.txt" | awk '{ s += $1 } END { print s }')
  local frames audio longest encode fleet
  frames=$(jq -r .frames "json-$label.txt")
  audio=$(ffmpeg -v error -i "$out" -map 0:a -c copy -f md5 -)
  [ "$frames" = "$FRAMES" ] || { echo "error: $label has $frames frames, the source $FRAMES" >&2; exit 1; }
  [ "$audio" = "$AUDIO" ] || { echo "error: $label's audio differs from the source's" >&2; exit 1; }
  encode=$(jq -r .encodeSeconds "json-$label.txt")
  longest=$(grep -oP 'segment \d+ done in \K[0-9.]+' "$out.log" 2>/dev/null | sort -n | tail -1 || true)
  longest="${longest:-$encode}"
  fleet=$(awk -v w="$wall" -v e="$encode" -v l="$longest" 'BEGIN { printf "%.2f", w - e + l }')
  log "$(printf '%-11s %8s %8s %9s %8s %10s %9s %9s %8s' "$label" "$wall" "$cpu" "$encode" "$(jq -r .joinSeconds "json-$label.txt")" "$longest" "$fleet" "$(stat -c %s "$out")" "$(ssim "$out" one-pass.mp4)")"
}

log "## $(date -u '+%Y-%m-%d %H:%M') UTC: ${SIZE#*x}p ${SECONDS_LONG} s, $FRAMES frames, $SEGMENTS segments, $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg)"
log "$(printf '%-11s %8s %8s %9s %8s %10s %9s %9s %8s' run wall_s cpu_s encode_s join_s longest_s fleet_s bytes ssim)"
run one-pass
run sequential --segments "$SEGMENTS" --max-parallel 1
run parallel --segments "$SEGMENTS" --max-parallel 2
log "load after $(cut -d' ' -f1-3 /proc/loadavg)"
