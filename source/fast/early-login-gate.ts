// Whether bin.cjs starts the early login (early-login.ts) for a command line, and the order in
// which the code and the full CLI then come. A person at a terminal typing `caido-auth login
// URL` waits for the code: bin.cjs asks the instance and draws it while the ES module CLI is
// still loading. Anything else, and every case it is unsure of, is left to the CLI alone.
import { inCi } from "../base/ci.js";
import type { Invocation } from "../spec/parse.js";
import { holdSignals } from "../ui/early-login-handoff.js";
import type { EarlyLoginArgs } from "./early-login.js";

// Looked up only for a login: loading node:tty (and net behind it) costs every `token` time.
const isatty = (fd: number) => process.getBuiltinModule("node:tty").isatty(fd);

/** The flags the early login knows what to do with; any other leaves the login to the CLI. */
const EARLY_FLAGS = new Set(["no-browser", "no-qr"]);

/**
 * `login INSTANCE [--no-browser] [--no-qr]` for the interactive screen (a TTY on stdin and
 * stderr, not CI, no PAT); undefined for anything else.
 */
export function earlyLoginArgs(
  invocation: Invocation,
  env: NodeJS.ProcessEnv,
  isTerminal: (fd: number) => boolean = isatty,
): EarlyLoginArgs | undefined {
  if (invocation.kind !== "command" || invocation.spec.name !== "login") return undefined;
  if (env.CAIDO_PAT || inCi(env)) return undefined;
  const { values, positionals } = invocation;
  const [instance] = positionals;
  if (positionals.length !== 1 || instance === undefined || instance === "") return undefined;
  if (Object.keys(values).some((flag) => !EARLY_FLAGS.has(flag))) return undefined;
  if (!isTerminal(0) || !isTerminal(2)) return undefined;
  return { instance, noBrowser: values["no-browser"] === true, noQr: values["no-qr"] === true };
}

/**
 * Past this, the CLI loads while the early login still waits (a slow instance): the two then
 * share the CPU, as before there was an early login.
 */
const CLI_WAITS_MS = 100;

/**
 * Starts the early login for such a command line and loads the CLI (loadCli) once the code is
 * on the terminal or there will be none: loading alongside, the CLI would take the CPU the code
 * needs. Otherwise, and when anything goes wrong here, loads it at once.
 */
export function withEarlyLogin(args: EarlyLoginArgs | undefined, loadCli: () => void): void {
  if (!args) {
    loadCli();
    return;
  }
  // Its code (the QR encoder, the frame's layout) is loaded only for such a login.
  import("./early-login.js").then(
    ({ startEarlyLogin }) => {
      let drawn: Promise<unknown> | undefined;
      try {
        drawn = startEarlyLogin(args, process.env);
      } catch {}
      if (drawn) afterCode(drawn, loadCli);
      else loadCli();
    },
    () => loadCli(),
  );
}

function afterCode(drawn: Promise<unknown>, loadCli: () => void): void {
  holdSignals();
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
