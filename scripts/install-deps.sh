#!/usr/bin/env bash
# Installs the Debian packages Landfall builds and tests against, when any is missing.
# Needs root (apt-get); without root it prints the command to run instead.
set -euo pipefail

packages=(
  pkg-config
  libcurl4-openssl-dev
  libssh2-1-dev
  libpq-dev
  libsqlite3-dev
  libedit-dev
)
if [ "${LANDFALL_DEMO:-0}" = 1 ] || [ "${LANDFALL_TEST_SERVERS:-0}" = 1 ]; then
  packages+=(postgresql)
fi
if [ "${LANDFALL_TEST_SERVERS:-0}" = 1 ]; then
  packages+=(openssh-server openssh-client)
  packages+=(nginx shellcheck curl git python3 pebble certbot python3-certbot-nginx python3-yaml python3-pip)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "landfall: missing Debian packages: ${missing[*]}" >&2
  echo "run as root: apt-get install -y ${missing[*]}" >&2
  exit 2
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
