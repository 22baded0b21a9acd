// caido-auth token: print a fresh access token for scripts, refreshing only when needed.
// bin.ts answers the common case (a fresh stored token) before this module's bundle loads.
import type { Command, OptionSpec, Values } from "../command.js";
import { type AccessToken, getAccessToken } from "../session/access-token.js";
import { instanceArgument, secondsOption } from "./_args.js";

export const tokenOptions: OptionSpec = {
  "min-valid": { type: "string" },
  "force-refresh": { type: "boolean" },
  json: { type: "boolean" },
};

type Printable = Pick<AccessToken, "accessToken"> & {
  instanceUrl: string | null;
  expiresAt: string | null;
  scopes: string[] | null;
};

export function formatToken(token: Printable, json: boolean): string {
  if (!json) return `${token.accessToken}\n`;
  const { instanceUrl, accessToken, expiresAt, scopes } = token;
  return `${JSON.stringify({ instance: instanceUrl, accessToken, expiresAt, scopes })}\n`;
}

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
    "      --json               {instance, accessToken, expiresAt, scopes}",
    "",
    "CAIDO_ACCESS_TOKEN, when set, is printed as it is and the store is not read.",
  ],
  options: tokenOptions,
  async run(values, positionals, ctx) {
    const request = tokenRequest(values, positionals);
    const given = ctx.env.CAIDO_ACCESS_TOKEN;
    const token: Printable = given
      ? {
          instanceUrl: request.instance ?? ctx.env.CAIDO_INSTANCE ?? null,
          accessToken: given,
          expiresAt: null,
          scopes: null,
        }
      : await getAccessToken({ ...request, env: ctx.env, signal: ctx.signal });
    ctx.io.stdout.write(formatToken(token, Boolean(values.json)));
    return 0;
  },
};
