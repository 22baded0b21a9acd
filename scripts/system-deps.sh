#!/usr/bin/env bash
# Installs what the tests need beyond npm (runs as npm's pretest), only what is missing, with
# --no-install-recommends: tmux for the terminal tests, openssl for a test certificate,
# zsh and fish for the completion tests,
# Debian's chromium for the sandbox's verification pages in a real browser.
# CAIDO_AUTH_NO_BROWSER=1 leaves chromium out (and vitest skips the browser tests, saying so).
set -euo pipefail
missing=()
command -v tmux >/dev/null || missing+=(tmux)
command -v openssl >/dev/null || missing+=(openssl)
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
if [ -z "${CAIDO_AUTH_NO_BROWSER:-}" ]; then [ -x /usr/bin/chromium ] || missing+=(chromium); fi
((${#missing[@]})) || exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "The tests need: ${missing[*]}. Install them (apt-get install --no-install-recommends ${missing[*]}) and run npm test again, or run CAIDO_AUTH_NO_BROWSER=1 npm test to leave out the browser tests." >&2; exit 1; }
  sudo=sudo
fi
command -v apt-get >/dev/null || { echo "The tests need: ${missing[*]}. Install them with your package manager." >&2; exit 1; }
echo "Installing ${missing[*]} for the tests (apt-get, --no-install-recommends)…" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
