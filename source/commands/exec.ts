// caido-auth exec: run a program with a fresh token in its environment (never in its argv).
// bin.ts runs it itself with a fresh stored token, through the same runChild and childEnv.
import { maskSecrets } from "../ci-mask.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { runChild } from "../fast/child.js";
import { childEnv } from "../fast/format.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken } from "./_token.js";

export const command: Command = {
  summary: "run a command with the token in its environment",
  usage: ["exec [INSTANCE] [--min-valid SECONDS] -- COMMAND [ARGS...]"],
  help: [
    "      --min-valid SECONDS  as for 'token' (default 60)",
    "",
    "  The command gets CAIDO_INSTANCE, CAIDO_ACCESS_TOKEN and CAIDO_ACCESS_TOKEN_EXPIRES_AT in",
    "  its environment (never in its arguments), and never CAIDO_PAT; exec exits with its code.",
  ],
  environment: [
    "  CAIDO_INSTANCE, CAIDO_ACCESS_TOKEN  as for 'token'",
    "  GITHUB_ACTIONS=true                 mask the token first (::add-mask:: on stderr)",
  ],
  examples: [
    "  caido-auth exec my-vps -- ./scan.sh --fast",
    '  caido-auth exec -- sh -c \'curl -H "Authorization: Bearer $CAIDO_ACCESS_TOKEN" "$CAIDO_INSTANCE/graphql" ...\'',
  ],
  options: { "min-valid": { type: "string" } },
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
      minValid: secondsOption(values, "min-valid"),
    });
    maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
    return runChild(program, args, childEnv(ctx.env, token));
  },
};
