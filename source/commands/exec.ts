// caido-auth exec: run a program with a fresh token in its environment (never in its argv).
import { maskSecrets } from "../ci-mask.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { runChild } from "../fast/child.js";
import { childEnv } from "../fast/format.js";
import { instanceArgument } from "./_args.js";
import { resolveToken } from "./_token.js";

export const command: Command = {
  async run(values, positionals, ctx, afterDashes) {
    const [program, ...args] = afterDashes;
    if (!program) {
      // `exec echo hi`: the command went where the instance goes.
      const misplaced = positionals.length > 0;
      throw new UsageError(
        misplaced ? `exec: put the command after "--".` : "exec: no command given.",
        "Usage: caido-auth exec [INSTANCE] -- COMMAND [ARGS...]",
      );
    }
    const token = await resolveToken(ctx, instanceArgument(values, positionals, "exec"), {
      minValid: values["min-valid"] as number | undefined,
    });
    maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
    return runChild(program, args, childEnv(ctx.env, token));
  },
};
