// caido-auth exec: run a program with a fresh token in its environment (never in its argv).
import { maskSecrets } from "../base/ci-mask.js";
import { UsageError } from "../base/errors.js";
import { runChild } from "../base/run-command.js";
import { childEnv } from "../session/token-output.js";
import { resolveToken } from "../session/usable-token.js";
import { instanceArgument } from "./_args.js";
import type { Command } from "./command.js";

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
