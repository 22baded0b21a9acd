// What `token` and `env` print and what `exec` hands its child: pure, so that bin.cjs answers
// from the file with the very code the full CLI's commands use.

import { SHELLS } from "../spec/commands/env.js";
import type { HandedToken } from "./access-token.js";

export { SHELLS };
export type Shell = (typeof SHELLS)[number];

/** The token as the variables need it: the instance's URL (never an alias) and its expiry when known. */
export interface TokenForVariables {
  instanceUrl: string;
  accessToken: string;
  expiresAt: string | null;
}

/** stdout of `token`: the bare token, or one JSON object with --json. */
export function formatToken(token: HandedToken, json: boolean): string {
  if (!json) return `${token.accessToken}\n`;
  const { instanceUrl, accessToken, expiresAt, scopes, source } = token;
  return `${JSON.stringify({ instance: instanceUrl, accessToken, expiresAt, scopes, source })}\n`;
}

const quoteSh = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
// fish reads \\ and \' as escapes even inside single quotes: double the backslashes too.
const quoteFish = (v: string) => quoteSh(v.replace(/\\/g, "\\\\"));
// PowerShell takes the typographic single quotes (U+2018-U+201B) as quotes as well.
const quotePs = (v: string) => `'${v.replace(/['\u2018-\u201b]/g, "$&$&")}'`;

/** stdout of `env`: the variables in the given shell's syntax. */
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

/**
 * The variables env prints and exec sets: the instance's URL (never an alias) and its token.
 * The URL goes in CAIDO_INSTANCE_URL as well, the name Caido's SDK examples read: one left over
 * from before would send this token to another instance.
 */
export function tokenVariables(token: TokenForVariables): Record<string, string> {
  const vars: Record<string, string> = {
    CAIDO_ACCESS_TOKEN: token.accessToken,
    CAIDO_INSTANCE: token.instanceUrl,
    CAIDO_INSTANCE_URL: token.instanceUrl,
  };
  if (token.expiresAt) vars.CAIDO_ACCESS_TOKEN_EXPIRES_AT = token.expiresAt;
  return vars;
}

/**
 * exec's child environment: ours with the token's variables, without CAIDO_PAT (the child
 * needs the token, not the PAT that made the session: a PAT lives for months) and without a
 * stale CAIDO_ACCESS_TOKEN_EXPIRES_AT when the token has no expiry.
 */
export function childEnv(env: NodeJS.ProcessEnv, token: TokenForVariables): NodeJS.ProcessEnv {
  const { CAIDO_PAT: _pat, CAIDO_ACCESS_TOKEN_EXPIRES_AT: _old, ...inherited } = env;
  return { ...inherited, ...tokenVariables(token) };
}
