// exec's command. Where Node has process.execve (22.15 and later, not Windows), this process
// becomes the command, as a shell's `exec` does: its signals, its terminal and its exit status
// are then the command's own, and nothing of ours is left running or waiting. Elsewhere (Node
// 20, Windows, a script with no #! line) it runs as a child that shares our terminal, and its
// exit code is ours.
import { CaidoAuthError } from "./errors.js";

const SIGNAL_NUMBERS: Partial<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGKILL: 9,
  SIGTERM: 15,
};

// What the program saves before execve, which runs no exit handlers: bin.ts gives the
// launcher's code cache of bin.cjs, made at exit otherwise.
let saveBeforeReplacing: (() => void) | undefined;

/** Called just before this process becomes the command (once, if it does). */
export function beforeReplacingProcess(save: () => void): void {
  saveBeforeReplacing = save;
}

/** The default search path of execvp(3) when PATH is unset. */
const DEFAULT_PATH = "/bin:/usr/bin";

/**
 * Where execvp(3) would find `program`: itself when it names a path, else the first
 * executable file of that name in the PATH of `env`. Undefined when there is none.
 */
export function findProgram(program: string, env: NodeJS.ProcessEnv): string | undefined {
  const { accessSync, constants, statSync } = process.getBuiltinModule("node:fs");
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes("/")) return program;
  for (const dir of (env.PATH ?? DEFAULT_PATH).split(":")) {
    const path = `${dir === "" ? "." : dir}/${program}`;
    if (executable(path)) return path;
  }
  return undefined;
}

function cannotRun(program: string, code: string | undefined, message?: string): CaidoAuthError {
  return new CaidoAuthError(
    `could not run "${program}" (${code ?? message}).`,
    code === "ENOENT" ? 127 : 1,
  );
}

/**
 * Replaces this process with the command; returns only when that cannot be done here (then
 * the caller runs it as a child). Throws CaidoAuthError when the command cannot start at all.
 */
function replaceProcess(program: string, args: string[], env: NodeJS.ProcessEnv): void {
  // Typed here: @types/node follows the oldest Node we support, 20, which has no execve.
  const { execve } = process as { execve?: (file: string, args: string[], env: object) => never };
  if (typeof execve !== "function") return;
  const file = findProgram(program, env);
  if (file === undefined) throw cannotRun(program, "ENOENT");
  // Nothing of ours runs after execve, not even Node's exit work: save the compile cache now.
  const { flushCompileCache } = process.getBuiltinModule("node:module") as {
    flushCompileCache?: () => void;
  };
  flushCompileCache?.();
  saveBeforeReplacing?.();
  try {
    execve.call(process, file, [program, ...args], env);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // No #! line: execvp(3), and so child_process, hands such a file to /bin/sh.
    if (code === "ENOEXEC") return;
    throw cannotRun(program, code, message);
  }
}

/** The command as a child: its exit code (128 + the signal's number when a signal ended it). */
async function runAsChild(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const child = spawn(program, args, { stdio: "inherit", env });
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(cannotRun(program, error.code, error.message)),
    );
    child.on("spawn", resolve);
  });
  // The child shares our terminal and gets Ctrl+C itself; we only pass on what is sent to us.
  const onInt = () => child.kill("SIGINT");
  const onTerm = () => child.kill("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    const { code, signal } = await exited;
    return code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 0);
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
}

/**
 * Runs the command with `env` as its whole environment. Resolves to its exit code when it ran
 * as a child (where this process became the command, nothing of ours returns). Rejects with
 * CaidoAuthError when it cannot start.
 */
export async function runChild(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  replaceProcess(program, args, env);
  return runAsChild(program, args, env);
}
