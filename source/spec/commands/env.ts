// caido-auth env: its line in the command table.
import type { CommandSpec } from "../types.js";
import { MIN_VALID } from "./token.js";

/** The --shell values env prints for. */
export const SHELLS = ["sh", "fish", "powershell", "json"] as const;

export const env: CommandSpec = {
  name: "env",
  summary: "print the token as environment variables",
  group: "Tokens for scripts",
  usage: ["env [INSTANCE] [--shell sh|fish|powershell|json] [--min-valid SECONDS]"],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [
    {
      long: "shell",
      value: "SHELL",
      choices: SHELLS,
      help: "sh, fish, powershell or json",
      default: "sh",
    },
    { ...MIN_VALID, help: "as for 'token'" },
  ],
  notes: [
    "Prints CAIDO_INSTANCE and CAIDO_INSTANCE_URL (the URL, never an alias; the second is " +
      "the name Caido's SDK examples read), CAIDO_ACCESS_TOKEN and " +
      "CAIDO_ACCESS_TOKEN_EXPIRES_AT (RFC 3339). Later caido-auth commands use that token for " +
      "that instance only, until it expires (exit 4: run env again, or unset it).",
  ],
  environment: [
    "  CAIDO_INSTANCE, CAIDO_ACCESS_TOKEN  as for 'token'",
    "  GITHUB_ACTIONS=true                 mask the token first (::add-mask:: on stderr)",
  ],
  examples: [
    '  eval "$(caido-auth env my-vps)"',
    "  caido-auth env --shell fish | source",
    "  caido-auth env --shell json",
  ],
};
