// The full CLI (dist/cli.js, loaded by bin.cjs for whatever its fast path does not answer):
// argv read against the command table, then the command's run. report.ts words failures;
// runCli sets the exit code.

import { processContext } from "./base/context.js";
import { CancelledError } from "./base/errors.js";
import { report } from "./base/report.js";
import { VERSION } from "./base/version.js";
import type { Command } from "./commands/command.js";
import { setProxyAgentLibraries } from "./instance/proxy.js";
import { commandHelp, programHelp } from "./spec/help.js";
import { parseCommandLine } from "./spec/parse.js";
import type { CommandName } from "./spec/table.js";
import { releaseHeldSignals } from "./ui/early-login-handoff.js";

type Loader = () => Promise<{ command: Command }>;

/** The proxy agent libraries, a chunk of their own: bin.cjs borrows them from here (bin.ts). */
export const proxyAgentLibraries = () =>
  import("./instance/proxy-agents.js").then((chunk) => chunk.loadProxyAgentLibraries());
setProxyAgentLibraries(proxyAgentLibraries);

// Each command loads only when run, so that `token` never pays for Ink, GraphQL or the sandbox.
export const loaders: Record<CommandName, Loader> = {
  login: () => import("./commands/login.js"),
  logout: () => import("./commands/logout.js"),
  status: () => import("./commands/status.js"),
  use: () => import("./commands/use.js"),
  token: () => import("./commands/token.js"),
  env: () => import("./commands/env.js"),
  exec: () => import("./commands/exec.js"),
  api: () => import("./commands/api.js"),
  sandbox: () => import("./commands/sandbox.js"),
  completion: () => import("./commands/completion.js"),
};

async function main(argv: string[]): Promise<number> {
  const invocation = parseCommandLine(argv);
  if (invocation.kind === "program-help") {
    process.stdout.write(programHelp());
    return invocation.exitCode;
  }
  if (invocation.kind === "version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { spec, values, positionals, afterDashes } = invocation;
  if (values.help) {
    process.stdout.write(commandHelp(spec));
    return 0;
  }
  const { command } = await loaders[spec.name as CommandName]();
  const controller = new AbortController();
  const onSignal = () => controller.abort(new CancelledError());
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // A signal that came while this module loaded (bin.cjs held it: early-login-handoff.ts).
  if (releaseHeldSignals().length > 0) onSignal();
  const ctx = processContext(controller.signal, Boolean(values.debug));
  try {
    return (await command.run(values, positionals, ctx, afterDashes)) ?? 0;
  } finally {
    // Once the command is over, Ctrl+C ends the process as usual, whatever still holds it.
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

export function runCli(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.exitCode = report(error);
    },
  );
}
