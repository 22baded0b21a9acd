// What a completion script knows, read from the commands' own definitions (options, usage and
// help lines) each time a script is generated, so the scripts never drift from the parser.
import { type Command, commonHelp, commonOptions, type OptionSpec } from "../command.js";

/** What follows a flag or fills a positional. */
export type ValueKind =
  | { kind: "none" } // a boolean flag
  | { kind: "instance" } // stored aliases and URLs, asked of `caido-auth __complete-instances`
  | { kind: "choice"; values: string[]; placeholder?: string }
  | { kind: "file" }
  | { kind: "directory" }
  | { kind: "text"; placeholder: string }; // anything: nothing to offer

export interface FlagModel {
  long: string;
  short?: string;
  description: string;
  multiple: boolean;
  value: ValueKind;
}

export interface CommandModel {
  name: string;
  summary: string;
  flags: FlagModel[];
  /** What the first positional is, when the usage names one we can offer. */
  positional?: ValueKind;
  /** Takes `-- COMMAND [ARGS...]` (exec): after "--", the shell completes a command line. */
  passesCommand: boolean;
}

export interface CompletionModel {
  commands: CommandModel[];
  /** Flags before any command. */
  programFlags: FlagModel[];
}

const none: ValueKind = { kind: "none" };

export const programFlags: FlagModel[] = [
  { long: "help", short: "h", description: "show the help", multiple: false, value: none },
  { long: "version", short: "V", description: "print the version", multiple: false, value: none },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "sh|fish|powershell|json" → its words; undefined for a placeholder (SECONDS, FILE|-, a,b). */
function choices(placeholder: string): string[] | undefined {
  const words = placeholder.split("|");
  return words.length > 1 && words.every((w) => /^[a-z][a-z0-9-]*$/.test(w)) ? words : undefined;
}

function kindOf(placeholders: string[]): ValueKind {
  const named = placeholders.find((p) => !choices(p)); // "--shell SHELL" in the Flags section
  for (const p of placeholders) {
    const values = choices(p);
    if (values) return { kind: "choice", values, ...(named ? { placeholder: named } : {}) };
  }
  if (placeholders.some((p) => /\bFILE\b/.test(p))) return { kind: "file" };
  if (placeholders.some((p) => /\bDIR\b/.test(p))) return { kind: "directory" };
  return { kind: "text", placeholder: placeholders[0] ?? "VALUE" };
}

/**
 * The flag's entry in a Flags section, parsed: "  -H, --header 'Name: value'  an extra header",
 * with its description's continuation lines (indented further, no flag of their own).
 */
function helpLine(lines: string[], long: string) {
  const pattern = new RegExp(
    `^\\s*(?:-\\w,\\s+)?--${escapeRegExp(long)}(?:[ =]('[^']*'|[^\\s]+))?(?:\\s{2,}(\\S.*))?$`,
  );
  for (const [i, line] of lines.entries()) {
    const match = pattern.exec(line);
    if (!match) continue;
    const description = [match[2] ?? ""];
    for (const next of lines.slice(i + 1)) {
      if (!/^\s{8,}\S/.test(next) || /^\s*-/.test(next)) break;
      description.push(next.trim());
    }
    return { placeholder: match[1], description: description.join(" ").trim() };
  }
  return undefined;
}

/** Placeholders written after the flag in the usage lines: "--shell sh|fish", "-X METHOD". */
function usagePlaceholders(usage: string[], long: string, short?: string): string[] {
  const names = [`--${long}`, ...(short ? [`-${short}`] : [])].map(escapeRegExp).join("|");
  const pattern = new RegExp(`(?:^|[\\s\\[])(?:${names})[ =]([^\\s\\[\\]]+)`, "g");
  return usage.flatMap((line) => [...line.matchAll(pattern)].map((m) => m[1] as string));
}

/** The first positional of the usage lines (not a flag's value): INSTANCE, or a|b|c. */
function firstPositional(usage: string[], options: OptionSpec): ValueKind | undefined {
  const byShort = new Map(Object.entries(options).map(([name, o]) => [o.short, name]));
  const takesValue = (token: string) => {
    const name = token.startsWith("--") ? token.slice(2) : byShort.get(token.slice(1));
    return name !== undefined && options[name]?.type === "string";
  };
  for (const line of usage) {
    const tokens = line
      .split(/\s+/)
      .slice(1)
      .map((t) => t.replace(/^[[(]+|[\])]+$/g, ""));
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      if (token === "--") break; // the rest is another program's command line
      if (token.startsWith("-") || (i > 0 && takesValue(tokens[i - 1] as string))) continue;
      if (token === "INSTANCE") return { kind: "instance" };
      const values = choices(token);
      if (values) return { kind: "choice", values };
      break; // another kind of first positional (QUERY): nothing to offer from this line
    }
  }
  return undefined;
}

function flagModel(name: string, spec: OptionSpec[string], command: Command): FlagModel {
  const line = helpLine(command.help, name) ?? helpLine(commonHelp, name);
  let value: ValueKind = none;
  if (spec.type === "string") {
    value =
      name === "instance"
        ? { kind: "instance" }
        : kindOf(
            [...usagePlaceholders(command.usage, name, spec.short), line?.placeholder].filter(
              (p): p is string => p !== undefined,
            ),
          );
  }
  return {
    long: name,
    ...(spec.short ? { short: spec.short } : {}),
    description: line?.description ?? "",
    multiple: Boolean(spec.multiple),
    value,
  };
}

/** One command's flags as cli.ts parses them: the common ones, overridden by the command's own. */
export function commandModel(name: string, command: Command): CommandModel {
  // The command's own flags first (so they lead in the lists), then the common ones.
  const options: OptionSpec = { ...command.options };
  for (const [name, spec] of Object.entries(commonOptions)) options[name] ??= spec;
  // cli.ts gives -i/--instance to every command that serves an instance; the usage says which.
  if (!command.usage.some((u) => /\bINSTANCE\b/.test(u))) delete options.instance;
  const positional = firstPositional(command.usage, options);
  return {
    name,
    summary: command.summary,
    flags: Object.entries(options).map(([flag, spec]) => flagModel(flag, spec, command)),
    ...(positional ? { positional } : {}),
    passesCommand: command.usage.some((u) => /\s--\s+COMMAND\b/.test(u)),
  };
}

export function completionModel(commands: { name: string; command: Command }[]): CompletionModel {
  return {
    commands: commands.map(({ name, command }) => commandModel(name, command)),
    programFlags,
  };
}

/** Every flag spelling a word can take: "--name" and "-n". */
export function spellings(flag: FlagModel): string[] {
  return [`--${flag.long}`, ...(flag.short ? [`-${flag.short}`] : [])];
}
