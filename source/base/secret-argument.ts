// A token typed on the command line is already in the shell history and the process list; an
// error message must not copy it into logs too. Arguments that look like one are never echoed
// and never taken for an instance (a JWT would otherwise be looked up as a host name).
import { UsageError } from "./errors.js";
import { safeText } from "./safe-text.js";

/** Characters of base64, base64url and the usual opaque-token alphabets. */
const TOKEN_CHARS = /^[\w+/=.~-]+$/;

/**
 * True for an argument that looks like a PAT or a token:
 * - Caido's PAT prefix, `caido_` (any case), whatever follows;
 * - a JWT: `eyJ` (base64 of `{"`) and two dots;
 * - 32 or more hex digits;
 * - 32 or more token characters, upper and lower case among them, that change kind
 *   (upper, lower, digit, other) at 40% or more of neighbouring pairs: random base64 does at
 *   about 65%, words in CamelCase (an alias like ProductionInstanceForTheTeam2) at under 40%.
 * A URL has `:` and a host name is one case, so neither is ever taken for a token.
 */
export function looksLikeSecret(argument: string): boolean {
  // The first-letter guards only spare `token` compiling the patterns (each costs on first use).
  if ("cC".includes(argument[0] ?? "-") && /^caido_/i.test(argument)) return true;
  if (argument.startsWith("eyJ") && /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(argument)) return true;
  if (argument.length < 32 || !TOKEN_CHARS.test(argument)) return false;
  if (/^[0-9a-f]+$/i.test(argument)) return true;
  if (!/[a-z]/.test(argument) || !/[A-Z]/.test(argument)) return false;
  return kindChanges(argument) >= 0.4 * (argument.length - 1);
}

function kindChanges(text: string): number {
  const kind = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /\d/.test(c) ? 2 : 3);
  let changes = 0;
  for (let i = 1; i < text.length; i++)
    if (kind(text[i] as string) !== kind(text[i - 1] as string)) changes++;
  return changes;
}

/** How an argument appears in a message: quoted and made safe, or a stand-in for a token. */
export function shownArgument(argument: string): string {
  return looksLikeSecret(argument) ? "[a token, not shown]" : `"${safeText(argument, 100)}"`;
}

/** Where a token belongs instead of the command line. */
export const SECRET_HINT =
  "Never put a token on the command line: give a PAT as CAIDO_PAT=... or with --pat-stdin, and an access token as CAIDO_ACCESS_TOKEN.";

/** The usage error for a token where an instance goes; the token itself is not in it. */
export function secretAsInstance(command?: string): UsageError {
  const who = command ? `${command}: ` : "";
  return new UsageError(
    `${who}the instance given looks like a token (not shown), not a URL or alias.`,
    SECRET_HINT,
  );
}
