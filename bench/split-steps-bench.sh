#!/usr/bin/env bash
# The cut and the join of a split job, two worker builds side by side: on a machine others share, a whole fleet run is
# too noisy to tell a step's change, so each step runs for build A, then for build B, round after round, on the same
# files, and the medians of every round are compared (wall, and CPU = user + system).
#
#   WORKER_A=old/VideoWatermark.Worker.dll WORKER_B=new/VideoWatermark.Worker.dll BENCH_DIR=<a fleet run's folder> \
#     bench/split-steps-bench.sh
#
#   BENCH_DIR: a folder bench/split-fleet-bench.sh has run in: its source clip (in-*.mp4), and the plan (plan.json)
#   and segment files (seg-NNN.mp4) of its last N. WORKER_A, WORKER_B: the two builds' worker DLLs (dotnet publish
#   of src/VideoWatermark.Worker at each commit). ROUNDS (default 5). Results are appended to steps.txt there.
set -euo pipefail
: "${WORKER_A:?the worker DLL of the first build}" "${WORKER_B:?the worker DLL of the second build}"
cd "${BENCH_DIR:?a folder bench/split-fleet-bench.sh has run in}"
ROUNDS="${ROUNDS:-5}"
CLIPS=(in-*.mp4)
IN=${CLIPS[0]}
SEGMENTS=(seg-[0-9][0-9][0-9].mp4)
COUNT=$(jq '.segments | length' plan.json)
[ "${#SEGMENTS[@]}" = "$COUNT" ] || { echo "error: plan.json has $COUNT segments, ${#SEGMENTS[@]} files are here" >&2; exit 1; }
SECONDS_EACH=$(jq '[.segments[].duration] | add / length' plan.json)
RAW=$(mktemp)
trap 'rm -f "$RAW" steps-plan-*.json steps-joined-*.mp4 steps-joined-*.mp4.log' EXIT

for ((r = 1; r <= ROUNDS; r++)); do
  for build in A B; do
    dll=WORKER_$build
    /usr/bin/time -a -o "$RAW" -f "$build plan %e %U %S" dotnet "${!dll}" segments plan -i "$IN" --segment-seconds "$SECONDS_EACH" --plan "steps-plan-$build.json" >/dev/null
    /usr/bin/time -a -o "$RAW" -f "$build join %e %U %S" dotnet "${!dll}" segments join -i "$IN" --plan plan.json -o "steps-joined-$build.mp4" "${SEGMENTS[@]}" >/dev/null
  done
  cmp -s steps-plan-A.json steps-plan-B.json || echo "note: round $r: the two builds' plans differ" >&2
done

{
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC: $IN, $COUNT segments, $ROUNDS rounds, A=$WORKER_A B=$WORKER_B, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for step in plan join; do
    for build in A B; do
      awk -v b="$build" -v s="$step" '$1 == b && $2 == s { w[++n] = $3; c[n] = $4 + $5 }
        function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
          return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { wl = ""; cl = ""; for (i = 1; i <= n; i++) { wl = wl " " w[i]; cl = cl " " c[i] }
          printf "%-4s %s  wall median %6.2f s (%s )  CPU median %6.2f s (%s )\n", s, b, median(w, n), wl, median(c, n), cl }' "$RAW"
    done
  done
} | tee -a steps.txt
