#!/usr/bin/env bash
# Builds the Azure Functions deployment package of the custom handler:
#
#   artifacts/publish/
#     host.json                 copied from the repo root
#     <Function>/function.json  every top-level folder that holds a function.json
#     handler/Gamity.Functions  dotnet publish src/Gamity.Functions, linux-x64, self-contained
#   artifacts/gamity-functions.zip   the same tree, zipped (execute bit kept)
#
# Usage: scripts/publish.sh [--framework-dependent] [--strict]
#   --framework-dependent  skip the self-contained attempt (the target must then provide .NET 10)
#   --strict               fail instead of warning when host.json or function folders are missing
# Environment: CONFIGURATION (default Release), RUNTIME_ID (default linux-x64).
# Safe to run repeatedly and from any directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo_root/src/Gamity.Functions/Gamity.Functions.csproj"
artifacts="$repo_root/artifacts"
out="$artifacts/publish"
zip_path="$artifacts/gamity-functions.zip"
configuration="${CONFIGURATION:-Release}"
rid="${RUNTIME_ID:-linux-x64}"
executable_name="Gamity.Functions"

self_contained=true
strict=false
for arg in "$@"; do
  case "$arg" in
    --framework-dependent) self_contained=false ;;
    --strict) strict=true ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

log()  { echo "publish.sh: $*"; }
warn() {
  if [[ "$strict" == true ]]; then
    echo "publish.sh: error: $*" >&2
    exit 1
  fi
  echo "publish.sh: warning: $*" >&2
}

[[ -f "$project" ]] || { echo "publish.sh: error: $project not found" >&2; exit 1; }

rm -rf "$out" "$zip_path"
mkdir -p "$out"

# 1. host.json
if [[ -f "$repo_root/host.json" ]]; then
  cp "$repo_root/host.json" "$out/host.json"
  if ! grep -q "\"handler/$executable_name\"" "$out/host.json"; then
    warn "host.json does not point customHandler.description.defaultExecutablePath at handler/$executable_name"
  fi
else
  warn "no host.json at the repo root; the package will not start in Azure Functions"
fi

# 2. Function folders: immediate sub-folders of the repo root that hold a function.json
#    (the host treats exactly those as functions; the folder name is the function name).
function_count=0
shopt -s nullglob
for function_json in "$repo_root"/*/function.json; do
  dir="$(dirname "$function_json")"
  name="$(basename "$dir")"
  case "$name" in artifacts|handler|node_modules|src|tests|infra|scripts|docs|bench) continue ;; esac
  mkdir -p "$out/$name"
  # Everything in the folder except build leftovers.
  (cd "$dir" && find . -type f ! -path './bin/*' ! -path './obj/*' -print0 \
    | xargs -0 -I{} cp --parents {} "$out/$name/")
  function_count=$((function_count + 1))
done
shopt -u nullglob
if [[ "$function_count" -eq 0 ]]; then
  warn "no top-level folder with a function.json yet; the package contains no functions"
else
  log "copied $function_count function folder(s)"
fi

# 3. The handler. Self-contained first: the Linux `custom` stack image documents no .NET runtime, so the
#    package carries its own (runtime packs Microsoft.NETCore.App.Runtime / Microsoft.AspNetCore.App.Runtime
#    for linux-x64 come from NuGet). Framework-dependent is the fallback when those packs cannot be restored.
publish_handler() {
  local sc="$1"
  dotnet restore "$project" -r "$rid" -p:SelfContained="$sc" -p:Configuration="$configuration" \
    && dotnet publish "$project" --no-restore -c "$configuration" -r "$rid" --self-contained "$sc" \
         -p:UseAppHost=true -o "$out/handler"
}

mode="self-contained"
if [[ "$self_contained" == true ]]; then
  if ! publish_handler true; then
    rm -rf "$out/handler"
    echo "publish.sh: WARNING: self-contained publish for $rid failed (are the $rid runtime packs restorable" \
         "from NuGet?). Falling back to a FRAMEWORK-DEPENDENT handler: it runs only where a .NET 10" \
         "(ASP.NET Core) runtime is installed, which the Functions 'custom' image does not document." >&2
    mode="framework-dependent"
    publish_handler false
  fi
else
  mode="framework-dependent"
  publish_handler false
fi

handler="$out/handler/$executable_name"
[[ -f "$handler" ]] || { echo "publish.sh: error: $handler was not produced" >&2; exit 1; }
chmod +x "$handler"
log "handler published ($mode, $rid): ${handler#"$repo_root"/}"

# 4. Zip (paths relative to the package root; zip keeps the Unix execute bit).
(cd "$out" && zip -q -r -X "$zip_path" .)
log "package: ${zip_path#"$repo_root"/} ($(du -h "$zip_path" | cut -f1))"
