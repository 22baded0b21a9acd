// argv → command (loaded by bin.ts); report.ts words its failures and runCli sets the exit code.
import { parseFlags } from "./args/parse.js";
import { didYouMean } from "./args/suggest.js";
import { type Command, commonHelp, commonOptions } from "./command.js";
import { command as tokenCommand } from "./commands/token.js";
import { processContext } from "./context.js";
import { CancelledError, UsageError } from "./errors.js";
import { releaseHeldSignals } from "./fast/early-login-handoff.js";
import { report } from "./report.js";
import { VERSION } from "./version.js";

type Entry = { summary: string; group: Group; load: () => Promise<{ command: Command }> };
type Group = "Log in and out" | "Tokens for scripts" | "The sandbox" | "Shell";

// Loaded lazily so that `token` never pays for Ink, GraphQL or the sandbox.
// Exported for `completion`, which reads every command's flags from here.
export const commands: Record<string, Entry> = {
  login: {
    summary: "log in to an instance (device flow, or a PAT in CI)",
    group: "Log in and out",
    load: () => import("./commands/login.js"),
  },
  logout: {
    summary: "log out of an instance",
    group: "Log in and out",
    load: () => import("./commands/logout.js"),
  },
  status: {
    summary: "show stored sessions",
    group: "Log in and out",
    load: () => import("./commands/status.js"),
  },
  use: {
    summary: "set the default instance",
    group: "Log in and out",
    load: () => import("./commands/use.js"),
  },
  // token is the hot path: bundled into the entry, so it costs no extra module loads.
  token: {
    summary: "print a fresh access token",
    group: "Tokens for scripts",
    load: async () => ({ command: tokenCommand }),
  },
  env: {
    summary: "print the token as environment variables",
    group: "Tokens for scripts",
    load: () => import("./commands/env.js"),
  },
  exec: {
    summary: "run a command with the token in its environment",
    group: "Tokens for scripts",
    load: () => import("./commands/exec.js"),
  },
  api: {
    summary: "make an authenticated GraphQL or REST call",
    group: "Tokens for scripts",
    load: () => import("./commands/api.js"),
  },
  sandbox: {
    summary: "run a local Caido cloud and instance",
    group: "The sandbox",
    load: () => import("./commands/sandbox.js"),
  },
  completion: {
    summary: "print a completion script for bash, zsh or fish",
    group: "Shell",
    load: () => import("./commands/completion.js"),
  },
};

function programHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const groups = [...new Set(Object.values(commands).map((c) => c.group))];
  return [
    "caido-auth: log in to Caido instances from the terminal",
    "",
    "Usage: caido-auth <command> [INSTANCE] [flags]",
    ...groups.flatMap((group) => [
      "",
      `${group}:`,
      ...Object.entries(commands)
        .filter(([, c]) => c.group === group)
        .map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    ]),
    "",
    "Run 'caido-auth help <command>' (or '<command> --help') for its flags and examples.",
    "'caido-auth --version' prints the version.",
    "",
  ].join("\n");
}

const EXIT_CODES = [
  "  0    success",
  "  1    network, instance, cloud or storage failure",
  "  2    usage error",
  "  4    authentication required: log in (again)",
  "  130  cancelled",
];

function commandHelp(name: string, command: Command): string {
  const section = (title: string, lines: string[] | undefined) =>
    lines?.length ? ["", `${title}:`, ...lines] : [];
  return [
    `caido-auth ${name}: ${command.summary}`,
    ...section(
      "Usage",
      command.usage.map((u) => `  caido-auth ${u}`),
    ),
    ...section("Flags", command.help),
    // The first common line is -i/--instance: left out where the command has none, or
    // defines its own (api, whose -i is --include).
    ...section(
      "Common flags",
      takesInstance(command) && !command.options.instance ? commonHelp : commonHelp.slice(1),
    ),
    ...section("Environment", command.environment),
    ...section("Exit codes", EXIT_CODES),
    ...section("Examples", command.examples),
    "",
  ].join("\n");
}

function takesInstance(command: Command): boolean {
  return command.usage.some((line) => line.includes("INSTANCE"));
}

function usageLines(command: Command): string {
  return command.usage.map((u, i) => `${i === 0 ? "Usage:" : "      "} caido-auth ${u}`).join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [first, ...afterFirst] = argv;
  // `help login` is `login --help`.
  const [name, rest] =
    first === "help" && afterFirst[0] !== undefined && !afterFirst[0].startsWith("-")
      ? [afterFirst[0], ["--help"]]
      : [first, afterFirst];
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(programHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    const what = name.startsWith("-") ? "flag" : "command";
    throw new UsageError(
      `unknown ${what} "${name}".${didYouMean(name, Object.keys(commands))}`,
      "Run 'caido-auth --help' for the list.",
    );
  }
  const { command } = await entry.load();
  return runCommand(name, command, rest);
}

async function runCommand(name: string, command: Command, rest: string[]): Promise<number> {
  // Everything after "--" belongs to the command (exec's child), never to our flags.
  const split = rest.indexOf("--");
  const ours = split === -1 ? rest : rest.slice(0, split);
  const passed = split === -1 ? [] : rest.slice(split + 1);
  const options = { ...commonOptions, ...command.options };
  // A command whose usage names no INSTANCE (sandbox, completion) takes no -i/--instance.
  if (!takesInstance(command)) delete options.instance;
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(name, ours, options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // `exec ls -l` without "--": the flag was meant for the command, not for us (unless it
    // is a typo of one of ours).
    const unknownFlag = error.message.includes("unknown flag");
    if (name === "exec" && split === -1 && unknownFlag && !error.message.includes("Did you mean"))
      throw new UsageError(
        `${error.message.replace(/\.$/, "")}: put the command after --.`,
        "Example: caido-auth exec -- ls -l",
      );
    // The parser says what was wrong; the command's usage says what is right.
    error.usage = usageLines(command);
    throw error;
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(name, command));
    return 0;
  }

  const controller = new AbortController();
  const onSignal = () => controller.abort(new CancelledError());
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // A signal that came while this module loaded (bin.cjs held it: early-login-handoff.ts).
  if (releaseHeldSignals().length > 0) onSignal();
  const ctx = processContext(controller.signal, Boolean(parsed.values.debug));
  return (await command.run(parsed.values, parsed.positionals, ctx, passed)) ?? 0;
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
