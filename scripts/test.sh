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

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test VideoWatermark.sln --configuration Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host broke before any result was written: that is a failure, not a pass.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
