// caido-auth exec: run a program with a fresh token in its environment (never in its argv).
import { spawn } from "node:child_process";
import type { Command } from "../command.js";
import { CaidoAuthError, UsageError } from "../errors.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken } from "./_token.js";

export const command: Command = {
  summary: "run a command with the token in its environment",
  usage: ["exec [INSTANCE] [--min-valid SECONDS] -- COMMAND [ARGS...]"],
  help: [
    "      --min-valid SECONDS  as for 'token' (default 60)",
    "",
    "The command gets CAIDO_INSTANCE and CAIDO_ACCESS_TOKEN; exec exits with its exit code.",
  ],
  options: { "min-valid": { type: "string" } },
  async run(values, positionals, ctx, afterDashes) {
    const [program, ...args] = afterDashes;
    if (!program)
      throw new UsageError(
        "exec: no command given.",
        "Usage: caido-auth exec [INSTANCE] -- COMMAND [ARGS...]",
      );
    const token = await resolveToken(ctx, instanceArgument(values, positionals, "exec"), {
      minValid: secondsOption(values, "min-valid"),
    });
    const env: NodeJS.ProcessEnv = { ...ctx.env, CAIDO_ACCESS_TOKEN: token.accessToken };
    if (token.instanceUrl) env.CAIDO_INSTANCE = token.instanceUrl;
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
