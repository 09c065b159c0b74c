#!/usr/bin/env bash
# Benchmarks the watermark engine against the original design's ffmpeg command, on clips it generates.
#
#   bench/engine-bench.sh [sweep] [main] [batch] [startup]      (default: main batch)
#
#   sweep  time, size and SSIM of candidate encodes (SWEEP="original preset:crf[:x264-params] …", e.g.
#          "original superfast:23.5:mbtree=1:rc-lookahead=10") on the RESOLUTIONS clips, SWEEP_RUNS rounds (default 1)
#          with the candidates taking turns, medians (how the defaults were chosen)
#   main   RESOLUTIONS (default "1280x720 1920x1080"), 20 s, with audio; RUNS repetitions (default 3), medians of wall time:
#            original  ffmpeg -i in.mp4 -i wm.png -filter_complex overlay=<centered> out.mp4   (ffmpeg defaults)
#            bare      the exact ffmpeg command the worker runs with its default settings (printed)
#            worker    the worker CLI (the published VideoWatermark.Worker apply …)
#          plus peak memory (max RSS as wait4 reports it, bench/rusage-time.py), output size and SSIM against a lossless encode of the same
#          overlay.
#   batch  BATCH clips (default 8) of 720p, BATCH_SECONDS (default 10) long: the bare commands one after another, two at
#          a time, and the engine's batch path (hidden `batch` command) at MaxParallelEncodes 1 and 2; BATCH_RUNS rounds
#          (default 2), medians.
#   startup  the worker CLI against the bare command on 720p clips STARTUP_SECONDS long (default "4 20"),
#          STARTUP_RUNS rounds (default 7) with the two taking turns, medians of wall and CPU time: what the worker adds
#          before and after ffmpeg (start-up, probes), which weighs most on a short clip. BASELINE=<folder of another
#          published worker> runs that worker in each round as well, to compare two builds side by side.
#   WORKER_DIR=<folder of a published worker> measures that build as "worker" instead of publishing one. A folder's
#          VideoWatermark.Worker executable runs when there is one (a self-contained or Native AOT publish runs as
#          the image runs it), else `dotnet VideoWatermark.Worker.dll`.
#   CLIP   plain (default: testsrc2) or noisy (testsrc2 with temporal noise, a hard case for the encoder).
#
# Work files go to BENCH_DIR (default: a folder under the system temp dir). Takes tens of minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-3}"
BATCH="${BATCH:-8}"
BATCH_SECONDS="${BATCH_SECONDS:-10}"
BATCH_RUNS="${BATCH_RUNS:-2}"
STARTUP_SECONDS="${STARTUP_SECONDS:-4 20}"
STARTUP_RUNS="${STARTUP_RUNS:-7}"
RESOLUTIONS="${RESOLUTIONS:-1280x720 1920x1080}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-bench}"
STAGES=("$@")
[ ${#STAGES[@]} -eq 0 ] && STAGES=(main batch)

for tool in ffmpeg ffprobe dotnet /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required (apt-get install ffmpeg time)" >&2; exit 1; }
done
mkdir -p "$WORK"
cd "$WORK"
log() { printf '%s\n' "$*" | tee -a "$WORK/results.txt"; }
ff() { ffmpeg -hide_banner -nostdin -loglevel error -y "$@"; }

# run_worker FOLDER: how a published worker in FOLDER is started.
run_worker() {
  if [ -x "$1/VideoWatermark.Worker" ]; then echo "$1/VideoWatermark.Worker"; else echo "dotnet $1/VideoWatermark.Worker.dll"; fi
}
if [ -z "${WORKER_DIR:-}" ]; then
  echo "==> publishing the worker (Release, Native AOT as the image has it)"
  dotnet publish "$ROOT/src/VideoWatermark.Worker" -c Release --use-current-runtime -o "$WORK/worker" -v quiet -nologo >/dev/null
  WORKER_DIR="$WORK/worker"
fi
read -r -a WORKER <<< "$(run_worker "$WORKER_DIR")"
[ -n "${BASELINE:-}" ] && read -r -a BASE <<< "$(run_worker "$BASELINE")"
cp "$ROOT/src/VideoWatermark.Core/Assets/watermark.png" "$WORK/wm.png"
ORIGINAL_FILTER='overlay=x=(main_w-overlay_w)/2:y=(main_h-overlay_h)/2'

# clip NAME WxH SECONDS: testsrc2 and a sine track; CLIP=noisy adds light temporal noise on every frame (grain the
# encoder cannot predict: a hard case, where bitrate and not motion search dominates the encode).
CLIP="${CLIP:-plain}"
case "$CLIP" in
  plain) SOURCE_FILTER="" ;;
  noisy) SOURCE_FILTER=",noise=alls=6:allf=t" ;;
  *) echo "error: CLIP must be plain or noisy" >&2; exit 2 ;;
esac
clip() {
  local name="$1"
  [ -s "$name" ] && return
  echo "==> generating $name"
  ff -f lavfi -i "testsrc2=size=$2:rate=30:duration=$3$SOURCE_FILTER" \
     -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$3" \
     -c:v libx264 -preset veryfast -crf 16 -pix_fmt yuv420p -c:a aac -b:a 128k "$name"
}

# timed LABEL CMD…: runs CMD under /usr/bin/time -v; appends "seconds maxrss_kb cpu_seconds" to times-LABEL (CPU time,
# user + system of the command and its children, is what to compare when other work shares the machine).
timed() {
  local label="$1"; shift
  "$ROOT/bench/rusage-time.py" "$WORK/time.txt" "$@" 2>>"$WORK/stderr.txt"
  cat "$WORK/time.txt" >> "$WORK/times-$label"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ms() { awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 * 1000 }'; }
col() { awk -v c="$2" '{ print $c }' "$WORK/times-$1"; }
ssim() { ffmpeg -hide_banner -nostdin -i "$1" -i "$2" -lavfi '[0:v][1:v]ssim' -f null - 2>&1 | sed -n 's/.*SSIM .* All:\([0-9.]*\).*/\1/p' | tail -1; }
size() { stat -c %s "$1"; }

# The lossless reference: the same centered overlay, encoded with -qp 0.
reference() {
  local in="$1" ref="${1%.mp4}-ref.mkv"
  [ -s "$ref" ] || ff -i "$in" -i wm.png -filter_complex "$ORIGINAL_FILTER,format=yuv420p" -c:v libx264 -preset ultrafast -qp 0 -an "$ref"
  echo "$ref"
}

# worker_command IN OUT: the ffmpeg command line the worker ran for IN (from its run log), retargeted to OUT.
worker_command() {
  local line
  line=$(grep -m1 '\] command: ' "$WORK/probe-run.log")
  line="${line#*command: }"
  echo "${line% *} $2"
}

# sweep_encode NAME IN OUT: one sweep candidate; NAME is "original" (the original design's command, audio re-encoded)
# or preset:crf[:x264-params] (the params may hold colons themselves), audio copied as the worker does.
sweep_encode() {
  local name="$1" in="$2" out="$3"
  if [ "$name" = original ]; then
    timed "sweep-$name" ffmpeg -hide_banner -nostdin -loglevel error -y -i "$in" -i wm.png -filter_complex "$ORIGINAL_FILTER" "$out"
    return
  fi
  local p="${name%%:*}" rest="${name#*:}" c params=()
  c="${rest%%:*}"
  [ "$rest" != "$c" ] && params=(-x264-params "${rest#*:}")
  timed "sweep-$name" ffmpeg -hide_banner -nostdin -loglevel error -y -i "$in" -i wm.png -filter_complex "$ORIGINAL_FILTER" \
    -c:v libx264 -preset "$p" "${params[@]}" -crf "$c" -c:a copy -movflags +faststart "$out"
}

sweep() {
  local candidates=(${SWEEP:-original medium:23 veryfast:23 veryfast:22 veryfast:21 faster:22})
  for res in $RESOLUTIONS; do
    local h="${res#*x}" in="$CLIP-in${res#*x}.mp4"
    clip "$in" "$res" 20
    local ref; ref=$(reference "$in")
    log "## sweep: $CLIP ${h}p 20 s, SWEEP_RUNS=${SWEEP_RUNS:-1} (candidates taking turns), medians, load $(cut -d' ' -f1-3 /proc/loadavg)"
    local name
    for name in "${candidates[@]}"; do rm -f "$WORK/times-sweep-$name"; done
    for _ in $(seq "${SWEEP_RUNS:-1}"); do
      for name in "${candidates[@]}"; do sweep_encode "$name" "$in" "sweep-$h-${name//[:\/]/_}.mp4"; done
    done
    log "$(printf '%-6s %-48s %8s %8s %10s %8s  %s' res candidate wall_s cpu_s bytes ssim 'all runs, wall (s)')"
    for name in "${candidates[@]}"; do
      local out="sweep-$h-${name//[:\/]/_}.mp4"
      log "$(printf '%-6s %-48s %8s %8s %10s %8s  %s' "${h}p" "$name" "$(col "sweep-$name" 1 | median)" "$(col "sweep-$name" 3 | median)" \
        "$(size "$out")" "$(ssim "$out" "$ref")" "$(col "sweep-$name" 1 | xargs)")"
    done
  done
}

main() {
  log "## main: $CLIP clips, RUNS=$RUNS, medians, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for res in $RESOLUTIONS; do
    local h="${res#*x}" in="$CLIP-in${res#*x}.mp4"
    clip "$in" "$res" 20
    local ref; ref=$(reference "$in")
    rm -f "$WORK"/times-{original,bare,worker}-"$h"
    # One worker run to learn its exact ffmpeg command.
    "${WORKER[@]}" apply -i "$in" -o "probe-$h.mp4" --watermark wm.png --log "$WORK/probe-run.log" --overwrite >/dev/null 2>&1
    local bare; bare=$(worker_command "$in" "bare-$h.mp4")
    log "bare command ($h): $bare"
    local -a bare_argv; eval "bare_argv=($bare)"
    for _ in $(seq "$RUNS"); do
      timed "original-$h" ffmpeg -hide_banner -nostdin -loglevel error -y -i "$in" -i wm.png -filter_complex "$ORIGINAL_FILTER" "original-$h.mp4"
      timed "bare-$h" "${bare_argv[@]}"
      timed "worker-$h" "${WORKER[@]}" apply -i "$in" -o "worker-$h.mp4" --watermark wm.png --overwrite
    done
    local o b w oc bc wc
    o=$(col "original-$h" 1 | median); b=$(col "bare-$h" 1 | median); w=$(col "worker-$h" 1 | median)
    oc=$(col "original-$h" 3 | median); bc=$(col "bare-$h" 3 | median); wc=$(col "worker-$h" 3 | median)
    log "$(printf '%-6s %-9s %9s %9s %12s %12s %8s' "${h}p" run median_s cpu_s max_rss_kb bytes ssim)"
    for kind in original bare worker; do
      log "$(printf '%-6s %-9s %9s %9s %12s %12s %8s' "${h}p" "$kind" "$(col "$kind-$h" 1 | median)" "$(col "$kind-$h" 3 | median)" \
        "$(col "$kind-$h" 2 | sort -n | tail -1)" "$(size "$kind-$h.mp4")" "$(ssim "$kind-$h.mp4" "$ref")")"
    done
    log "${h}p: wall: worker/bare = $(awk -v w="$w" -v b="$b" 'BEGIN { printf "%.3f", w / b }')  original/worker = $(awk -v o="$o" -v w="$w" 'BEGIN { printf "%.2f", o / w }')"
    log "${h}p: cpu:  worker/bare = $(awk -v w="$wc" -v b="$bc" 'BEGIN { printf "%.3f", w / b }')  original/worker = $(awk -v o="$oc" -v w="$wc" 'BEGIN { printf "%.2f", o / w }')"
    log "${h}p: all runs (s): original $(col "original-$h" 1 | xargs) | bare $(col "bare-$h" 1 | xargs) | worker $(col "worker-$h" 1 | xargs)"
  done
}

batch() {
  local inputs=()
  for i in $(seq "$BATCH"); do clip "$CLIP-batch-$i.mp4" 1280x720 "$BATCH_SECONDS"; inputs+=("$CLIP-batch-$i.mp4"); done
  "${WORKER[@]}" apply -i "$CLIP-batch-1.mp4" -o probe-batch.mp4 --watermark wm.png --log "$WORK/probe-run.log" --overwrite >/dev/null 2>&1
  mkdir -p batch-out
  : > bare-batch.sh
  for f in "${inputs[@]}"; do
    local cmd; cmd=$(worker_command "$f" "batch-out/bare-${f%.mp4}.mp4")
    echo "${cmd//$CLIP-batch-1.mp4/$f}" >> bare-batch.sh
  done
  log "## batch: $BATCH $CLIP clips of 720p $BATCH_SECONDS s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -f "$WORK"/times-batch-*
  # The variants take turns in each round, so a slow spell of the machine does not land on one of them only.
  for _ in $(seq "$BATCH_RUNS"); do
    timed batch-bare-1 bash bare-batch.sh
    timed batch-bare-2 bash -c "xargs -P 2 -d '\\n' -I{} bash -c {} < bare-batch.sh"
    for n in 1 2; do
      timed "batch-engine-$n" "${WORKER[@]}" batch --output-dir batch-out --watermark wm.png --max-parallel "$n" "${inputs[@]}"
    done
  done
  log "$(printf '%-32s %9s %9s  %s' variant median_s cpu_s 'all runs (s)')"
  local label name
  for label in bare-1 bare-2 engine-1 engine-2; do
    case "$label" in
      bare-1) name="bare, one after another" ;;
      bare-2) name="bare, two at a time" ;;
      engine-*) name="engine, MaxParallelEncodes=${label#engine-}" ;;
    esac
    log "$(printf '%-32s %9s %9s  %s' "$name" "$(col "batch-$label" 1 | median)" "$(col "batch-$label" 3 | median)" "$(col "batch-$label" 1 | xargs)")"
  done
}

startup() {
  log "## startup: $CLIP 720p clips of $STARTUP_SECONDS s, STARTUP_RUNS=$STARTUP_RUNS, medians, load $(cut -d' ' -f1-3 /proc/loadavg)"
  local kinds=(bare worker)
  [ -n "${BASELINE:-}" ] && kinds+=(baseline)
  for s in $STARTUP_SECONDS; do
    local in="$CLIP-in720-${s}s.mp4"
    clip "$in" 1280x720 "$s"
    "${WORKER[@]}" apply -i "$in" -o startup-probe.mp4 --watermark wm.png --log "$WORK/probe-run.log" --overwrite >/dev/null 2>&1
    local bare; bare=$(worker_command "$in" startup-bare.mp4)
    log "bare command (${s} s): $bare"
    # Run as an argument list, not through bash -c: a shell's start would count against the bare command.
    local -a bare_argv; eval "bare_argv=($bare)"
    rm -f "$WORK"/times-startup-*-"$s"
    # The variants take turns in each round, so a slow spell of the machine does not land on one of them only.
    for _ in $(seq "$STARTUP_RUNS"); do
      timed "startup-bare-$s" "${bare_argv[@]}"
      timed "startup-worker-$s" "${WORKER[@]}" apply -i "$in" -o startup-worker.mp4 --watermark wm.png --overwrite
      if [ -n "${BASELINE:-}" ]; then
        timed "startup-baseline-$s" "${BASE[@]}" apply -i "$in" -o startup-baseline.mp4 --watermark wm.png --overwrite
      fi
    done
    log "$(printf '%-5s %-9s %8s %8s  %-40s %s' "${s}s" run wall_s cpu_s 'all runs, wall (ms)' 'all runs, cpu (ms)')"
    for kind in "${kinds[@]}"; do
      log "$(printf '%-5s %-9s %8.3f %8.3f  %-40s %s' "${s}s" "$kind" "$(col "startup-$kind-$s" 1 | median)" "$(col "startup-$kind-$s" 3 | median)" \
        "$(col "startup-$kind-$s" 1 | ms)" "$(col "startup-$kind-$s" 3 | ms)")"
    done
    local bw bc
    bw=$(col "startup-bare-$s" 1 | median); bc=$(col "startup-bare-$s" 3 | median)
    for kind in "${kinds[@]:1}"; do
      log "${s}s: $kind/bare: wall $(awk -v a="$(col "startup-$kind-$s" 1 | median)" -v b="$bw" 'BEGIN { printf "%.3f", a / b }')" \
        "cpu $(awk -v a="$(col "startup-$kind-$s" 3 | median)" -v b="$bc" 'BEGIN { printf "%.3f", a / b }')" \
        "(output $(cmp -s "startup-$kind.mp4" startup-bare.mp4 && echo 'byte-identical to' || echo 'differs from') bare's)"
    done
  done
}

log "# engine-bench $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3), load $(cut -d' ' -f1-3 /proc/loadavg)"
for stage in "${STAGES[@]}"; do "$stage"; done
log "# done $(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
