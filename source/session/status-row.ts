// The part of a `status` row that a well-formed stored session decides, shared by status.ts and
// bin.cjs's fast `status --json` (same keys, same order: the two must print the same bytes).
import { loginCommandFor, type StoredSession } from "../store/format.js";

export function storedRowFields(url: string, s: StoredSession, now: number) {
  const state: "needs-login" | "valid" | "expired" = s.needsLogin
    ? "needs-login"
    : Date.parse(s.expiresAt) > now
      ? "valid"
      : "expired";
  return {
    alias: s.alias ?? null,
    account: s.account ?? null,
    expiresAt: s.needsLogin ? null : s.expiresAt,
    scopes: s.scopes,
    state,
    loginCommand: s.needsLogin ? loginCommandFor(url, s) : null,
  };
}
