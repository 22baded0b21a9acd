// --help, written from the command table: the program's list of commands, and each command's
// usage, flags (aligned, with defaults), notes, common flags, variables, exit codes, examples.
import { EXIT_CODES } from "./common.js";
import { commonFlagsOf, TABLE } from "./table.js";
import type { CommandSpec, Flag } from "./types.js";

/** Lines are wrapped to this width: under a wide terminal's 100 columns, with room to spare. */
const WIDTH = 92;

/**
 * Words of `text` in lines of at most `width` (a longer word gets a line of its own). A line
 * never starts with a flag (it would read as the flag's own help line): the word before it
 * goes down with it.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      const cut = word.startsWith("-") ? line.lastIndexOf(" ") : -1;
      lines.push(cut > 0 ? line.slice(0, cut) : line);
      line = cut > 0 ? `${line.slice(cut + 1)} ${word}` : word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** "  -i, --instance INSTANCE": the flag as its help line starts. */
function flagName(flag: Flag): string {
  const short = flag.short ? `-${flag.short}, ` : "    ";
  return `  ${short}--${flag.long}${flag.value ? ` ${flag.value}` : ""}`;
}

function describe(flag: Flag): string {
  return flag.default === undefined ? flag.help : `${flag.help} (default: ${flag.default})`;
}

/** One aligned block: each flag's description starts in the same column. */
export function flagLines(flags: Flag[]): string[] {
  const column = Math.max(...flags.map((f) => flagName(f).length)) + 2;
  return flags.flatMap((flag) => {
    const [first = "", ...more] = wrap(describe(flag), WIDTH - column);
    const indent = " ".repeat(column);
    return [`${flagName(flag).padEnd(column)}${first}`, ...more.map((l) => `${indent}${l}`)];
  });
}

export function programHelp(): string {
  const width = Math.max(...TABLE.map((c) => c.name.length));
  const groups = [...new Set(TABLE.map((c) => c.group))];
  return [
    "caido-auth: log in to Caido instances from the terminal",
    "",
    "Usage: caido-auth <command> [INSTANCE] [flags]",
    ...groups.flatMap((group) => [
      "",
      `${group}:`,
      ...TABLE.filter((c) => c.group === group).map(
        (c) => `  ${c.name.padEnd(width)}  ${c.summary}`,
      ),
    ]),
    "",
    "Run 'caido-auth help <command>' (or '<command> --help') for its flags and examples.",
    "'caido-auth --version' prints the version.",
    "",
  ].join("\n");
}

export function commandHelp(spec: CommandSpec): string {
  const section = (title: string, lines: string[] | undefined) =>
    lines?.length ? ["", `${title}:`, ...lines] : [];
  const notes = (spec.notes ?? []).flatMap((note) => [
    "",
    ...wrap(note, WIDTH - 2).map((l) => `  ${l}`),
  ]);
  const flags = spec.flags.length ? flagLines(spec.flags) : ["  None besides the common flags."];
  return [
    `caido-auth ${spec.name}: ${spec.summary}`,
    ...section(
      "Usage",
      spec.usage.map((u) => `  caido-auth ${u}`),
    ),
    ...section("Flags", [...flags, ...notes]),
    ...section("Common flags", flagLines(commonFlagsOf(spec))),
    ...section("Environment", spec.environment),
    ...section("Exit codes", EXIT_CODES),
    ...section("Examples", spec.examples),
    "",
  ].join("\n");
}
