#!/usr/bin/env bash
# Installs what the tests need beyond npm (runs as npm's pretest): tmux for the terminal
# tests, openssl for a test certificate, Debian's chromium for the verification page.
# Only installs what is missing.
set -euo pipefail
missing=()
command -v tmux >/dev/null || missing+=(tmux)
command -v openssl >/dev/null || missing+=(openssl)
[ -x /usr/bin/chromium ] || missing+=(chromium)
((${#missing[@]})) || exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "The tests need: ${missing[*]}. Install them (apt-get install ${missing[*]}) and run npm test again." >&2; exit 1; }
  sudo=sudo
fi
command -v apt-get >/dev/null || { echo "The tests need: ${missing[*]}. Install them with your package manager." >&2; exit 1; }
echo "Installing ${missing[*]} for the tests…" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
