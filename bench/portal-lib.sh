# shellcheck shell=bash disable=SC2034 # the variables set here are read by the scripts that source this file
# Shared by the load benchmarks: builds the portal (Release) and the LoadBench client, starts and stops the portal.
# Sourced, not run. Needs ROOT and WORK set.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# require_tools TOOL…: stops with a message naming the first one missing.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
  done
}

build_all() {
  echo "==> building the portal and the LoadBench client (Release)"
  dotnet build "$ROOT/src/VideoWatermark.Portal" -c Release -nologo -v quiet >/dev/null
  dotnet build "$ROOT/bench/LoadBench" -c Release -nologo -v quiet -o "$WORK/loadbench" >/dev/null
  PORTAL_DIR="$ROOT/src/VideoWatermark.Portal/bin/Release/net10.0"
  LOADBENCH=(dotnet "$WORK/loadbench/LoadBench.dll")
}

# start_portal DATA_DIR [NAME=VALUE …]: starts the built portal (embedded store, local workers) on 127.0.0.1 with a
# port the system picks; sets PORTAL_PID, PORTAL_URL, STARTUP_S (process start to /health answering) and STARTUP_CPU_S
# (the CPU time the portal used until then, which a busy machine does not inflate the way it does wall time).
start_portal() {
  local data="$1"; shift
  local log="$WORK/portal.log"
  local start; start=$(date +%s.%N)
  (cd "$PORTAL_DIR" && exec env VideoWatermark__DataDir="$data" ASPNETCORE_URLS=http://127.0.0.1:0 "$@" \
    dotnet VideoWatermark.Portal.dll >"$log" 2>&1) &
  PORTAL_PID=$!
  PORTAL_URL=""
  for _ in $(seq 1200); do
    kill -0 "$PORTAL_PID" 2>/dev/null || { cat "$log" >&2; echo "error: the portal exited" >&2; exit 1; }
    PORTAL_URL=$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -1)
    if [ -n "$PORTAL_URL" ] && curl -sf "$PORTAL_URL/health" >/dev/null; then break; fi
    sleep 0.05
  done
  [ -n "$PORTAL_URL" ] || { echo "error: the portal did not start in 60 s" >&2; exit 1; }
  STARTUP_S=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  STARTUP_CPU_S=$(cpu_seconds "$PORTAL_PID")
}

# cpu_seconds PID: user + system CPU time of a process so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}

stop_portal() {
  if [ -n "${PORTAL_PID:-}" ] && kill -0 "$PORTAL_PID" 2>/dev/null; then
    kill -TERM "$PORTAL_PID"
    wait "$PORTAL_PID" 2>/dev/null || true
  fi
  PORTAL_PID=""
}

# make_clip PATH: the uploads' real 1-second MP4 (320x240 testsrc2 + a sine), made once and kept in WORK.
make_clip() {
  [ -s "$1" ] || ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=30:duration=1" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=1" -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac \
    -movflags +faststart "$1"
}
