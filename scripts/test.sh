#!/usr/bin/env bash
# Runs every test from a fresh clone: installs the pinned Azurite (npm ci), builds, runs all test projects.
# The tests start Azurite themselves (tests/Gamity.Functions.Tests/Infrastructure/Azurite.cs).
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ ! -f node_modules/azurite/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (pinned Azurite)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

echo "==> dotnet build"
if ! dotnet build Gamity.Functions.sln -c Release -nologo -v:q; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "==> dotnet test"
log=$(mktemp)
dotnet test --solution Gamity.Functions.sln -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints "total/failed/succeeded/skipped" per run; add them all up.
read -r succeeded failed skipped < <(awk '
  /^[[:space:]]*succeeded:/ { s += $2 }
  /^[[:space:]]*failed:/    { f += $2 }
  /^[[:space:]]*skipped:/   { k += $2 }
  END { print s+0, f+0, k+0 }' "$log")
# Repeat each failed test's name and message just before the summary, so the end of the output says what failed.
if [ "$failed" -gt 0 ]; then
  echo "==> failed tests"
  awk '/^[[:space:]]*failed [^:]/ { n = 25 } n > 0 { print; n-- }' "$log"
fi
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run failed without a failing test (crash, timeout): never report green
fi
if [ "$skipped" -gt 0 ]; then
  echo "$succeeded passed, $failed failed, $skipped skipped"
else
  echo "$succeeded passed, $failed failed"
fi
exit "$status"
