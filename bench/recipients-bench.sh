#!/usr/bin/env bash
# Personal copies for recipients, encoded once where the picture is the same, against a full encode per copy.
#
#   bench/recipients-bench.sh                                  # the issue's run: 10 copies of 10 minutes of 720p
#   CLIP_SECONDS=120 EVERY_SECONDS=30 FULL=3 bench/recipients-bench.sh   # a shorter run for a busy machine
#
#   SIZE (default 1280x720), CLIP_SECONDS (default 600) at 30 fps, a keyframe every 2 s, with a sine track (the clip
#   of split-fleet-bench.sh). The template: a shared text always on (bottom-left) and the recipient's name and e-mail
#   in the middle, shown SHOW_SECONDS (5) every EVERY_SECONDS (60) with half-second fades. COPIES (10) recipients.
#   Per round (ROUNDS, default 1), each worker process under /usr/bin/time (wall; CPU = user + system), alternating:
#     full    FULL (default COPIES) runs of apply --template … --var …, one after another; their wall and CPU are
#             scaled to COPIES when FULL < COPIES (said in the output)
#     smart   one run of recipients --json: the plan, the base, every copy's personal pieces and join (the engine's
#             two encodes at a time), reported with the base's time and each copy's
#   Reported: medians over the rounds of both totals and their ratio (target <= 0.3 for wall and CPU), the base's
#   time, the median copy's own time (its pieces' encodes and its join, as the JSON line gives it, not counting its
#   wait for an encode slot) and each copy's share of the run after the base ((smart wall - base) / COPIES). The last round's copies are checked: the source's frame count and audio bit for bit,
#   no ffprobe warning (and, for the first copy, none in a full decode), SSIM against the full encode of the same
#   recipient (the first FULL), and, with PLAY=1 (default), played in headless chromium (bench/LoadBench play) from a
#   second inside a name window and from across a join.
# Work files go to BENCH_DIR (default: a folder under the system temp dir); results are appended to results.txt there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${SIZE:-1280x720}"
CLIP="${CLIP_SECONDS:-600}"
COPIES="${COPIES:-10}"
FULL="${FULL:-$COPIES}"
GRID="${GRID_SECONDS:-2}"
SHOW="${SHOW_SECONDS:-5}"
EVERY="${EVERY_SECONDS:-60}"
ROUNDS="${ROUNDS:-1}"
PLAY="${PLAY:-1}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-recipients-bench}"

EXTRA_TOOLS="awk sort"
# shellcheck source=bench/worker-lib.sh
. "$ROOT/bench/worker-lib.sh"
make_clip "$CLIP"
if [ "$PLAY" = 1 ]; then
  echo "==> building the LoadBench client (chromium playback check)"
  dotnet build "$ROOT/bench/LoadBench" -c Release -nologo -v quiet -o "$WORK/loadbench" >/dev/null
fi

# timed NAME ARGS…: one worker process under /usr/bin/time; sets WALL and CPU (seconds).
timed() {
  local name="$1"; shift
  /usr/bin/time -v -o "time-$name.txt" "${WORKER[@]}" "$@" >"out-$name.txt" 2>"err-$name.txt" \
    || { echo "error: $name failed:" >&2; cat "err-$name.txt" >&2; exit 1; }
  WALL=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "time-$name.txt" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  CPU=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "time-$name.txt" | awk '{ s += $1 } END { print s }')
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }

cat >template.json <<JSON
{ "name": "screener", "layers": [
  { "type": "text", "text": "SCREENER · {date}", "position": "bottom-left", "margin": 0.03, "size": 0.04, "opacity": 0.6 },
  { "type": "text", "text": "For {recipient} · {email}", "position": "center", "size": 0.06, "outline": true, "opacity": 0.85,
    "fadeIn": 0.5, "fadeOut": 0.5, "repeat": { "every": $EVERY, "for": $SHOW } } ] }
JSON
NAMES=(Ana Bruno Chidi Dana Emil Fatima Goran Hana Ivan Julia Kenji Lena Marco Nadia Omar Pia)
{
  printf '['
  for ((i = 0; i < COPIES; i++)); do
    name="${NAMES[i % ${#NAMES[@]}]} $((i + 1))"
    printf '%s{"recipient": "%s", "email": "%s@example.com"}' "$([ "$i" -gt 0 ] && echo ,)" "$name" "$(echo "${name// /.}" | tr '[:upper:]' '[:lower:]')"
  done
  printf ']\n'
} >rows.json
recipient() { jq -r ".[$1].recipient" rows.json; }
email() { jq -r ".[$1].email" rows.json; }

SCALE=$(awk -v c="$COPIES" -v f="$FULL" 'BEGIN { print c / f }')
log "## $(date -u '+%Y-%m-%d %H:%M') UTC: ${SIZE#*x}p ${CLIP} s, $FRAMES frames, $COPIES copies, name ${SHOW} s every ${EVERY} s, grid ${GRID} s, $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$FULL" = "$COPIES" ] || log "full encodes: $FULL measured per round, their wall and CPU scaled by $SCALE to $COPIES copies"
log "$(printf '%5s %12s %11s %12s %11s %8s %7s %9s %11s %11s' round full_wall_s full_cpu_s smart_wall_s smart_cpu_s wall_x cpu_x base_s copy_med_s copy_share)"

FW=() FC=() SW=() SC=() BASES=() PER=() SHARES=()
for ((r = 1; r <= ROUNDS; r++)); do
  rm -rf smart full-*.mp4
  # Alternating which goes first, so a drift of the machine's speed does not favour one.
  for side in $([ $((r % 2)) = 1 ] && echo "full smart" || echo "smart full"); do
    if [ "$side" = full ]; then
      FULL_WALL=0 FULL_CPU=0
      for ((i = 0; i < FULL; i++)); do
        timed "full-$r-$i" apply -i "$IN" -o "full-$i.mp4" --overwrite --json --template template.json \
          --var "recipient=$(recipient "$i")" --var "email=$(email "$i")"
        FULL_WALL=$(add "$FULL_WALL" "$WALL")
        FULL_CPU=$(add "$FULL_CPU" "$CPU")
      done
      FULL_WALL=$(awk -v w="$FULL_WALL" -v s="$SCALE" 'BEGIN { print w * s }')
      FULL_CPU=$(awk -v c="$FULL_CPU" -v s="$SCALE" 'BEGIN { print c * s }')
    else
      timed "smart-$r" recipients "$IN" --template template.json --recipients rows.json --out smart --grid-seconds "$GRID" --overwrite --json
      SMART_WALL=$WALL SMART_CPU=$CPU
      jq -e .smart "out-smart-$r.txt" >/dev/null || { echo "error: the plan made full encodes: $(jq -r .reason "out-smart-$r.txt")" >&2; exit 1; }
      BASE=$(jq -r .baseSeconds "out-smart-$r.txt")
      COPY_MED=$(jq -r '.copies[].seconds' "out-smart-$r.txt" | median)
    fi
  done
  SHARE=$(awk -v w="$SMART_WALL" -v b="$BASE" -v c="$COPIES" 'BEGIN { print (w - b) / c }')
  FW+=("$FULL_WALL") FC+=("$FULL_CPU") SW+=("$SMART_WALL") SC+=("$SMART_CPU") BASES+=("$BASE") PER+=("$COPY_MED") SHARES+=("$SHARE")
  log "$(awk -v r="$r" -v fw="$FULL_WALL" -v fc="$FULL_CPU" -v sw="$SMART_WALL" -v sc="$SMART_CPU" -v b="$BASE" -v p="$COPY_MED" -v sh="$SHARE" \
    'BEGIN { printf "%5d %12.2f %11.2f %12.2f %11.2f %8.3f %7.3f %9.2f %11.2f %11.2f", r, fw, fc, sw, sc, sw / fw, sc / fc, b, p, sh }')"
done
log "plan: $(jq -r '"\(.reason); \(.pieces) pieces, personal share \(.personalShare)"' "out-smart-$ROUNDS.txt")"

# The last round's copies, as a viewer gets them.
SSIMS=()
for ((i = 0; i < COPIES; i++)); do
  OUT=$(jq -r ".copies[$i].output" "out-smart-$ROUNDS.txt")
  OUT_FRAMES=$(ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 "$OUT")
  [ "$OUT_FRAMES" = "$FRAMES" ] || { echo "error: copy $((i + 1)) has $OUT_FRAMES frames, the source $FRAMES" >&2; exit 1; }
  [ "$(ffmpeg -v error -i "$OUT" -map 0:a -c copy -f md5 -)" = "$AUDIO" ] || { echo "error: copy $((i + 1)): the audio differs from the source's" >&2; exit 1; }
  WARN=$(ffprobe -v warning -show_format -show_streams "$OUT" 2>&1 >/dev/null)
  [ -z "$WARN" ] || { echo "error: copy $((i + 1)): ffprobe warns: $WARN" >&2; exit 1; }
  if ((i < FULL)); then SSIMS+=("$(ssim "$OUT" "full-$i.mp4")"); fi
done
FIRST=$(jq -r '.copies[0].output' "out-smart-$ROUNDS.txt")
DECODE_WARN=$(ffmpeg -hide_banner -nostdin -v warning -i "$FIRST" -map 0 -f null - 2>&1)
[ -z "$DECODE_WARN" ] || { echo "error: copy 1 decodes with warnings: $DECODE_WARN" >&2; exit 1; }
log "every copy: $FRAMES frames and the source's audio bit for bit, no ffprobe warning (copy 1 decoded whole without one); SSIM against the full encode of the same recipient: ${SSIMS[*]}"
if [ "$PLAY" = 1 ]; then
  # From inside the first name window, and from a second before the first join after a window.
  JOIN=$(awk -v g="$GRID" -v s="$SHOW" 'BEGIN { print g * int((s + g - 0.000001) / g) }')
  dotnet "$WORK/loadbench/LoadBench.dll" play --files "$(jq -r '[.copies[].output] | join(",")' "out-smart-$ROUNDS.txt")" \
    --at "1,$(awk -v j="$JOIN" 'BEGIN { print j - 0.5 }'),$(awk -v e="$EVERY" 'BEGIN { print e - 0.5 }')" | tee -a "$WORK/results.txt"
fi

FWM=$(printf '%s\n' "${FW[@]}" | median) FCM=$(printf '%s\n' "${FC[@]}" | median)
SWM=$(printf '%s\n' "${SW[@]}" | median) SCM=$(printf '%s\n' "${SC[@]}" | median)
log "$(awk -v n="$ROUNDS" -v fw="$FWM" -v fc="$FCM" -v sw="$SWM" -v sc="$SCM" -v b="$(printf '%s\n' "${BASES[@]}" | median)" -v p="$(printf '%s\n' "${PER[@]}" | median)" -v sh="$(printf '%s\n' "${SHARES[@]}" | median)" -v c="$COPIES" \
  'BEGIN { printf "medians of %d round(s): %d full encodes %.2f s wall, %.2f s CPU; smart %.2f s wall, %.2f s CPU: wall %.3fx, CPU %.3fx (target <= 0.3); base %.2f s, a copy %.2f s of its own, %.2f s of the run after the base", n, c, fw, fc, sw, sc, sw / fw, sc / fc, b, p, sh }')"
log "load after $(cut -d' ' -f1-3 /proc/loadavg)"
