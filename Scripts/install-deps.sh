#!/usr/bin/env bash
# Installs the Debian packages Custody needs (plus any named as arguments), only those that are missing.
set -euo pipefail
packages=(libarchive-dev libmagic-dev libsqlite3-dev pkg-config libpoppler-glib-dev libcld2-dev libyara-dev "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
