// caido-auth env: the instance and a fresh token as environment variables, for eval.
import { maskSecrets } from "../ci-mask.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken, type UsableToken } from "./_token.js";

const shells = ["sh", "fish", "powershell", "json"] as const;
type Shell = (typeof shells)[number];

const quoteSh = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
// fish reads \\ and \' as escapes even inside single quotes: double the backslashes too.
const quoteFish = (v: string) => quoteSh(v.replace(/\\/g, "\\\\"));
// PowerShell takes the typographic single quotes (U+2018-U+201B) as quotes as well.
const quotePs = (v: string) => `'${v.replace(/['\u2018-\u201b]/g, "$&$&")}'`;

export function formatEnv(shell: Shell, vars: Record<string, string>): string {
  const entries = Object.entries(vars);
  switch (shell) {
    case "json":
      return `${JSON.stringify(vars)}\n`;
    case "fish":
      return entries.map(([k, v]) => `set -gx ${k} ${quoteFish(v)};\n`).join("");
    case "powershell":
      return entries.map(([k, v]) => `$env:${k} = ${quotePs(v)}\n`).join("");
    default:
      return entries.map(([k, v]) => `export ${k}=${quoteSh(v)}\n`).join("");
  }
}

/** The variables env prints and exec sets: the instance's URL (never an alias) and its token. */
export function tokenVariables(token: UsableToken): Record<string, string> {
  const vars: Record<string, string> = {
    CAIDO_ACCESS_TOKEN: token.accessToken,
    CAIDO_INSTANCE: token.instanceUrl,
  };
  if (token.expiresAt) vars.CAIDO_ACCESS_TOKEN_EXPIRES_AT = token.expiresAt;
  return vars;
}

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
