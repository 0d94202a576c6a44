#!/usr/bin/env bash
# Builds the Function App's deployment package: `dotnet publish src/Gamity.Functions` (what the Functions host
# loads: host.json, functions.metadata, worker.config.json, extensions.json, .azurefunctions/ and the worker),
# zipped for zip deploy / Flex Consumption.
#
#   artifacts/publish/             the publish output
#   artifacts/gamity-functions.zip the same tree, zipped (by MSBuild's ZipDirectory: no zip tool needed)
#
# Environment: CONFIGURATION (default Release), ARTIFACTS (default <repo>/artifacts), NO_BUILD=1 (publish what is
# already built, as the tests do). Safe to run repeatedly.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${ARTIFACTS:-$repo_root/artifacts}"
configuration="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "$artifacts/publish" "$artifacts/gamity-functions.zip"
mkdir -p "$artifacts"
build=()
[ "${NO_BUILD:-}" = "1" ] && build=(--no-build)
dotnet publish "$repo_root/src/Gamity.Functions/Gamity.Functions.csproj" -c "$configuration" -o "$artifacts/publish" -nologo -v:q "${build[@]}" \
  -p:ZipPublishPath="$artifacts/gamity-functions.zip"
echo "publish.sh: package: $artifacts/gamity-functions.zip ($(du -h "$artifacts/gamity-functions.zip" | cut -f1))"
