// The stored aliases and instance URLs a shell offers for INSTANCE on Tab. bin.ts answers the
// hidden command from the config file alone: a key press never loads the CLI, Ink or the sandbox,
// and never prints a warning (nothing at all when the file is missing or unusable).
import { readFileSync } from "node:fs";
import { formatProblem } from "../store/format.js";
import { configDir, configFile } from "../store/paths.js";

/** The hidden command the completion scripts run. */
export const INSTANCES_COMMAND = "__complete-instances";

// The config file is the user's, but may have been edited by hand: a candidate goes onto a
// command line, so it must be one word that no shell reads as anything but itself. No
// whitespace, quotes, backslashes, control characters or shell syntax ($ ` ; & | ( ) * ? ! # < > { }),
// and no leading "-" or "~". Brackets are kept for IPv6 hosts (each script quotes them).
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._:/[\]@%+,=-]*$/;
const MAX_LENGTH = 512;

export function safeCandidate(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_LENGTH && SAFE.test(value);
}

/** Aliases first, then URLs, one a line; "" when there is no usable config. */
export function instanceCandidates(env: NodeJS.ProcessEnv): string {
  // Not readConfig: it tightens loose permissions and warns, and a warning swallowed here
  // would leave the user never told. The next real command still does both.
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(configFile(configDir(env)), "utf8"));
  } catch {
    return "";
  }
  if (formatProblem(data)) return "";
  const sessions = (data as { sessions: Record<string, unknown> }).sessions;
  // A malformed session still names its instance (the CLI asks for a new login there).
  const aliases = Object.values(sessions).map((s) =>
    typeof s === "object" && s !== null ? (s as { alias?: unknown }).alias : undefined,
  );
  const words = new Set([...aliases, ...Object.keys(sessions)].filter(safeCandidate));
  return [...words].map((w) => `${w}\n`).join("");
}

/** bin.ts's hook: the answer for the hidden command (maybe ""), undefined for any other argv. */
export function completeInstances(
  argv: string[],
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.EventEmitter = process.stdout,
): string | undefined {
  if (argv[0] !== INSTANCES_COMMAND) return undefined;
  // A reader that stops early (a closed pipe) must not get Node's EPIPE stack on the terminal.
  stdout.on("error", () => {});
  try {
    return instanceCandidates(env);
  } catch {
    return "";
  }
}
