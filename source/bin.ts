// The fast path (dist/bin.cjs, run by bin/caido-auth.cjs). CommonJS in one file, because Node
// starts that faster than an ES module graph and `caido-auth token` should cost about a bare
// Node start. It reads argv against the command table as the full CLI does, then answers
// itself: usage errors, --help, --version, `token`, `env` and `exec` (their own commands'
// code: a stored token, a refresh, CAIDO_ACCESS_TOKEN, every failure), `status --json` in the
// common case, and the first frame of `login URL` at a terminal. Everything else goes to the
// full CLI (dist/cli.js, an ES module bundle loaded on demand), which reads argv again.

import { processContext, stdoutOutput } from "./base/context.js";
import { CancelledError } from "./base/errors.js";
import { report } from "./base/report.js";
import { beforeReplacingProcess } from "./base/run-command.js";
import { VERSION } from "./base/version.js";
import { command as env } from "./commands/env.js";
import { command as exec } from "./commands/exec.js";
import { command as token } from "./commands/token.js";
import { earlyLoginArgs, withEarlyLogin } from "./fast/early-login-gate.js";
import { fastStatusJson } from "./fast/status.js";
import { setProxyAgentLibraries } from "./instance/proxy.js";
import { commandHelp, programHelp } from "./spec/help.js";
import { type Invocation, parseCommandLine } from "./spec/parse.js";

const FAST_COMMANDS = { token, env, exec } as const;

const warn = (message: string) => process.stderr.write(`caido-auth: warning: ${message}\n`);

type Cli = typeof import("./cli.js");
interface Launcher {
  importCli?: () => Promise<Cli>;
  saveCodeCache?: () => void;
}
// bin/caido-auth.cjs runs this file through node:vm (from V8's cached code of it), where
// import() has no module loader: it hands in its own as module.importCli. It saves that code
// at exit, which `exec` (execve) never reaches: module.saveCodeCache saves it before.
const launcher: Launcher = typeof module === "object" ? (module as Launcher) : {};
const importCli = launcher.importCli ?? (() => import("./cli.js"));
if (launcher.saveCodeCache) beforeReplacingProcess(launcher.saveCodeCache);
const fullCli = (argv: string[]) => importCli().then((cli) => cli.runCli(argv));
// A request through a proxy (a refresh) gets its agent libraries from the full CLI: bundled
// here they would put this file over V8's large-object size (docs/architecture.md).
setProxyAgentLibraries(() => importCli().then((cli) => cli.proxyAgentLibraries()));

/** token, env or exec, as the full CLI runs them. */
function runFast(invocation: Extract<Invocation, { kind: "command" }>): void {
  const command = FAST_COMMANDS[invocation.spec.name as keyof typeof FAST_COMMANDS];
  // Made when something waits on the network: a token read from the file needs neither the
  // controller nor the signal handlers, and making them is a measurable part of the call.
  let controller: AbortController | undefined;
  const signal = () => {
    if (!controller) {
      const made = new AbortController();
      const onSignal = () => made.abort(new CancelledError());
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      controller = made;
    }
    return controller.signal;
  };
  const ctx = processContext(signal, Boolean(invocation.values.debug));
  const { values, positionals, afterDashes } = invocation;
  command.run(values, positionals, ctx, afterDashes).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      process.exitCode = report(error);
    },
  );
}

/** `status --json` from the file alone; false when the full CLI must answer. */
function fastStatus(invocation: Extract<Invocation, { kind: "command" }>): boolean {
  const { values, positionals } = invocation;
  if (positionals.length > 0 || Object.keys(values).join() !== "json") return false;
  let answer: ReturnType<typeof fastStatusJson>;
  try {
    answer = fastStatusJson(process.env, warn);
  } catch {
    return false; // the full CLI reports it properly
  }
  if (!answer) return false;
  stdoutOutput.write(answer.stdout);
  process.exitCode = answer.code;
  return true;
}

function main(argv: string[]): void {
  let invocation: Invocation;
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    process.exitCode = report(error);
    return;
  }
  if (invocation.kind === "program-help") {
    stdoutOutput.write(programHelp());
    process.exitCode = invocation.exitCode;
  } else if (invocation.kind === "version") {
    stdoutOutput.write(`${VERSION}\n`);
  } else if (invocation.values.help) {
    stdoutOutput.write(commandHelp(invocation.spec));
  } else if (invocation.spec.name in FAST_COMMANDS) {
    runFast(invocation);
  } else if (invocation.spec.name === "status" && fastStatus(invocation)) {
    // answered
  } else {
    withEarlyLogin(earlyLoginArgs(invocation, process.env), () => fullCli(argv));
  }
}

const argv = process.argv.slice(2);
// Tab in a shell (`completion`): the stored aliases and URLs, from the config file alone. Loaded
// only then: it creates process.stdout and loads node:os, which the fast answers do without.
if (argv[0] === "__complete-instances") {
  import("./completion/instances.js").then(({ completeInstances }) => {
    process.stdout.write(completeInstances(argv, process.env) ?? "");
  });
} else main(argv);
