// exec's child: runs with our terminal, gets the signals we get, and its exit code is ours.
// Loaded only when a command is run (bin.cjs imports it on demand: `token` never pays for it).
// Started through spawn-light.ts where it can be (no child_process to load), else child_process.
import { CaidoAuthError } from "../errors.js";
import { type LightChild, spawnLight } from "./spawn-light.js";

const SIGNAL_NUMBERS: Partial<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGKILL: 9,
  SIGTERM: 15,
};

/** child_process's spawn, as a LightChild. */
function spawnWithChildProcess(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<LightChild> {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const child = spawn(program, args, { stdio: "inherit", env });
  return new Promise((resolve, reject) => {
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
      child.on("exit", (code, signal) => done({ code, signal })),
    );
    child.on("error", reject);
    child.on("spawn", () => resolve({ kill: (signal) => void child.kill(signal), exited }));
  });
}

/** The child's exit code (128 + the signal's number when a signal ended it). Rejects with CaidoAuthError when it cannot start. */
export async function runChild(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let child: LightChild;
  try {
    child = spawnLight(program, args, env) ?? (await spawnWithChildProcess(program, args, env));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new CaidoAuthError(
      `could not run "${program}" (${code ?? message}).`,
      code === "ENOENT" ? 127 : 1,
    );
  }
  // The child shares our terminal and gets Ctrl+C itself; we only pass on what is sent to us.
  const onInt = () => child.kill(2);
  const onTerm = () => child.kill(15);
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    const { code, signal } = await child.exited;
    return code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 0);
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
}
