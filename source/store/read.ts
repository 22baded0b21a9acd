// Reads config.json directly, without conf: the token fast path must stay close to bare
// Node start-up (stack.md: conf's import and read cost 273 ms against 127 ms for this).
import { chmodSync, readFileSync, statSync } from "node:fs";
import { CaidoAuthError } from "../errors.js";
import { type ConfigData, formatProblem } from "./format.js";
import { configFile } from "./paths.js";

export class BrokenConfigError extends CaidoAuthError {
  override name = "BrokenConfigError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `the config file ${file} is unreadable (${problem}).`,
      1,
      `Fix it, or move it aside and log in again: caido-auth login`,
    );
  }
}

/** Tightens the directory to 0700 and the file to 0600 if they are looser, saying so once. */
export function tightenPermissions(dir: string, warn: (message: string) => void): void {
  for (const [path, wanted] of [
    [dir, 0o700],
    [configFile(dir), 0o600],
  ] as const) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & ~wanted) !== 0) {
      chmodSync(path, wanted);
      warn(
        `${path} was readable by others (mode ${mode.toString(8)}); set it to ${wanted.toString(8)}.`,
      );
    }
  }
}

/** The parsed config, or undefined when there is none yet. Throws BrokenConfigError. */
export function readConfig(dir: string, warn: (message: string) => void): ConfigData | undefined {
  const file = configFile(dir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new BrokenConfigError(file, (error as NodeJS.ErrnoException).code ?? "read failed");
  }
  tightenPermissions(dir, warn);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BrokenConfigError(file, "not valid JSON");
  }
  const problem = formatProblem(data);
  if (problem) throw new BrokenConfigError(file, problem);
  return data as ConfigData;
}
