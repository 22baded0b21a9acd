// When a stored access token is good enough to hand out without asking the instance.
import type { StoredSession } from "../store/format.js";

export const DEFAULT_MIN_VALID_SECONDS = 60;

/**
 * A token counts as fresh with at most this share of its lifetime left. When --min-valid asks
 * for more than the instance grants, refreshing could never satisfy it; capping the demand
 * refreshes at most once per tenth of the lifetime instead of on every call.
 */
export const LIFETIME_SHARE = 0.9;

export function remainingMs(session: StoredSession, now: number): number {
  return Date.parse(session.expiresAt) - now;
}

/** How long the instance's access tokens live, in seconds: expiry − issue (refresh or login); undefined when unknown. */
export function lifetimeSeconds(session: StoredSession): number | undefined {
  const issued = Date.parse(session.refreshedAt ?? session.obtainedAt);
  const seconds = (Date.parse(session.expiresAt) - issued) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** The seconds a token must still have: minValid, but never more than LIFETIME_SHARE of its lifetime. */
export function requiredSeconds(session: StoredSession, minValidSeconds: number): number {
  const lifetime = lifetimeSeconds(session);
  return lifetime === undefined
    ? minValidSeconds
    : Math.min(minValidSeconds, lifetime * LIFETIME_SHARE);
}

/** True when the token is valid for at least minValid more seconds (as capped by requiredSeconds). */
export function isFreshEnough(
  session: StoredSession,
  now: number,
  minValidSeconds: number,
): boolean {
  if (session.needsLogin) return false;
  return remainingMs(session, now) >= requiredSeconds(session, minValidSeconds) * 1000;
}

/**
 * The warning for a token handed out with less than the --min-valid the user gave (the
 * instance's lifetime is too short for it); undefined when the token meets it.
 */
export function shortfall(
  instanceUrl: string,
  session: StoredSession,
  now: number,
  minValidSeconds: number,
): string | undefined {
  const remaining = Math.floor(remainingMs(session, now) / 1000);
  if (remaining >= minValidSeconds) return undefined;
  const lifetime = lifetimeSeconds(session);
  let why = "";
  if (lifetime !== undefined) {
    const granted = `${instanceUrl} grants access tokens for ${Math.round(lifetime)} s`;
    why =
      lifetime < minValidSeconds
        ? `: ${granted}, which cannot satisfy it`
        : `: ${granted}, and one with ${LIFETIME_SHARE * 100}% of that left is not refreshed`;
  }
  return `the access token is valid for ${remaining} s, less than --min-valid ${minValidSeconds}${why}.`;
}

/** Says so when a token goes out with less than the --min-valid the user gave (undefined: not given). */
export function warnShortfall(
  warn: (message: string) => void,
  url: string,
  session: StoredSession,
  minValid: number | undefined,
): void {
  if (minValid === undefined) return;
  const message = shortfall(url, session, Date.now(), minValid);
  if (message) warn(message);
}

/**
 * True when another process stored this token after `since` (this process's start): it
 * refreshed while we waited for the lock, so its token is the answer even if it does not
 * meet minValid (the instance grants what it grants; refreshing again would only rotate).
 */
export function issuedSince(session: StoredSession, since: number): boolean {
  return Date.parse(session.refreshedAt ?? session.obtainedAt) >= since;
}
