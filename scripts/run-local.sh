#!/usr/bin/env bash
# Runs the whole product locally from a fresh clone: Azurite (pinned npm package, data in .azurite/),
# the Gamity + casino sandbox on :5100 and the app (Gamity.Standalone) on :7071, timers firing at start.
# Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

SANDBOX_URL=${SANDBOX_URL:-http://127.0.0.1:5100}
APP_URL=${APP_URL:-http://127.0.0.1:7071}

if [ ! -f node_modules/azurite/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (pinned Azurite)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> building"
dotnet build src/Gamity.Standalone -c Debug -nologo -v:q
dotnet build src/Gamity.Sandbox -c Debug -nologo -v:q

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "==> stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Azurite closes its servers on a signal but its node process can linger: give everyone 5 s, then force it.
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

wait_for_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing is listening on 127.0.0.1:$1 — see the output above" >&2
  return 1
}

for port in 10000 10001 10002; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (another Azurite?). Stop it first: UseDevelopmentStorage=true needs 10000-10002." >&2
    exit 1
  fi
done

echo "==> Azurite (data in .azurite/)"
mkdir -p .azurite
node node_modules/azurite/dist/src/azurite.js --location .azurite --silent --skipApiVersionCheck --loose --disableTelemetry \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
pids+=($!)
wait_for_port 10000; wait_for_port 10001; wait_for_port 10002

echo "==> Gamity sandbox on $SANDBOX_URL"
dotnet src/Gamity.Sandbox/bin/Debug/net10.0/Gamity.Sandbox.dll --urls "$SANDBOX_URL" &
pids+=($!)
wait_for_port "${SANDBOX_URL##*:}"

echo "==> Gamity.Standalone on $APP_URL"
AzureWebJobsStorage="UseDevelopmentStorage=true" \
Gamity__BaseUrl="$SANDBOX_URL" Gamity__IntegrationId="local-casino" Gamity__ApiKey="sandbox-key" \
Catalog__Source="Http" Catalog__BaseUrl="$SANDBOX_URL" \
Standalone__RunTimersOnStartup="true" Admin__ApiKey="local-admin-key" Rounds__ApiKeys__0="local-rounds-key" \
Wallet__BaseUrl="$SANDBOX_URL/wallet" Wallet__ApiKey="wallet-key" \
Inbound__ApiKeys__0="local-gamity-inbound-key" Inbound__AllowedIpRanges__0="127.0.0.1/32" \
PlayerTokens__SigningKey="bG9jYWwtb25seS1wbGF5ZXItdG9rZW4ta2V5LTAwMDE=" PlayerTokens__CallerApiKeys__0="local-player-token-caller" \
Widget__AllowedOrigins__0="*" \
  dotnet src/Gamity.Standalone/bin/Debug/net10.0/Gamity.Standalone.dll --urls "$APP_URL" &
pids+=($!)

echo "==> running. Health: $APP_URL/api/health · sandbox state: $SANDBOX_URL/sandbox/gamity/games · Ctrl+C stops all."
wait -n "${pids[@]}"
