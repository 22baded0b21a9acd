// caido-auth token: its line in the command table.
import type { CommandSpec, Flag } from "../types.js";

/** --min-valid, as token, env and exec take it. */
export const MIN_VALID: Flag = {
  long: "min-valid",
  value: "SECONDS",
  integer: { min: 0, unit: "seconds" },
  help: "refresh unless the token is valid this long",
  default: "60",
};

export const token: CommandSpec = {
  name: "token",
  summary: "print a fresh access token",
  group: "Tokens for scripts",
  usage: ["token [INSTANCE] [--min-valid SECONDS] [--force-refresh] [--json]"],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [
    MIN_VALID,
    { long: "force-refresh", help: "refresh now, even if the stored token is fresh" },
    { long: "json", help: "{instance, accessToken, expiresAt, scopes, source}" },
  ],
  notes: [
    "A --min-valid longer than the instance's token lifetime cannot be met: the token is " +
      "refreshed once it has less than 90% of its lifetime left, and a warning says so.",
  ],
  environment: [
    "  CAIDO_INSTANCE           the instance when none is given (URL or alias; also",
    "                           CAIDO_INSTANCE_URL, as Caido's SDK examples name it)",
    "  CAIDO_ACCESS_TOKEN       printed as it is for its own instance (CAIDO_INSTANCE, else the",
    "                           default); any other instance gets its stored token",
    "  CAIDO_ACCESS_TOKEN_EXPIRES_AT  its expiry (RFC 3339): once past, exit 4",
    "  GITHUB_ACTIONS=true      mask the token first (::add-mask:: on stderr)",
  ],
  examples: [
    '  curl -H "Authorization: Bearer $(caido-auth token my-vps)" https://my-vps:8080/graphql ...',
    "  caido-auth token --min-valid 600 --json",
  ],
};
