// bin.cjs's side of the early login (issue 9: the code on screen within 1.6x a bare Node
// start). A person at a terminal typing `caido-auth login URL` waits for the code: bin.cjs
// recognises exactly that argv here and starts early-login.cjs, which asks the instance and
// draws the code while the ES module CLI is still loading. Anything else, and every case it is
// unsure of, is left to the CLI alone.
import { inCi } from "../ci.js";
import { holdSignals } from "./early-login-handoff.js";

// Looked up only for a login: loading node:tty (and net behind it) is ~2 ms of every `token`.
const isatty = (fd: number) => process.getBuiltinModule("node:tty").isatty(fd);

export interface EarlyLoginArgs {
  /** The INSTANCE argument, as given. */
  instance: string;
  noBrowser: boolean;
  noQr: boolean;
}

const FLAGS = new Set(["--no-browser", "--no-qr"]);

/**
 * `login INSTANCE [--no-browser] [--no-qr]` in any order, each flag at most once, for the
 * interactive screen (a TTY on stdin and stderr, not CI, no PAT); undefined for anything else.
 */
export function earlyLoginArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
  isTerminal: (fd: number) => boolean = isatty,
): EarlyLoginArgs | undefined {
  const [command, ...rest] = argv;
  if (command !== "login" || env.CAIDO_PAT || inCi(env)) return undefined;
  const flags = new Set<string>();
  let instance: string | undefined;
  for (const arg of rest) {
    if (FLAGS.has(arg) && !flags.has(arg)) flags.add(arg);
    else if (instance === undefined && arg !== "" && !arg.startsWith("-")) instance = arg;
    else return undefined;
  }
  if (instance === undefined || !isTerminal(0) || !isTerminal(2)) return undefined;
  return { instance, noBrowser: flags.has("--no-browser"), noQr: flags.has("--no-qr") };
}

/**
 * Past this, the CLI loads while the early login still waits (a slow instance): the two then
 * share the CPU, as before there was an early login.
 */
const CLI_WAITS_MS = 100;

/**
 * For such an argv, starts the early login (early-login.cjs) and loads the CLI (loadCli) once
 * the code is on the terminal or there will be none: loading alongside, the CLI would take
 * the CPU the code needs. Otherwise, and when anything goes wrong here, loads it at once.
 */
export function withEarlyLogin(argv: string[], loadCli: () => void): void {
  let drawn: Promise<unknown> | undefined;
  try {
    const args = earlyLoginArgs(argv, process.env);
    if (args) drawn = require("./early-login.cjs").startEarlyLogin(args, process.env);
  } catch {}
  if (drawn) holdSignals();
  if (!drawn) {
    loadCli();
    return;
  }
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    clearTimeout(timer);
    loadCli();
  };
  const timer = setTimeout(load, CLI_WAITS_MS);
  drawn.then(load, load);
}
