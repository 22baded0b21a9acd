// --scopes speaks the names `status` shows (the instance's AuthenticationScope) and maps them to
// the cloud's OAuth scope names, the ones PAT approval sends. The cloud's names are unpublished:
// these are the sandbox's (sandbox/instance/tokens.ts maps them back), kept in this one place.
import { UsageError } from "../base/errors.js";

export interface ScopeName {
  /** As the instance reports it (AuthenticationScope), and as `status` shows it. */
  instance: string;
  /** As the cloud's consent and PAT approval name it. */
  cloud: string;
  /** What approving it gives, for --help. */
  grants: string;
}

export const SCOPE_NAMES: readonly ScopeName[] = [
  {
    instance: "OFFLINE",
    cloud: "offline_access",
    grants: "a refresh token, so the session renews",
  },
  { instance: "PROFILE_READ", cloud: "profile", grants: "the account's name and profile" },
  { instance: "ASSISTANT", cloud: "assistant", grants: "Caido's AI assistant" },
];

/**
 * Who the account is: the instance needs these to know who logs in (its claim check), so they
 * are approved whenever the instance asks for them, and no instance scope corresponds to them.
 */
export const IDENTITY_SCOPES: readonly string[] = ["openid", "email"];

/** The names --scopes accepts, for messages and --help. */
export const VALID_SCOPES_TEXT = SCOPE_NAMES.map((s) => `${s.instance} (or ${s.cloud})`).join(", ");

/**
 * `--scopes a,b` → the cloud scope names to approve. Each name is an instance name or a cloud
 * name, in any case; an unknown or empty list is a usage error (exit 2) naming the valid ones.
 */
export function parseScopes(value: string): string[] {
  const given = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (given.length === 0)
    throw new UsageError(
      "--scopes needs at least one scope name.",
      `Valid, in any case: ${VALID_SCOPES_TEXT}.`,
    );
  const cloud = new Set<string>();
  for (const name of given) {
    const lower = name.toLowerCase();
    const known = SCOPE_NAMES.find((s) => s.instance.toLowerCase() === lower || s.cloud === lower);
    if (known) cloud.add(known.cloud);
    else if (IDENTITY_SCOPES.includes(lower)) cloud.add(lower);
    else {
      // Shown as typed, but only if it is short plain text: argv may carry anything.
      const shown = /^[\w:.-]{1,40}$/.test(name) ? `"${name}"` : "a scope name";
      throw new UsageError(
        `--scopes: ${shown} is not a scope the Caido cloud knows.`,
        `Valid, in any case: ${VALID_SCOPES_TEXT}.`,
      );
    }
  }
  return [...cloud];
}

/** The requested scopes to approve: those asked for, plus the identity the instance needs. */
export function scopesToApprove(requested: string[], allowed: string[] | undefined): string[] {
  if (!allowed) return requested;
  return requested.filter((s) => allowed.includes(s) || IDENTITY_SCOPES.includes(s));
}
