// When a stored access token is good enough to hand out without asking the instance.
import type { StoredSession } from "../store/format.js";

export const DEFAULT_MIN_VALID_SECONDS = 60;

/** A token younger than this share of its lifetime (capped at 30 s) is as fresh as it gets. */
const JUST_ISSUED_SHARE = 0.5;
const JUST_ISSUED_CAP_MS = 30_000;

export function remainingMs(session: StoredSession, now: number): number {
  return Date.parse(session.expiresAt) - now;
}

/**
 * True when the token is valid for at least minValid seconds — or when it was issued moments
 * ago: then the instance grants less than minValid, and another refresh would only rotate
 * the pair again (and make fifty parallel scripts each refresh in turn).
 */
export function isFreshEnough(
  session: StoredSession,
  now: number,
  minValidSeconds: number,
): boolean {
  if (session.needsLogin) return false;
  const remaining = remainingMs(session, now);
  if (remaining <= 0) return false;
  if (remaining >= minValidSeconds * 1000) return true;
  const issuedAt = Date.parse(session.refreshedAt ?? session.obtainedAt);
  const lifetime = Date.parse(session.expiresAt) - issuedAt;
  return now - issuedAt < Math.min(lifetime * JUST_ISSUED_SHARE, JUST_ISSUED_CAP_MS);
}
