#!/usr/bin/env bash
# Runs the Bicep CLI that ships in the NuGet package Azure.Bicep.CommandLine.linux-x64 (version pinned
# in Directory.Packages.props), so infra/ builds and lints with nothing but NuGet.
#
#   scripts/bicep.sh build infra/main.bicep --stdout
#   scripts/bicep.sh lint infra/main.bicep
#   BICEP_PATH=/path/to/bicep scripts/bicep.sh --version   # use another binary
#   scripts/bicep.sh --print-path                          # print the binary's path and exit
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package_id="Azure.Bicep.CommandLine.linux-x64"
restore_project="$repo_root/tests/Gamity.Infra.Tests/Gamity.Infra.Tests.csproj"

die() { echo "bicep.sh: $*" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) [[ -n "${BICEP_PATH:-}" ]] || die "only linux-x64 is packaged here ($(uname -s)-$(uname -m)); set BICEP_PATH to a bicep binary" ;;
esac

package_version() {
  # <PackageVersion Include="Azure.Bicep.CommandLine.linux-x64" Version="0.49.2" />
  sed -n "s/.*<PackageVersion[^>]*Include=\"$package_id\"[^>]*Version=\"\([^\"]*\)\".*/\1/p" \
    "$repo_root/Directory.Packages.props" | head -n 1
}

packages_root() {
  if [[ -n "${NUGET_PACKAGES:-}" ]]; then
    printf '%s\n' "${NUGET_PACKAGES%/}"
    return
  fi
  # "global-packages: /root/.nuget/packages/"
  dotnet nuget locals global-packages --list --force-english-output 2>/dev/null \
    | sed -n 's/^global-packages: *//p' | sed 's:/*$::' | head -n 1
}

find_bicep() {
  if [[ -n "${BICEP_PATH:-}" ]]; then
    [[ -f "$BICEP_PATH" ]] || die "BICEP_PATH=$BICEP_PATH does not exist"
    printf '%s\n' "$BICEP_PATH"
    return
  fi
  local version root candidate
  version="$(package_version)"
  [[ -n "$version" ]] || die "no PackageVersion for $package_id in Directory.Packages.props"
  root="$(packages_root)"
  [[ -n "$root" ]] || die "cannot determine the NuGet global packages folder (is the .NET SDK installed?)"
  candidate="$root/$(tr '[:upper:]' '[:lower:]' <<<"$package_id")/$version/tools/bicep"
  if [[ ! -f "$candidate" ]]; then
    # The test project downloads the package (PackageDownload); a restore brings it in.
    echo "bicep.sh: $package_id $version not in $root; restoring $restore_project" >&2
    dotnet restore "$restore_project" >&2 || die "dotnet restore failed"
  fi
  [[ -f "$candidate" ]] || die "bicep binary not found at $candidate after restore"
  printf '%s\n' "$candidate"
}

bicep="$(find_bicep)"
# NuGet extracts the file with the owner's execute bit only; make sure it is runnable.
if [[ ! -x "$bicep" ]]; then
  chmod u+x "$bicep" 2>/dev/null || die "$bicep is not executable and chmod failed"
fi

if [[ "${1:-}" == "--print-path" ]]; then
  printf '%s\n' "$bicep"
  exit 0
fi

exec "$bicep" "$@"
