// caido-auth token: print a fresh access token for scripts, refreshing only when needed.
import { maskSecrets } from "../base/ci-mask.js";
import { formatToken } from "../session/token-output.js";
import { resolveToken } from "../session/usable-token.js";
import { instanceArgument } from "./_args.js";
import type { Command, Values } from "./command.js";

export { formatToken };

export function tokenRequest(values: Values, positionals: string[]) {
  return {
    instance: instanceArgument(values, positionals, "token"),
    minValid: values["min-valid"] as number | undefined,
    forceRefresh: Boolean(values["force-refresh"]),
  };
}

export const command: Command = {
  async run(values, positionals, ctx) {
    const request = tokenRequest(values, positionals);
    const token = await resolveToken(ctx, request.instance, request);
    maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
    ctx.io.stdout.write(formatToken(token, Boolean(values.json)));
    return 0;
  },
};
