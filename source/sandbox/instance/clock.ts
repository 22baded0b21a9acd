// The instance's own clock, which may be off by some seconds (a machine whose clock drifted),
// and the check Caido makes against the cloud's clock before it accepts a login: more than
// 5 minutes apart is "Date mismatch" (Caido's docs), answered as STALE_DATE.

/** Caido's docs: logins fail when the machine's clock is more than 5 minutes off. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export class Clock {
  #skewMs = 0;

  constructor(skewSeconds = 0) {
    this.skew = skewSeconds;
  }

  /** Seconds this clock is ahead of the real one (negative: behind). */
  set skew(seconds: number) {
    if (!Number.isFinite(seconds)) throw new RangeError("the clock skew must be a finite number");
    this.#skewMs = Math.round(seconds * 1000);
  }

  get skew(): number {
    return this.#skewMs / 1000;
  }

  /** Milliseconds since the epoch, as this machine believes. */
  now(): number {
    return Date.now() + this.#skewMs;
  }
}

/** True when the cloud's Date (ms) and this clock are too far apart for a login. */
export function isStale(cloudDate: number, clock: Clock): boolean {
  // A Date header has whole seconds: allow the second it truncated.
  return Math.abs(clock.now() - cloudDate) > MAX_CLOCK_SKEW_MS + 1000;
}

/** An HTTP Date header in ms, or undefined when absent or unreadable. */
export function parseHttpDate(header: string | null): number | undefined {
  if (!header) return undefined;
  const ms = Date.parse(header);
  return Number.isFinite(ms) ? ms : undefined;
}
