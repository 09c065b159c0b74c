#!/usr/bin/env bash
# The jobs dashboard with 10,000 jobs in the store, measured in headless chromium (/usr/bin/chromium).
#
#   bench/dashboard-load.sh
#
# Writes JOBS (default 10000) finished job records (85 % succeeded, 10 % failed, 5 % cancelled, over 90 days) into a
# data folder through JobStore and the embedded store, then, STARTS times (default 3) on a fresh copy of it:
#   - starts the built portal and times process start -> /health answering, and -> the API listing the oldest job
#     (the job index has loaded every record);
# and on the last start runs the LoadBench client (RUNS, default 7, plus one warm-up):
#   - first render: navigation start -> first job rows in the page, and -> the rows rendered by the live circuit;
#   - a change reaching the open dashboard: POST /api/videos -> the new row; POST /api/jobs/{id}/cancel -> its chip
#     shows Cancelled.
# Work files go to BENCH_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/videowatermark-load}"
JOBS="${JOBS:-10000}"
STARTS="${STARTS:-3}"
RUNS="${RUNS:-7}"
mkdir -p "$WORK"
# shellcheck source=bench/portal-lib.sh
. "$ROOT/bench/portal-lib.sh"
require_tools curl jq dotnet /usr/bin/chromium
trap stop_portal EXIT

build_all
SEEDED="$WORK/jobs-$JOBS"
if [ ! -s "$SEEDED.oldest" ]; then
  echo "==> writing $JOBS job records"
  rm -rf "$SEEDED"
  "${LOADBENCH[@]}" seed-jobs --data "$SEEDED" --count "$JOBS" > "$SEEDED.oldest.tmp"
  mv "$SEEDED.oldest.tmp" "$SEEDED.oldest"
fi
OLDEST=$(cat "$SEEDED.oldest")

echo "# dashboard-load $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $JOBS jobs, load $(cut -d' ' -f1-3 /proc/loadavg)"
health=() loaded=() health_cpu=() loaded_cpu=()
for start in $(seq "$STARTS"); do
  data="$WORK/data-dashboard"
  rm -rf "$data"
  cp -a "$SEEDED" "$data"
  t0=$(date +%s.%N)
  start_portal "$data" "VideoWatermark__Pipeline__WorkDir=$WORK/work-dashboard"
  until [ "$(curl -sf "$PORTAL_URL/api/jobs?search=$OLDEST&limit=1" | jq length)" = 1 ]; do sleep 0.05; done
  index_s=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  index_cpu=$(cpu_seconds "$PORTAL_PID")
  echo "start $start: /health answers after $STARTUP_S s ($STARTUP_CPU_S s CPU), all $JOBS jobs listed after $index_s s ($index_cpu s CPU)"
  health+=("$STARTUP_S") loaded+=("$index_s") health_cpu+=("$STARTUP_CPU_S") loaded_cpu+=("$index_cpu")
  [ "$start" -lt "$STARTS" ] && stop_portal
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "startup with $JOBS jobs, median of $STARTS: /health $(median "${health[@]}") s ($(median "${health_cpu[@]}") s CPU), index loaded $(median "${loaded[@]}") s ($(median "${loaded_cpu[@]}") s CPU)"
"${LOADBENCH[@]}" dashboard --portal "$PORTAL_URL" --runs "$RUNS"
echo "# done $(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
