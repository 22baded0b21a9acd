// caido-auth token: print a fresh access token for scripts, refreshing only when needed.
import type { Command } from "../command.js";
import { getAccessToken } from "../session/access-token.js";
import { instanceArgument, secondsOption } from "./_args.js";

export const command: Command = {
  summary: "print a fresh access token",
  usage: ["token [INSTANCE] [--min-valid SECONDS] [--force-refresh] [--json]"],
  help: [
    "      --min-valid SECONDS  refresh unless the token is valid this long (default 60);",
    "                           a token issued moments ago counts as fresh even if the",
    "                           instance grants less",
    "      --force-refresh      refresh now, even if the stored token is fresh",
    "      --json               {instance, accessToken, expiresAt, scopes}",
    "",
    "CAIDO_ACCESS_TOKEN, when set, is printed as it is and the store is not read.",
  ],
  options: {
    "min-valid": { type: "string" },
    "force-refresh": { type: "boolean" },
    json: { type: "boolean" },
  },
  async run(values, positionals, ctx) {
    const instance = instanceArgument(values, positionals, "token");
    const given = ctx.env.CAIDO_ACCESS_TOKEN;
    const token = given
      ? {
          instanceUrl: instance ?? ctx.env.CAIDO_INSTANCE ?? null,
          accessToken: given,
          expiresAt: null,
          scopes: null,
        }
      : await getAccessToken({
          instance,
          minValid: secondsOption(values, "min-valid"),
          forceRefresh: Boolean(values["force-refresh"]),
          env: ctx.env,
          signal: ctx.signal,
        });
    if (values.json) {
      const { instanceUrl, accessToken, expiresAt, scopes } = token;
      ctx.io.stdout.write(
        `${JSON.stringify({ instance: instanceUrl, accessToken, expiresAt, scopes })}\n`,
      );
    } else {
      ctx.io.stdout.write(`${token.accessToken}\n`);
    }
    return 0;
  },
};
