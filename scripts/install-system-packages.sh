#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/system-packages.txt that are missing
# (a real IMAP server for the email tests, Chromium for the console's browser tests).
# Needs root or sudo; without either it says what to install and the tests that need
# those packages skip with that reason.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done < system-packages.txt
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "civicdesk: cannot install ${missing[*]} (not root, no sudo); tests needing them will skip" >&2; exit 0
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || echo "apt-get update failed; trying the install anyway" >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "civicdesk: installing ${missing[*]} failed; tests needing them will skip" >&2
