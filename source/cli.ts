// argv → command (loaded by bin.ts). The one place that writes failures and chooses the process's exit code.
import { parseArgs } from "node:util";
import { type Command, commonHelp, commonOptions } from "./command.js";
import { command as tokenCommand } from "./commands/token.js";
import { processContext } from "./context.js";
import { CaidoAuthError, CancelledError, UsageError } from "./errors.js";
import { VERSION } from "./version.js";

// Loaded lazily so that `token` never pays for Ink, GraphQL or the sandbox.
const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  login: { summary: "log in to an instance", load: () => import("./commands/login.js") },
  logout: { summary: "log out of an instance", load: () => import("./commands/logout.js") },
  status: { summary: "show stored sessions", load: () => import("./commands/status.js") },
  // token is the hot path: bundled into the entry, so it costs no extra module loads.
  token: { summary: "print a fresh access token", load: async () => ({ command: tokenCommand }) },
  env: {
    summary: "print the token as environment variables",
    load: () => import("./commands/env.js"),
  },
  exec: {
    summary: "run a command with the token in its environment",
    load: () => import("./commands/exec.js"),
  },
  api: {
    summary: "make an authenticated GraphQL or REST call",
    load: () => import("./commands/api.js"),
  },
  use: { summary: "set the default instance", load: () => import("./commands/use.js") },
  sandbox: {
    summary: "run a local Caido cloud and instance",
    load: () => import("./commands/sandbox.js"),
  },
};

function programHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    "caido-auth: log in to Caido instances from the terminal",
    "",
    "Usage: caido-auth <command> [INSTANCE] [flags]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    "",
    "Run 'caido-auth <command> --help' for a command's flags. 'caido-auth --version' prints the version.",
    "",
  ].join("\n");
}

function commandHelp(name: string, command: Command): string {
  return [
    `caido-auth ${name}: ${command.summary}`,
    "",
    "Usage:",
    ...command.usage.map((u) => `  caido-auth ${u}`),
    "",
    "Flags:",
    ...command.help,
    ...commonHelp,
    "",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(programHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands[name];
  if (!entry)
    throw new UsageError(`unknown command "${name}"`, "Run 'caido-auth --help' for the list.");
  const { command } = await entry.load();

  // Everything after "--" belongs to the command (exec's child), never to our flags.
  const split = rest.indexOf("--");
  const ours = split === -1 ? rest : rest.slice(0, split);
  const passed = split === -1 ? [] : rest.slice(split + 1);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: ours,
      options: { ...commonOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      `${name}: ${(error as Error).message.split("\n")[0]}`,
      `Usage: caido-auth ${command.usage[0]}`,
    );
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(name, command));
    return 0;
  }

  const controller = new AbortController();
  const onSignal = () => controller.abort(new CancelledError());
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const ctx = processContext(controller.signal, Boolean(parsed.values.debug));
  return (await command.run(parsed.values, parsed.positionals, ctx, passed)) ?? 0;
}

function report(error: unknown): number {
  if (error instanceof CaidoAuthError) {
    const hint = error.hint ? ` ${error.hint}` : "";
    process.stderr.write(`caido-auth: ${error.message}${hint}\n`);
    return error.exitCode;
  }
  // An unexpected failure: show what it was, but never a stack full of request objects.
  process.stderr.write(
    `caido-auth: unexpected error: ${(error as Error)?.message ?? String(error)}\n`,
  );
  if (process.env.CAIDO_AUTH_DEBUG_STACK) process.stderr.write(`${(error as Error)?.stack}\n`);
  return 1;
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
