#!/usr/bin/env bash
# Installs the Debian 12 packages wasmbind needs to build, test, fuzz and benchmark, and only
# the ones that are missing. When everything is present it runs no apt command at all, so
# `make run` and `make test` can call it every time at the cost of one dpkg-query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build clang lld
  libboost1.81-dev rapidjson-dev libssl-dev zlib1g-dev libyaml-cpp-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  wabt wasi-libc libclang-rt-14-dev-wasm32 libclang-rt-14-dev
  nodejs npm wrk openssl
  binaryen
)

# Names of installed packages plus every name an installed package Provides. The second part
# matters: e.g. NodeSource's nodejs provides (and conflicts with) Debian's npm, so asking apt
# for npm there would try to tear nodejs out.
present_names() {
  dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null |
    awk -F'|' '$1 ~ /^ii/ { print $2; n = split($3, p, ","); for (i = 1; i <= n; i++) print p[i] }' |
    sed -e 's/([^)]*)//g' -e 's/:[a-z0-9]*$//' -e 's/[[:space:]]//g' |
    sort -u
}

missing_packages() {
  local present
  present=$(present_names)
  for pkg in "${packages[@]}"; do
    grep -qxF -- "$pkg" <<<"$present" || echo "$pkg"
  done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}"

mapfile -t still_missing < <(missing_packages)
if ((${#still_missing[@]} != 0)); then
  echo "install-deps: still missing after apt-get: ${still_missing[*]}" >&2
  exit 1
fi
echo "install-deps: done"
