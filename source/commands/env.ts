// caido-auth env: the instance and a fresh token as environment variables, for eval.
// bin.ts answers a fresh stored token with the same formatting (fast/format.ts).
import { maskSecrets } from "../ci-mask.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { formatEnv, type Shell, SHELLS as shells, tokenVariables } from "../fast/format.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken } from "./_token.js";

export { formatEnv, tokenVariables };

export const command: Command = {
  summary: "print the token as environment variables",
  usage: ["env [INSTANCE] [--shell sh|fish|powershell|json] [--min-valid SECONDS]"],
  help: [
    "      --shell SHELL        sh (default), fish, powershell or json",
    "      --min-valid SECONDS  as for 'token' (default 60)",
    "",
    "  Prints CAIDO_INSTANCE (the URL, never an alias), CAIDO_ACCESS_TOKEN and",
    "  CAIDO_ACCESS_TOKEN_EXPIRES_AT (RFC 3339). Later caido-auth commands use that token for",
    "  that instance only, until it expires (exit 4: run env again, or unset it).",
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
  options: { shell: { type: "string" }, "min-valid": { type: "string" } },
  async run(values, positionals, ctx) {
    const shell = (values.shell ?? "sh") as Shell;
    if (!shells.includes(shell))
      throw new UsageError(`--shell takes ${shells.join(", ")}, not "${shell}".`);
    const token = await resolveToken(ctx, instanceArgument(values, positionals, "env"), {
      minValid: secondsOption(values, "min-valid"),
    });
    maskSecrets(ctx.env, ctx.io.stderr, token.accessToken);
    ctx.io.stdout.write(formatEnv(shell, tokenVariables(token)));
    return 0;
  },
};
