// caido-auth env: the instance and a fresh token as environment variables, for eval.
import { maskSecrets } from "../base/ci-mask.js";
import { formatEnv, type Shell, tokenVariables } from "../session/token-output.js";
import { resolveToken } from "../session/usable-token.js";
import { instanceArgument } from "./_args.js";
import type { Command } from "./command.js";

export { formatEnv, tokenVariables };

export const command: Command = {
  async run(values, positionals, ctx) {
    // The table's parser took only the shells it lists.
    const shell = (values.shell ?? "sh") as Shell;
    const token = await resolveToken(ctx, instanceArgument(values, positionals, "env"), {
      minValid: values["min-valid"] as number | undefined,
    });
    maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
    ctx.io.stdout.write(formatEnv(shell, tokenVariables(token)));
    return 0;
  },
};
