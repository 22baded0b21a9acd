#!/usr/bin/env bash
# The steps of action.yml (a composite GitHub Action) as one script, so that a test can run it
# with fake runner files against the sandbox: install caido-auth from the action's own
# directory, log in with the PAT, and hand the instance and a fresh, masked token to later
# steps through $GITHUB_ENV and to the workflow through $GITHUB_OUTPUT.
#
# Inputs (environment): INPUT_INSTANCE, INPUT_PAT, INPUT_CLOUD_URL (optional),
# INPUT_EXPORT_TOKEN ("true" by default; "false" exports CAIDO_INSTANCE only, and later steps
# call `caido-auth token` or `caido-auth exec`, which refresh from the stored session).
# Runner files: GITHUB_ENV, GITHUB_OUTPUT. CAIDO_AUTH_CLI: a built dist/bin.cjs to run instead
# of installing (tests); otherwise the package in GITHUB_ACTION_PATH is packed (its prepare
# step builds it) and installed globally, which puts `caido-auth` on PATH for later steps.
set -euo pipefail

fail() {
  printf '::error title=caido-auth::%s\n' "$1" >&2
  exit "${2:-1}"
}

instance=${INPUT_INSTANCE:-}
pat=${INPUT_PAT:-}
unset INPUT_PAT
[ -n "$instance" ] || fail "the instance input is empty: give the instance's URL." 2
[ -n "$pat" ] || fail 'the pat input is empty: pass a secret, e.g. pat: ${{ secrets.CAIDO_PAT }}.' 2
# A value with a line break cannot be masked (the mask command ends at the line break).
case "$pat" in
*[$'\r\n']*) fail "the pat input has a line break (a trailing newline in the secret?): store the PAT alone." 2 ;;
esac
printf '::add-mask::%s\n' "$pat" >&2
case "${INPUT_EXPORT_TOKEN:-true}" in
true | false) ;;
*) fail 'export-token takes "true" or "false".' 2 ;;
esac
: "${GITHUB_ENV:?GITHUB_ENV is not set: this script runs as a GitHub Actions step}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: this script runs as a GitHub Actions step}"

if [ -z "${CAIDO_AUTH_CLI:-}" ]; then
  : "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: give CAIDO_AUTH_CLI instead}"
  packed=$(mktemp -d "${RUNNER_TEMP:-/tmp}/caido-auth-pack.XXXXXX")
  echo "Installing caido-auth from $GITHUB_ACTION_PATH" >&2
  (cd "$GITHUB_ACTION_PATH" && npm pack --no-audit --no-fund --pack-destination "$packed") >&2
  npm install --global --no-audit --no-fund "$packed"/caido-auth-*.tgz >&2
  rm -rf "$packed"
fi
cli() {
  if [ -n "${CAIDO_AUTH_CLI:-}" ]; then node "$CAIDO_AUTH_CLI" "$@"; else caido-auth "$@"; fi
}

# A token or instance left in the environment by an earlier step must not stand in for the
# session this login makes.
unset CAIDO_ACCESS_TOKEN CAIDO_ACCESS_TOKEN_EXPIRES_AT CAIDO_INSTANCE
if [ -n "${INPUT_CLOUD_URL:-}" ]; then export CAIDO_CLOUD_URL="$INPUT_CLOUD_URL"; fi

# The PAT goes to login through its environment only, never its arguments.
CAIDO_PAT="$pat" cli login "$instance" >&2
unset pat
# env masks the token on stderr (GITHUB_ACTIONS=true) before printing it; stdout is ours.
exports=$(cli env "$instance")
eval "$exports"

# NAME<<DELIMITER form: safe for any single-line value, and every value here is checked to be one.
put() {
  local name=$1 value=$2 file=$3 delimiter
  case "$value" in
  *[$'\r\n']*) fail "$name is not a single line; not passing it on." ;;
  esac
  delimiter="CAIDO_AUTH_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$file"
}

put CAIDO_INSTANCE "$CAIDO_INSTANCE" "$GITHUB_ENV"
if [ "${INPUT_EXPORT_TOKEN:-true}" = true ]; then
  put CAIDO_ACCESS_TOKEN "$CAIDO_ACCESS_TOKEN" "$GITHUB_ENV"
  put CAIDO_ACCESS_TOKEN_EXPIRES_AT "$CAIDO_ACCESS_TOKEN_EXPIRES_AT" "$GITHUB_ENV"
  echo "caido-auth: CAIDO_INSTANCE and CAIDO_ACCESS_TOKEN (valid until $CAIDO_ACCESS_TOKEN_EXPIRES_AT) are set for later steps." >&2
else
  echo "caido-auth: CAIDO_INSTANCE is set for later steps; they get tokens with caido-auth token or exec." >&2
fi
put instance "$CAIDO_INSTANCE" "$GITHUB_OUTPUT"
put token "$CAIDO_ACCESS_TOKEN" "$GITHUB_OUTPUT"
put expires-at "$CAIDO_ACCESS_TOKEN_EXPIRES_AT" "$GITHUB_OUTPUT"
