// The shape every command file exports: its flags and usage (the parse half) and run (the work).
import type { ParseArgsConfig } from "node:util";
import type { Context } from "./context.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** One usage line per form, without the program name. */
  usage: string[];
  summary: string;
  /** The Flags section of --help: one line per flag, with its default. */
  help: string[];
  /** The Environment section: the variables this command reads. */
  environment?: string[];
  /** The Examples section: two or three real uses (SSH, CI, scripting). */
  examples?: string[];
  options: OptionSpec;
  /** afterDashes: the arguments after "--". Returns the exit code (0 when omitted). Throws CaidoAuthError for failures. */
  run(
    values: Values,
    positionals: string[],
    ctx: Context,
    afterDashes: string[],
  ): Promise<number | undefined>;
}

/** Flags every command takes (cli.md). */
export const commonOptions: OptionSpec = {
  instance: { type: "string", short: "i" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

export const commonHelp = [
  "  -i, --instance INSTANCE  instance URL or alias",
  "      --debug              diagnostics on stderr (secrets redacted)",
  "  -h, --help               show this help",
];
