// caido-auth env: the instance and a fresh token as environment variables, for eval.
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { instanceArgument, secondsOption } from "./_args.js";
import { resolveToken } from "./_token.js";

const shells = ["sh", "fish", "powershell", "json"] as const;
type Shell = (typeof shells)[number];

const quoteSh = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const quotePs = (v: string) => `'${v.replace(/'/g, "''")}'`;

export function formatEnv(shell: Shell, vars: Record<string, string>): string {
  const entries = Object.entries(vars);
  switch (shell) {
    case "json":
      return `${JSON.stringify(vars)}\n`;
    case "fish":
      return entries.map(([k, v]) => `set -gx ${k} ${quoteSh(v)};\n`).join("");
    case "powershell":
      return entries.map(([k, v]) => `$env:${k} = ${quotePs(v)}\n`).join("");
    default:
      return entries.map(([k, v]) => `export ${k}=${quoteSh(v)}\n`).join("");
  }
}

export const command: Command = {
  summary: "print the token as environment variables",
  usage: ["env [INSTANCE] [--shell sh|fish|powershell|json] [--min-valid SECONDS]"],
  help: [
    "      --shell SHELL        sh (default), fish, powershell or json",
    "      --min-valid SECONDS  as for 'token' (default 60)",
    "",
    'Sets CAIDO_INSTANCE and CAIDO_ACCESS_TOKEN. Example: eval "$(caido-auth env)"',
  ],
  options: { shell: { type: "string" }, "min-valid": { type: "string" } },
  async run(values, positionals, ctx) {
    const shell = (values.shell ?? "sh") as Shell;
    if (!shells.includes(shell))
      throw new UsageError(`--shell takes ${shells.join(", ")}, not "${shell}".`);
    const token = await resolveToken(ctx, instanceArgument(values, positionals, "env"), {
      minValid: secondsOption(values, "min-valid"),
    });
    const vars: Record<string, string> = { CAIDO_ACCESS_TOKEN: token.accessToken };
    if (token.instanceUrl) vars.CAIDO_INSTANCE = token.instanceUrl;
    ctx.io.stdout.write(formatEnv(shell, vars));
    return 0;
  },
};
