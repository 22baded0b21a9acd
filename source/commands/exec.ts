// caido-auth exec: run a program with a fresh token in its environment (never in its argv).
import { spawn } from "node:child_process";
import { maskSecrets } from "../ci-mask.js";
import type { Command } from "../command.js";
import { CaidoAuthError, UsageError } from "../errors.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken } from "./_token.js";
import { tokenVariables } from "./env.js";

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
    // The child needs the token, not the PAT that made the session (a PAT lives for months).
    const { CAIDO_PAT: _pat, CAIDO_ACCESS_TOKEN_EXPIRES_AT: _old, ...inherited } = ctx.env;
    const env: NodeJS.ProcessEnv = { ...inherited, ...tokenVariables(token) };
    const child = spawn(program, args, { stdio: "inherit", env });
    // The child shares our terminal and gets Ctrl+C itself; we only wait for it.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    try {
      return await new Promise<number>((resolve, reject) => {
        child.on("error", (error: NodeJS.ErrnoException) =>
          reject(
            new CaidoAuthError(
              `could not run "${program}" (${error.code ?? error.message}).`,
              error.code === "ENOENT" ? 127 : 1,
            ),
          ),
        );
        child.on("exit", (code, signal) =>
          resolve(code ?? 128 + (signal ? signalNumber(signal) : 0)),
        );
      });
    } finally {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    }
  },
};

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return numbers[signal] ?? 1;
}
