// exec's child: runs with our terminal, gets the signals we get, and its exit code is ours.
// Loaded only when a command is run (bin.cjs imports it on demand: `token` never pays for it).
import { spawn } from "node:child_process";
import { CaidoAuthError } from "../errors.js";

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGKILL: 9,
  SIGTERM: 15,
};

/** The child's exit code (128 + the signal's number when a signal ended it). Rejects with CaidoAuthError when it cannot start. */
export async function runChild(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
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
        resolve(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 0)),
      );
    });
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
}
