#!/usr/bin/env bash
# Runs every test of every project: installs ffmpeg, the node test servers and chromium first when missing,
# then prints one closing line "N passed, N failed, N skipped" summed over all test projects.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/deps.sh
. scripts/lib/deps.sh

ensure_dotnet
ensure_ffmpeg
ensure_node_packages "$ROOT/tests/node"
ensure_chromium
ensure_deploy_tools
ensure_aot_toolchain
ensure_s3_test_tools

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# How the load is shared (README, "How the tests run"): the solution is built once with every core; then the heavy
# assemblies (real encodes, the browser, publishes, child processes) run one at a time, while the light ones
# (pure logic, s3rver requests) run one after another beside them. Inside an assembly, xunit.runner.json bounds how
# many test classes run at once. A test that runs longer than the hang timeout is aborted and named, so a hang
# reads as a failure with its culprit (and a minidump of the test host) instead of a run that never ends.
light=(Architecture Core Dispatcher Storage)
hang_timeout=15m

status=0
dotnet build VideoWatermark.sln --configuration Release || status=$?

run_project() {
  local name="$1"
  shift
  dotnet test "tests/VideoWatermark.$name.Tests" --configuration Release --no-build \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type mini "$@"
}

if [ "$status" -eq 0 ]; then
  (
    light_status=0
    for name in "${light[@]}"; do
      run_project "$name" "$@" || light_status=$?
    done
    exit "$light_status"
  ) > "$results/light.log" 2>&1 &
  light_pid=$!

  for csproj in tests/*/VideoWatermark.*.Tests.csproj; do
    name=$(basename "$csproj" .csproj)
    name=${name#VideoWatermark.}
    name=${name%.Tests}
    if [[ " ${light[*]} " != *" $name "* ]]; then
      run_project "$name" "$@" || status=$?
    fi
  done

  wait "$light_pid" || status=$?
  cat "$results/light.log"
fi

# The failures' names and the head of their messages come last, next to the count, so a log cut to its tail still
# says what failed and why.
shopt -s nullglob
summary=()
[ "$status" -eq 0 ] || summary+=(--broken)
python3 scripts/lib/trx-summary.py "${summary[@]}" "$results"/*.trx || status=1
[ "$status" -eq 0 ]
