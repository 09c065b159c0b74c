#!/usr/bin/env bash
# The product on one machine, no cloud: the portal with the embedded store and the local worker pool.
# Installs ffmpeg when it is missing, then serves http://127.0.0.1:5000 (override with --urls or ASPNETCORE_URLS).
# Data (uploads, outputs, job records) goes to VideoWatermark__DataDir, by default .data in the repository.
# './scripts/run.sh set-admin-password' sets the built-in admin's password, needed to listen beyond loopback.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/deps.sh
. scripts/lib/deps.sh

ensure_dotnet
ensure_ffmpeg

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5000}"
export VideoWatermark__DataDir="${VideoWatermark__DataDir:-$ROOT/.data}"

if [ "${1:-}" = set-admin-password ]; then
  # Only the hash goes to standard output, so HASH=$(./scripts/run.sh set-admin-password < file) works.
  dotnet build src/VideoWatermark.Portal -c Release -nologo -v quiet >&2
  exec dotnet run --project src/VideoWatermark.Portal -c Release --no-build --no-launch-profile -- "$@"
fi

echo "==> building the portal"
dotnet build src/VideoWatermark.Portal -c Release -nologo -v quiet
echo "==> VideoWatermark is starting at ${ASPNETCORE_URLS%%;*} (data in $VideoWatermark__DataDir); Ctrl+C stops it"
exec dotnet run --project src/VideoWatermark.Portal -c Release --no-build --no-launch-profile -- "$@"
