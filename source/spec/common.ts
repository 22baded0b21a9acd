// Flags every command takes (cli.md), and the program's own.
import type { Flag } from "./types.js";

export const INSTANCE_FLAG: Flag = {
  long: "instance",
  short: "i",
  value: "INSTANCE",
  complete: "instance",
  help: "instance URL or alias",
};

/** After the command's own flags: --debug and --help (and -i/--instance where it applies). */
export const COMMON_FLAGS: Flag[] = [
  { long: "debug", help: "diagnostics on stderr (secrets redacted)" },
  { long: "help", short: "h", help: "show this help" },
];

/** Before any command. */
export const PROGRAM_FLAGS: Flag[] = [
  { long: "help", short: "h", help: "show the help" },
  { long: "version", short: "V", help: "print the version" },
];

export const EXIT_CODES = [
  "  0    success",
  "  1    network, instance, cloud or storage failure",
  "  2    usage error",
  "  4    authentication required: log in (again)",
  "  130  cancelled",
];
