#!/usr/bin/env bash
# Split and stitch on a simulated fleet: each step of a split job as a worker process of its own, one after another,
# as N Fargate tasks would run the segments side by side, against one whole encode.
#
#   bench/split-fleet-bench.sh                               # 10 minutes of 720p, N = 4, 8, 16
#   CLIP_SECONDS=30 COUNTS="2 4" bench/split-fleet-bench.sh  # a smoke run
#
#   SIZE (default 1280x720), CLIP_SECONDS (default 600) at 30 fps, a keyframe every 2 s (as cameras and phones write
#   them), with a sine track; COUNTS (default "4 8 16"). The worker CLI at its default settings runs:
#     whole      apply --json                                  (one process, the one-pass encode)
#     split      segments plan --segment-seconds CLIP_SECONDS/N  (the cut a job's run makes)
#     segment i  segments encode --index i                     (one process per segment, one after another)
#     join       segments join                                 (stream copy, audio once, frame check)
#   Every process runs under /usr/bin/time (wall, and CPU = user + system). Reported per N:
#     sim_wall  = split + max(segment) + join, and its ratio to the whole encode's wall (the target is <= 1.2/N)
#     cpu       = split + every segment + join, and its ratio to the whole encode's CPU (target <= 1.10)
#     join %    = join wall / whole wall (target <= 2 %)
#     $/video-h = Fargate on-demand cost per hour of video: one task for the cut, one per segment, the join in the
#                 last segment's task, each billed for CPU seconds / VCPU (a 1-vCPU task runs a CPU-bound encode for
#                 about its CPU seconds), at least 60 s a task, at VCPU vCPU and MEM_GB GB; the whole encode as one
#                 task likewise. Image pull and container start-up are not in these figures.
#   Each joined output is checked: frame count and audio md5 equal to the source's, SSIM against the whole encode.
#   The whole encode runs once more at the end: how far it moved says whether the host's speed held during the run.
#
# Prices (USD, Linux/x86, US East (N. Virginia), on-demand; see bench/README.md for the source):
#   PRICE_VCPU_SECOND (default 0.000011244), PRICE_GB_SECOND (default 0.0000012347), VCPU (1), MEM_GB (2): the
#   template's default worker task.
# Work files go to BENCH_DIR (default: a folder under the system temp dir); results are appended to results.txt there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${SIZE:-1280x720}"
CLIP="${CLIP_SECONDS:-600}"
COUNTS="${COUNTS:-4 8 16}"
VCPU="${VCPU:-1}"
MEM_GB="${MEM_GB:-2}"
PRICE_VCPU_SECOND="${PRICE_VCPU_SECOND:-0.000011244}"
PRICE_GB_SECOND="${PRICE_GB_SECOND:-0.0000012347}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-split-fleet-bench}"

EXTRA_TOOLS="awk"
# shellcheck source=bench/worker-lib.sh
. "$ROOT/bench/worker-lib.sh"
make_clip "$CLIP"

# timed NAME ARGS…: one worker process under /usr/bin/time; sets WALL and CPU (seconds).
timed() {
  local name="$1"; shift
  /usr/bin/time -v -o "time-$name.txt" "${WORKER[@]}" "$@" >"out-$name.txt" 2>"err-$name.txt" \
    || { echo "error: $name failed:" >&2; cat "err-$name.txt" >&2; exit 1; }
  WALL=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "time-$name.txt" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  CPU=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "time-$name.txt" | awk '{ s += $1 } END { print s }')
}

# task_cost SECONDS_OF_CPU: one Fargate task's on-demand cost.
task_cost() {
  awk -v c="$1" -v v="$VCPU" -v m="$MEM_GB" -v pv="$PRICE_VCPU_SECOND" -v pm="$PRICE_GB_SECOND" \
    'BEGIN { t = c / v; if (t < 60) t = 60; printf "%.8f", t * (v * pv + m * pm) }'
}

log "## $(date -u '+%Y-%m-%d %H:%M') UTC: ${SIZE#*x}p ${CLIP} s, $FRAMES frames, N = $COUNTS, $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg)"

timed whole apply -i "$IN" -o whole.mp4 --overwrite --json
WHOLE_WALL=$WALL
WHOLE_CPU=$CPU
[ "$(jq -r .frames out-whole.txt)" = "$FRAMES" ] || { echo "error: the whole encode lost frames" >&2; exit 1; }
WHOLE_COST=$(task_cost "$WHOLE_CPU")
log "whole encode: wall ${WHOLE_WALL} s, CPU ${WHOLE_CPU} s, \$$(awk -v c="$WHOLE_COST" -v d="$CLIP" 'BEGIN { printf "%.4f", c * 3600 / d }') per hour of video"
log "$(printf '%4s %4s %8s %8s %9s %8s %9s %8s %9s %7s %9s %7s %10s %8s' N segs split_s max_seg_s join_s sim_wall_s ratio target cpu_s cpu_x join_pct ssim usd_per_h vs_whole)"

for N in $COUNTS; do
  rm -f seg-*.mp4 plan.json joined-*.mp4
  SEGMENT_SECONDS=$(awk -v d="$CLIP" -v n="$N" 'BEGIN { printf "%.6f", d / n }')
  timed "plan-$N" segments plan -i "$IN" --segment-seconds "$SEGMENT_SECONDS" --plan plan.json
  SPLIT_WALL=$WALL
  TOTAL_CPU=$CPU
  COST=$(task_cost "$CPU")
  SEGS=$(jq -r .segments "out-plan-$N.txt")
  MAX_SEG=0
  LAST_CPU=0
  FILES=()
  for ((i = 0; i < SEGS; i++)); do
    FILE=$(printf 'seg-%03d.mp4' "$i")
    timed "seg-$N-$i" segments encode -i "$IN" --plan plan.json --index "$i" -o "$FILE"
    FILES+=("$FILE")
    MAX_SEG=$(awk -v a="$MAX_SEG" -v b="$WALL" 'BEGIN { print (b > a ? b : a) }')
    TOTAL_CPU=$(awk -v a="$TOTAL_CPU" -v b="$CPU" 'BEGIN { print a + b }')
    if ((i < SEGS - 1)); then
      COST=$(awk -v a="$COST" -v b="$(task_cost "$CPU")" 'BEGIN { printf "%.8f", a + b }')
    else
      LAST_CPU=$CPU
    fi
  done
  timed "join-$N" segments join -i "$IN" --plan plan.json -o "joined-$N.mp4" "${FILES[@]}"
  JOIN_WALL=$WALL
  TOTAL_CPU=$(awk -v a="$TOTAL_CPU" -v b="$CPU" 'BEGIN { print a + b }')
  # The worker that finishes the last segment runs the join in the same task.
  COST=$(awk -v a="$COST" -v b="$(task_cost "$(awk -v x="$LAST_CPU" -v y="$CPU" 'BEGIN { print x + y }')")" 'BEGIN { printf "%.8f", a + b }')

  OUT="joined-$N.mp4"
  OUT_FRAMES=$(ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 "$OUT")
  [ "$OUT_FRAMES" = "$FRAMES" ] || { echo "error: N=$N joined $OUT_FRAMES frames, the source has $FRAMES" >&2; exit 1; }
  [ "$(ffmpeg -v error -i "$OUT" -map 0:a -c copy -f md5 -)" = "$AUDIO" ] || { echo "error: N=$N: the audio differs from the source's" >&2; exit 1; }

  log "$(awk -v n="$N" -v s="$SEGS" -v sp="$SPLIT_WALL" -v mx="$MAX_SEG" -v j="$JOIN_WALL" -v ww="$WHOLE_WALL" -v c="$TOTAL_CPU" -v wc="$WHOLE_CPU" \
    -v ss="$(ssim "$OUT" whole.mp4)" -v cost="$COST" -v wcost="$WHOLE_COST" -v d="$CLIP" 'BEGIN {
      sim = sp + mx + j
      printf "%4d %4d %8.2f %8.2f %9.2f %8.2f %9.3f %8.3f %9.2f %7.3f %8.2f%% %7s %10.4f %8.3f", n, s, sp, mx, j, sim, sim / ww, 1.2 / n, c, c / wc, 100 * j / ww, ss, cost * 3600 / d, cost / wcost
    }')"
done

# This machine's host can speed up or slow down over a run this long; the whole encode again at the end says by how
# much, so the table above (read against the first) can be trusted or set aside.
timed whole-again apply -i "$IN" -o whole-again.mp4 --overwrite --json
log "whole encode again at the end: wall ${WALL} s, CPU ${CPU} s ($(awk -v a="$WHOLE_WALL" -v b="$WALL" -v c="$WHOLE_CPU" -v d="$CPU" \
  'BEGIN { printf "wall %+.1f %%, CPU %+.1f %%", 100 * (b - a) / a, 100 * (d - c) / c }') against the first)"
log "load after $(cut -d' ' -f1-3 /proc/loadavg)"
