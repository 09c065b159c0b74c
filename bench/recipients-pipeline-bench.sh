#!/usr/bin/env bash
# A recipient batch through the pipeline (the built portal, the embedded store, the local worker pool), encoded once
# against every copy a full encode (VideoWatermark:Pipeline:EncodeOnce=false), side by side.
#
#   bench/recipients-pipeline-bench.sh                         # 2 minutes of 720p, 4 copies, 2 rounds
#   CLIP_SECONDS=600 COPIES=10 ROUNDS=1 bench/recipients-pipeline-bench.sh
#
#   SIZE (1280x720), CLIP_SECONDS (120) at 30 fps, a keyframe every 2 s, with a sine track. The template of
#   recipients-bench.sh: a shared text always on and the recipient's name and e-mail shown SHOW_SECONDS (5) every
#   EVERY_SECONDS (60) with half-second fades. COPIES (4) recipients through POST /api/videos.
#   Per round (ROUNDS, default 2), alternating smart then full: a fresh data folder, the portal started with
#   EncodeOnce true or false, the template and the batch announced, then timed from the upload's PUT to the batch
#   finished (GET /api/batches/{id} polled every 0.5 s): wall, and CPU as the portal's user + system time with its
#   reaped children (every ffmpeg and ffprobe it ran). Each copy's log (GET /api/jobs/{id}/log) gives its path: the
#   smart run's shared pieces, personal pieces and joins are summed from it.
#   Reported: per round and as medians, both totals and their ratio.
# Work files go to BENCH_DIR (default: a folder under the system temp dir); results are appended to results.txt there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${SIZE:-1280x720}"
CLIP="${CLIP_SECONDS:-120}"
COPIES="${COPIES:-4}"
SHOW="${SHOW_SECONDS:-5}"
EVERY="${EVERY_SECONDS:-60}"
ROUNDS="${ROUNDS:-2}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-recipients-pipeline-bench}"
mkdir -p "$WORK"
cd "$WORK"
# shellcheck source=bench/portal-lib.sh
. "$ROOT/bench/portal-lib.sh"
require_tools curl jq ffmpeg ffprobe awk dotnet
trap stop_portal EXIT
log() { echo "$*" | tee -a results.txt; }

IN="in-${SIZE#*x}p-${CLIP}s.mp4"
if [ ! -s "$IN" ]; then
  echo "==> generating $IN"
  ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=$SIZE:rate=30:duration=$CLIP" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$CLIP" \
    -c:v libx264 -preset veryfast -crf 16 -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k "$IN"
fi
echo "==> building the portal (Release)"
dotnet build "$ROOT/src/VideoWatermark.Portal" -c Release -nologo -v quiet >/dev/null
export PORTAL_DIR="$ROOT/src/VideoWatermark.Portal/bin/Release/net10.0"

cat >template.json <<JSON
{ "name": "screener", "layers": [
  { "type": "text", "text": "SCREENER · {date}", "position": "bottom-left", "margin": 0.03, "size": 0.04, "opacity": 0.6 },
  { "type": "text", "text": "For {recipient} · {email}", "position": "center", "size": 0.06, "outline": true, "opacity": 0.85,
    "fadeIn": 0.5, "fadeOut": 0.5, "repeat": { "every": $EVERY, "for": $SHOW } } ] }
JSON
NAMES=(Ana Bruno Chidi Dana Emil Fatima Goran Hana Ivan Julia Kenji Lena Marco Nadia Omar Pia)
ROWS=$(for ((i = 0; i < COPIES; i++)); do
  name="${NAMES[i % ${#NAMES[@]}]} $((i + 1))"
  jq -nc --arg r "$name" --arg e "$(echo "${name// /.}" | tr '[:upper:]' '[:lower:]')@example.com" '{recipient: $r, email: $e}'
done | jq -sc .)

# cpu_all PID: user + system CPU of the process and of its children it has waited for.
cpu_all() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sum_seconds() { grep -o "$1 [0-9.]* s" "$2" | awk '{ s += $(NF - 1) } END { printf "%.2f", s }'; }

# run VARIANT ENCODE_ONCE: one batch through a fresh portal; sets WALL, CPU and NOTE.
run() {
  local variant="$1" once="$2" data="$WORK/data-$1"
  rm -rf "$data"
  # start_portal reads its log from the first instant; an empty one is there before the portal opens it.
  : >"$WORK/portal.log"
  start_portal "$data" VideoWatermark__Pipeline__EncodeOnce="$once"
  curl -sf -H 'Content-Type: application/json' --data-binary @template.json "$PORTAL_URL/api/templates" >/dev/null
  local ticket
  ticket=$(jq -nc --argjson rows "$ROWS" --arg name "$IN" --argjson size "$(stat -c %s "$IN")" \
    '{fileName: $name, contentType: "video/mp4", size: $size, template: "screener", recipients: $rows}' \
    | curl -sf -H 'Content-Type: application/json' --data-binary @- "$PORTAL_URL/api/videos")
  local batch headers=()
  batch=$(jq -r .batchId <<<"$ticket")
  while IFS= read -r h; do headers+=(-H "$h"); done < <(jq -r '.headers | to_entries[] | "\(.key): \(.value)"' <<<"$ticket")
  local cpu0 t0 t1
  cpu0=$(cpu_all "$PORTAL_PID")
  t0=$(date +%s.%N)
  curl -sf -X "$(jq -r .method <<<"$ticket")" "${headers[@]}" --data-binary @"$IN" "$(jq -r .uploadUrl <<<"$ticket")" >/dev/null
  until curl -sf "$PORTAL_URL/api/batches/$batch" | jq -e .finished >/dev/null; do sleep 0.5; done
  t1=$(date +%s.%N)
  CPU=$(awk -v a="$cpu0" -v b="$(cpu_all "$PORTAL_PID")" 'BEGIN { printf "%.2f", b - a }')
  WALL=$(awk -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", e - s }')
  local view ok
  view=$(curl -sf "$PORTAL_URL/api/batches/$batch")
  ok=$(jq .done <<<"$view")
  [ "$ok" = "$COPIES" ] || { echo "error: $variant: $ok of $COPIES copies succeeded: $view" >&2; exit 1; }
  : >"logs-$variant.txt"
  for job in $(jq -r '.rows[].jobId' <<<"$view"); do curl -sf "$PORTAL_URL/api/jobs/$job/log" >>"logs-$variant.txt"; done
  NOTE=""
  if [ "$variant" = smart ]; then
    [ "$(grep -c 'copy: joined' "logs-$variant.txt")" = "$COPIES" ] || { echo "error: not every copy was encoded once" >&2; exit 1; }
    NOTE="shared pieces $(grep -c 'encoded shared piece' "logs-$variant.txt") encoded in $(sum_seconds 'for the batch in' "logs-$variant.txt") s, personal pieces $(sum_seconds 'personal pieces encoded in' "logs-$variant.txt") s, joins $(sum_seconds 'by stream copy in' "logs-$variant.txt") s (summed over the copies)"
  else
    [ "$(grep -c 'copy: full encode: encode once is off' "logs-$variant.txt")" = "$COPIES" ] || { echo "error: not every copy was a full encode" >&2; exit 1; }
  fi
  stop_portal
}

log "## $(date -u '+%Y-%m-%d %H:%M') UTC: pipeline, ${SIZE#*x}p ${CLIP} s, $COPIES copies, name ${SHOW} s every ${EVERY} s, $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg)"
log "$(printf '%5s %12s %11s %12s %11s %8s %7s' round smart_wall_s smart_cpu_s full_wall_s full_cpu_s wall_x cpu_x)"
SW=() SC=() FW=() FC=()
for ((r = 1; r <= ROUNDS; r++)); do
  run smart true
  SW+=("$WALL") SC+=("$CPU")
  smart_note="$NOTE"
  run full false
  FW+=("$WALL") FC+=("$CPU")
  log "$(printf '%5s %12s %11s %12s %11s %8s %7s' "$r" "${SW[-1]}" "${SC[-1]}" "${FW[-1]}" "${FC[-1]}" \
    "$(awk -v a="${SW[-1]}" -v b="${FW[-1]}" 'BEGIN { printf "%.3f", a / b }')" "$(awk -v a="${SC[-1]}" -v b="${FC[-1]}" 'BEGIN { printf "%.3f", a / b }')")"
  log "      smart: $smart_note"
done
msw=$(printf '%s\n' "${SW[@]}" | median) msc=$(printf '%s\n' "${SC[@]}" | median)
mfw=$(printf '%s\n' "${FW[@]}" | median) mfc=$(printf '%s\n' "${FC[@]}" | median)
log "medians of $ROUNDS round(s): smart ${msw} s wall, ${msc} s CPU; full ${mfw} s wall, ${mfc} s CPU: wall $(awk -v a="$msw" -v b="$mfw" 'BEGIN { printf "%.3f", a / b }')x, CPU $(awk -v a="$msc" -v b="$mfc" 'BEGIN { printf "%.3f", a / b }')x; load after $(cut -d' ' -f1-3 /proc/loadavg)"
