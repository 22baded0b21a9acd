// Reads config.json directly, without conf: the token fast path must stay close to bare
// Node start-up (stack.md: conf's import and read cost 273 ms against 127 ms for this).
import { CaidoAuthError } from "../base/errors.js";
import { checkDir, readOwnFile } from "./files.js";
import { type ConfigData, formatProblem } from "./format.js";
import { configFile } from "./paths.js";
import { quarantineSessions } from "./session-check.js";

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

/**
 * The parsed config, or undefined when there is none yet. Throws BrokenConfigError for a file
 * that is not ours to parse, StorageError (files.ts) for one that is not ours at all. A malformed
 * session does not throw: it reads as a stand-in that needs a login (session-check.ts).
 */
export function readConfig(dir: string, warn: (message: string) => void): ConfigData | undefined {
  if (!checkDir(dir, warn)) return undefined;
  const file = configFile(dir);
  const read = readOwnFile(file, warn);
  if (read === undefined) return undefined;
  if ("error" in read) throw new BrokenConfigError(file, read.error.code ?? "read failed");
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch {
    throw new BrokenConfigError(file, "not valid JSON");
  }
  const problem = formatProblem(data);
  if (problem) throw new BrokenConfigError(file, problem);
  quarantineSessions(data as ConfigData);
  return data as ConfigData;
}
