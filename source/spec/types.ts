// The shape of the command table (table.ts): every command, its positionals and flags with
// their types, defaults, help and what Tab offers. The parser, the help, the completion scripts
// and bin.cjs's fast path all read this one description, so they cannot drift apart.

/** What Tab offers for a flag's value or a positional. */
export type Source =
  | "instance" // the stored aliases and URLs (read from the config file on each Tab)
  | "file"
  | "directory"
  | "command" // a program and its arguments (exec, after "--")
  | "command-name"; // one of caido-auth's commands (help)

export interface Flag {
  long: string;
  short?: string;
  /** The value's placeholder ("SECONDS", "ALIAS"); a flag without one is a switch. */
  value?: string;
  /** The only values the parser accepts (Tab offers them). */
  choices?: readonly string[];
  /** A whole number the parser checks and hands over as a number. */
  integer?: { min: number; max?: number; unit?: "seconds" };
  /** Given more than once, every value is kept (in order). */
  multiple?: boolean;
  /** What Tab offers for the value, when not its choices. */
  complete?: Source;
  /** The description in --help (wrapped there), without the default. */
  help: string;
  /** Shown as "(default …)" after the description. */
  default?: string;
}

export interface Positional {
  /** As the usage writes it: INSTANCE, QUERY, SHELL. */
  name: string;
  /** The values it may take (Tab offers them; the command checks them). */
  choices?: readonly string[];
  complete?: Source;
}

export type Group = "Log in and out" | "Tokens for scripts" | "The sandbox" | "Shell";

export interface CommandSpec {
  name: string;
  summary: string;
  group: Group;
  /** One usage line per form, without the program name. */
  usage: string[];
  /** The positionals, in order; more than these is a usage error. */
  positionals: Positional[];
  /** Takes the common -i/--instance (unless it defines an instance flag of its own). */
  instance: boolean;
  /** The command's own flags; the common ones (common.ts) are added to them. */
  flags: Flag[];
  /** Takes `-- COMMAND [ARGS...]` (exec): everything after "--" is another program's. */
  passesCommand?: boolean;
  /** Paragraphs after the flags in --help. */
  notes?: string[];
  /** The Environment section: the variables this command reads, one per line. */
  environment?: string[];
  /** The Examples section: two or three real uses (SSH, CI, scripting). */
  examples?: string[];
}

/** What the parser hands a command: switches are true, integers numbers, multiples arrays. */
export type Value = string | number | boolean | string[];
export type Values = Record<string, Value | undefined>;
