// When a stored access token is good enough to hand out without asking the instance.
import type { StoredSession } from "../store/format.js";

export const DEFAULT_MIN_VALID_SECONDS = 60;

export function remainingMs(session: StoredSession, now: number): number {
  return Date.parse(session.expiresAt) - now;
}

/** True when the token is valid for at least minValid more seconds. */
export function isFreshEnough(
  session: StoredSession,
  now: number,
  minValidSeconds: number,
): boolean {
  if (session.needsLogin) return false;
  return remainingMs(session, now) >= minValidSeconds * 1000;
}

/**
 * True when another process stored this token after `since` (this process's start): it
 * refreshed while we waited for the lock, so its token is the answer even if it does not
 * meet minValid (the instance grants what it grants; refreshing again would only rotate).
 */
export function issuedSince(session: StoredSession, since: number): boolean {
  return Date.parse(session.refreshedAt ?? session.obtainedAt) >= since;
}
