// argv → what to do, read against the command table: the command, its flags checked against
// their types (choices, whole numbers), its positionals, and what follows "--". Failures are
// usage errors (exit 2) in our own words, with a suggestion for a typo: Node's parseArgs words
// them its own way and cannot suggest the flag that was meant.
import { UsageError } from "../base/errors.js";
import { safeText } from "../base/safe-text.js";
import { looksLikeSecret, SECRET_HINT, shownArgument } from "../base/secret-argument.js";
import { didYouMean } from "./suggest.js";
import { COMMAND_NAMES, findCommand, flagsOf } from "./table.js";
import type { CommandSpec, Flag, Values } from "./types.js";

export type Invocation =
  /** The program's help: asked for (exit 0), or no command at all (exit 2). */
  | { kind: "program-help"; exitCode: 0 | 2 }
  | { kind: "version" }
  | {
      kind: "command";
      spec: CommandSpec;
      values: Values;
      positionals: string[];
      /** What came after "--" (exec's command). */
      afterDashes: string[];
    };

/** The command's usage lines, as a usage error shows them under its message. */
export function usageLines(spec: CommandSpec): string {
  return spec.usage.map((u, i) => `${i === 0 ? "Usage:" : "      "} caido-auth ${u}`).join("\n");
}

export function parseCommandLine(argv: string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: "program-help", exitCode: 2 };
  if (first === "--help" || first === "-h" || (first === "help" && rest.length === 0))
    return { kind: "program-help", exitCode: 0 };
  if (first === "--version" || first === "-V") return { kind: "version" };
  // `help login` is `login --help`.
  const [name, args] =
    first === "help" && rest[0] !== undefined && !rest[0].startsWith("-")
      ? [rest[0], ["--help"]]
      : [first, rest];
  const spec = findCommand(name);
  if (!spec) {
    const what = name.startsWith("-") ? "flag" : "command";
    throw new UsageError(
      `unknown ${what} ${shownArgument(name)}.${didYouMean(name, COMMAND_NAMES)}`,
      "Run 'caido-auth --help' for the list.",
    );
  }
  try {
    return { kind: "command", spec, ...parseCommand(spec, args) };
  } catch (error) {
    // The parser says what was wrong; the command's usage says what is right (unless the
    // error's own hint already shows it).
    if (error instanceof UsageError && !error.hint) error.usage = usageLines(spec);
    throw error;
  }
}

function parseCommand(spec: CommandSpec, args: string[]) {
  // Everything after "--" belongs to the command (exec's child), never to our flags.
  const split = args.indexOf("--");
  const ours = split === -1 ? args : args.slice(0, split);
  const afterDashes = split === -1 ? [] : args.slice(split + 1);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseFlags(spec, ours);
  } catch (error) {
    // `exec ls -l` without "--": the flag was meant for the command, not for us (unless it
    // is a typo of one of ours).
    if (
      spec.passesCommand &&
      split === -1 &&
      error instanceof UsageError &&
      error.message.includes("unknown flag") &&
      !error.message.includes("Did you mean")
    )
      throw new UsageError(
        `${error.message.replace(/\.$/, "")}: put the command after --.`,
        `Example: caido-auth ${spec.name} -- ls -l`,
      );
    throw error;
  }
  // --help answers whatever else is on the line.
  if (parsed.values.help) return { ...parsed, afterDashes };
  if (split !== -1 && !spec.passesCommand)
    throw new UsageError(`${spec.name}: unexpected arguments after --.`);
  const extra = parsed.positionals.slice(spec.positionals.length);
  // `exec echo hi`: the command went where the instance goes.
  if (extra.length > 0 && spec.passesCommand && split === -1)
    throw new UsageError(
      `${spec.name}: put the command after "--".`,
      `Usage: caido-auth ${spec.name} [INSTANCE] -- COMMAND [ARGS...]`,
    );
  if (extra.length > 0) {
    const what = spec.positionals.length === 0 ? "unexpected arguments" : "too many arguments";
    throw new UsageError(
      `${spec.name}: ${what}: ${extra.map(shownArgument).join(" ")}.`,
      extra.some(looksLikeSecret) ? SECRET_HINT : undefined,
    );
  }
  return { ...parsed, afterDashes };
}

/**
 * --name value, --name=value, -n value, --flag; repeatable flags collect every value. A flag
 * with a value takes the next argument whatever it looks like (as gh does), so that
 * `--min-valid -5` is judged as a value. A lone "-" (stdin) is a positional.
 */
function parseFlags(spec: CommandSpec, args: string[]): { values: Values; positionals: string[] } {
  const flags = flagsOf(spec);
  const values: Values = {};
  const positionals: string[] = [];
  const byName = new Map<string, Flag>();
  for (const flag of flags) {
    byName.set(`--${flag.long}`, flag);
    if (flag.short) byName.set(`-${flag.short}`, flag);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const flag = byName.get(written);
    if (!flag) {
      const known = flags.map((f) => `--${f.long}`);
      throw new UsageError(
        `${spec.name}: unknown flag ${shownFlag(written)}.${didYouMean(written, known)}`,
      );
    }
    let raw: string | true;
    if (flag.value === undefined) {
      if (eq !== -1) throw new UsageError(`${spec.name}: ${written} takes no value.`);
      raw = true;
    } else if (eq !== -1) {
      raw = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${spec.name}: ${written} needs a value.`);
      raw = next;
      i++;
    }
    const before = values[flag.long];
    if (flag.multiple)
      values[flag.long] = [...((before as string[] | undefined) ?? []), raw as string];
    else if (before !== undefined && before !== raw)
      throw new UsageError(`${spec.name}: ${written} is given twice.`);
    else values[flag.long] = raw;
  }
  // --help answers whatever else is on the line, a value of the wrong type included.
  if (!values.help)
    for (const flag of flags) {
      const raw = values[flag.long];
      if (typeof raw === "string") values[flag.long] = checked(spec, flag, raw);
    }
  return { values, positionals };
}

/** A flag as a message names it: unquoted, made safe, and never a token typed in its place. */
function shownFlag(written: string): string {
  return looksLikeSecret(written.replace(/^-+/, ""))
    ? "[a token, not shown]"
    : safeText(written, 100);
}

/** The flag's value as its type says: one of its choices, or a whole number in its range. */
function checked(spec: CommandSpec, flag: Flag, raw: string): string | number {
  const name = `${spec.name}: --${flag.long}`;
  if (flag.choices && !flag.choices.includes(raw)) {
    const list = `${flag.choices.slice(0, -1).join(", ")} or ${flag.choices.at(-1)}`;
    throw new UsageError(
      `${name} takes ${list}, not ${shownArgument(raw)}.${didYouMean(raw, flag.choices)}`,
    );
  }
  const range = flag.integer;
  if (!range) return raw;
  const n = Number(raw);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const digits = range.min < 0 ? /^-?\d+$/ : /^\d+$/;
  if (!digits.test(raw) || n < range.min || n > max) {
    const unit = range.unit === "seconds" ? " of seconds" : "";
    const limits =
      range.max !== undefined
        ? ` from ${range.min} to ${range.max}`
        : range.min > 0
          ? ` (${range.min} or more)`
          : "";
    throw new UsageError(
      `${name} takes a whole number${unit}${limits}, not ${shownArgument(raw)}.`,
    );
  }
  return n;
}
