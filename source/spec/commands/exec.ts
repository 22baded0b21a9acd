// caido-auth exec: its line in the command table.
import type { CommandSpec } from "../types.js";
import { MIN_VALID } from "./token.js";

export const exec: CommandSpec = {
  name: "exec",
  summary: "run a command with the token in its environment",
  group: "Tokens for scripts",
  usage: ["exec [INSTANCE] [--min-valid SECONDS] -- COMMAND [ARGS...]"],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [{ ...MIN_VALID, help: "as for 'token'" }],
  passesCommand: true,
  notes: [
    "The command gets CAIDO_INSTANCE and CAIDO_INSTANCE_URL (the URL), CAIDO_ACCESS_TOKEN and " +
      "CAIDO_ACCESS_TOKEN_EXPIRES_AT in " +
      "its environment (never in its arguments), and never CAIDO_PAT. Where Node can (22.15 " +
      "and later, not Windows) caido-auth becomes the command, as a shell's exec does; " +
      "elsewhere it waits for it. Either way the exit status is the command's.",
  ],
  environment: [
    "  CAIDO_INSTANCE, CAIDO_ACCESS_TOKEN  as for 'token'",
    "  GITHUB_ACTIONS=true                 mask the token first (::add-mask:: on stderr)",
  ],
  examples: [
    "  caido-auth exec my-vps -- ./scan.sh --fast",
    '  caido-auth exec -- sh -c \'curl -H "Authorization: Bearer $CAIDO_ACCESS_TOKEN" "$CAIDO_INSTANCE/graphql" ...\'',
  ],
};
