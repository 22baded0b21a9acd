// Shared by the three script generators: the words they embed, checked, and the lists they need.
import { INSTANCES_COMMAND } from "./instances.js";
import { type CommandModel, type FlagModel, spellings, type ValueKind } from "./model.js";

export const PROGRAM = "caido-auth";

/** The command each script runs on Tab for INSTANCE positions. */
export const INSTANCES_CALL = `${PROGRAM} ${INSTANCES_COMMAND}`;

// Command names, flags and choices go into the scripts unquoted: they must be plain words.
const WORD = /^-{0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function word(value: string): string {
  if (!WORD.test(value)) throw new Error(`completion: "${value}" is not a plain word`);
  return value;
}

export const words = (values: string[]) => values.map(word).join(" ");

export const takesValue = (flag: FlagModel) => flag.value.kind !== "none";

/** Every spelling of the command's flags that takes a value: "--name -F --field". */
export function valuedSpellings(command: CommandModel): string[] {
  return command.flags.filter(takesValue).flatMap(spellings);
}

/** The spellings that name the instance (-i/--instance; --instance alone for api). */
export function instanceSpellings(command: CommandModel): string[] {
  return command.flags.filter((f) => f.value.kind === "instance").flatMap(spellings);
}

/** A one-line description of at most 72 characters, cut at a word. */
export function shortDescription(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= 72) return line;
  const cut = line.slice(0, 69);
  const space = cut.lastIndexOf(" ");
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:(]+$/, "")}...`;
}

export function placeholder(value: ValueKind): string {
  switch (value.kind) {
    case "instance":
      return "INSTANCE";
    case "file":
      return "FILE";
    case "directory":
      return "DIR";
    case "text":
      return value.placeholder;
    case "choice":
      return value.placeholder ?? "VALUE";
    default:
      return "VALUE";
  }
}
