// What a completion script knows, taken from the command table (spec/table.ts) each time a
// script is generated: the scripts offer exactly what the parser takes.
import { PROGRAM_FLAGS } from "../spec/common.js";
import { flagsOf, TABLE } from "../spec/table.js";
import type { CommandSpec, Flag, Positional } from "../spec/types.js";

/** What follows a flag or fills a positional. */
export type ValueKind =
  | { kind: "none" } // a switch
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
  /** What the first positional is, when there is something to offer. */
  positional?: ValueKind;
  /** Takes `-- COMMAND [ARGS...]` (exec): after "--", the shell completes a command line. */
  passesCommand: boolean;
}

export interface CompletionModel {
  commands: CommandModel[];
  /** Flags before any command. */
  programFlags: FlagModel[];
}

function sourceKind(source: Flag["complete"]): ValueKind | undefined {
  if (source === "instance") return { kind: "instance" };
  if (source === "file") return { kind: "file" };
  if (source === "directory") return { kind: "directory" };
  return undefined;
}

function flagValue(flag: Flag): ValueKind {
  if (flag.value === undefined) return { kind: "none" };
  if (flag.choices) return { kind: "choice", values: [...flag.choices], placeholder: flag.value };
  return sourceKind(flag.complete) ?? { kind: "text", placeholder: flag.value };
}

function positionalValue(positional: Positional | undefined): ValueKind | undefined {
  if (!positional) return undefined;
  if (positional.choices) return { kind: "choice", values: [...positional.choices] };
  return sourceKind(positional.complete);
}

export function flagModel(flag: Flag): FlagModel {
  return {
    long: flag.long,
    ...(flag.short ? { short: flag.short } : {}),
    description: flag.help,
    multiple: Boolean(flag.multiple),
    value: flagValue(flag),
  };
}

export function commandModel(spec: CommandSpec): CommandModel {
  const positional = positionalValue(spec.positionals[0]);
  return {
    name: spec.name,
    summary: spec.summary,
    flags: flagsOf(spec).map(flagModel),
    ...(positional ? { positional } : {}),
    passesCommand: Boolean(spec.passesCommand),
  };
}

export function completionModel(table: readonly CommandSpec[] = TABLE): CompletionModel {
  return { commands: table.map(commandModel), programFlags: PROGRAM_FLAGS.map(flagModel) };
}

/** Every flag spelling a word can take: "--name" and "-n". */
export function spellings(flag: FlagModel): string[] {
  return [`--${flag.long}`, ...(flag.short ? [`-${flag.short}`] : [])];
}
