#!/usr/bin/env bash
# What a three-layer template costs against today's single static overlay, with the same encoder settings (issue 12's
# target: at most 1.05x the wall and the CPU time).
#
#   bench/template-bench.sh
#
#   For each of RESOLUTIONS (default "1280x720 1920x1080"), on a 20 s clip with audio, RUNS rounds (default 3), each
#   round running, one after the other so a noisy machine weighs on both alike:
#     static    the worker CLI: apply --watermark wm.png (the default placement)
#     template  the worker CLI: apply --template three-layers.json --var recipient=…: the seed image top-right, a text
#               that hops between corners from 2 s to 18 s with 0.5 s fades, and a tiled, rotated text
#   Both are timed whole, as a user runs them: the worker's start, the probe, the drawing of the text layers and the
#   encode. (The template's layer stills live in a work folder the worker removes, so its bare ffmpeg command cannot
#   be re-run on its own.)
#   Prints medians of wall and CPU time (user + system, the command and its children) and the template/static ratios.
#   BASELINE=<folder of another published worker> runs that worker's static and template in each round as well
#   (base-static, base-template), to compare two builds side by side.
#
# Work files go to BENCH_DIR (default: a folder under the system temp dir). Takes about ten minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-3}"
RESOLUTIONS="${RESOLUTIONS:-1280x720 1920x1080}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-template-bench}"
SIZE="${RESOLUTIONS%% *}"
# shellcheck source=bench/worker-lib.sh
. "$ROOT/bench/worker-lib.sh"

cp "$ROOT/src/VideoWatermark.Core/Assets/watermark.png" wm.png
cat > three-layers.json <<'JSON'
{ "name": "bench", "layers": [
  { "type": "image", "image": "wm.png", "position": "top-right", "margin": 0.03, "scale": 0.15, "opacity": 0.8 },
  { "type": "text", "text": "For {recipient}", "position": "bottom-left", "size": 0.05, "opacity": 0.6, "outline": true,
    "start": 2, "end": 18, "fadeIn": 0.5, "fadeOut": 0.5, "motion": { "type": "hop", "period": 5 } },
  { "type": "text", "text": "CONFIDENTIAL", "tile": true, "rotation": -30, "size": 0.04, "opacity": 0.15 } ] }
JSON
STATIC=(--watermark wm.png)
TEMPLATE=(--template three-layers.json --var "recipient=Ana Díaz")

# timed LABEL CMD…: appends "wall_s cpu_s" of CMD (and its children) to times-LABEL.
timed() {
  local label="$1"; shift
  /usr/bin/time -f '%e %U %S' -o time.txt "$@" >/dev/null 2>>stderr.txt
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' time.txt >> "times-$label"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "times-$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

log "## template vs static overlay: RUNS=$RUNS, medians, load $(cut -d' ' -f1-3 /proc/loadavg)"
for SIZE in $RESOLUTIONS; do
  make_clip 20
  h="${SIZE#*x}"
  rm -f times-*-"$h"
  # One untimed run of each first: the page cache holds the clip and the fonts for every timed one alike.
  "${WORKER[@]}" apply -i "$IN" -o "static-$h.mp4" "${STATIC[@]}" --log "static-$h.log" --overwrite >/dev/null
  "${WORKER[@]}" apply -i "$IN" -o "template-$h.mp4" "${TEMPLATE[@]}" --log "template-$h.log" --overwrite >/dev/null
  log "static ($h):   $(grep -m1 '\] command: ' "static-$h.log" | sed 's/.*command: //' | cut -c1-240)…"
  for _ in $(seq "$RUNS"); do
    timed "static-$h" "${WORKER[@]}" apply -i "$IN" -o "static-$h.mp4" "${STATIC[@]}" --overwrite
    timed "template-$h" "${WORKER[@]}" apply -i "$IN" -o "template-$h.mp4" "${TEMPLATE[@]}" --overwrite
    if [ -n "${BASELINE:-}" ]; then
      timed "base-static-$h" dotnet "$BASELINE/VideoWatermark.Worker.dll" apply -i "$IN" -o "base-static-$h.mp4" "${STATIC[@]}" --overwrite
      timed "base-template-$h" dotnet "$BASELINE/VideoWatermark.Worker.dll" apply -i "$IN" -o "base-template-$h.mp4" "${TEMPLATE[@]}" --overwrite
    fi
  done
  kinds=(static template)
  [ -n "${BASELINE:-}" ] && kinds+=(base-static base-template)
  log "$(printf '%-6s %-14s %8s %8s  %-34s %s' "${h}p" run wall_s cpu_s "all runs (wall s)" "all runs (cpu s)")"
  for kind in "${kinds[@]}"; do
    log "$(printf '%-6s %-14s %8s %8s  %-34s %s' "${h}p" "$kind" "$(col "$kind-$h" 1 | median)" "$(col "$kind-$h" 2 | median)" "$(col "$kind-$h" 1 | xargs)" "$(col "$kind-$h" 2 | xargs)")"
  done
  log "${h}p template/static: wall $(ratio "$(col "template-$h" 1 | median)" "$(col "static-$h" 1 | median)")" \
    "cpu $(ratio "$(col "template-$h" 2 | median)" "$(col "static-$h" 2 | median)")"
  if [ -n "${BASELINE:-}" ]; then
    log "${h}p baseline template/static: wall $(ratio "$(col "base-template-$h" 1 | median)" "$(col "base-static-$h" 1 | median)")" \
      "cpu $(ratio "$(col "base-template-$h" 2 | median)" "$(col "base-static-$h" 2 | median)")"
  fi
done
log "load after $(cut -d' ' -f1-3 /proc/loadavg)"
