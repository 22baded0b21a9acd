// caido-auth token: print a fresh access token for scripts, refreshing only when needed.
// bin.ts answers the common case (a fresh stored token) before this module's bundle loads,
// with the same formatToken (fast/format.ts).
import { maskSecrets } from "../ci-mask.js";
import type { Command, OptionSpec, Values } from "../command.js";
import { formatToken } from "../fast/format.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken } from "./_token.js";

export const tokenOptions: OptionSpec = {
  "min-valid": { type: "string" },
  "force-refresh": { type: "boolean" },
  json: { type: "boolean" },
};

export { formatToken };

export function tokenRequest(values: Values, positionals: string[]) {
  return {
    instance: instanceArgument(values, positionals, "token"),
    minValid: secondsOption(values, "min-valid"),
    forceRefresh: Boolean(values["force-refresh"]),
  };
}

export const command: Command = {
  summary: "print a fresh access token",
  usage: ["token [INSTANCE] [--min-valid SECONDS] [--force-refresh] [--json]"],
  help: [
    "      --min-valid SECONDS  refresh unless the token is valid this long (default 60)",
    "      --force-refresh      refresh now, even if the stored token is fresh",
    "      --json               {instance, accessToken, expiresAt, scopes, source}",
    "",
    "  A --min-valid longer than the instance's token lifetime cannot be met: the token is",
    "  refreshed once it has less than 90% of its lifetime left, and a warning says so.",
  ],
  environment: [
    "  CAIDO_INSTANCE           the instance when none is given (URL or alias)",
    "  CAIDO_ACCESS_TOKEN       printed as it is for its own instance (CAIDO_INSTANCE, else the",
    "                           default); any other instance gets its stored token",
    "  CAIDO_ACCESS_TOKEN_EXPIRES_AT  its expiry (RFC 3339): once past, exit 4",
    "  GITHUB_ACTIONS=true      mask the token first (::add-mask:: on stderr)",
  ],
  examples: [
    '  curl -H "Authorization: Bearer $(caido-auth token my-vps)" https://my-vps:8080/graphql ...',
    "  caido-auth token --min-valid 600 --json",
  ],
  options: tokenOptions,
  async run(values, positionals, ctx) {
    const request = tokenRequest(values, positionals);
    const token = await resolveToken(ctx, request.instance, request);
    maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
    ctx.io.stdout.write(formatToken(token, Boolean(values.json)));
    return 0;
  },
};
