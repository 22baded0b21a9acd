// Holds SIGINT, SIGTERM and SIGHUP while a rotated refresh token is in flight or being saved:
// the instance has already spent the old one, so stopping there would cost the session.
// Bounded: a signal still waits at most BOUND_MS, then acts as it would have.
import { debug } from "../base/debug.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export const BOUND_MS = 5_000;

export interface DeferredSignals {
  /** Stops deferring; a signal that came meanwhile now does what it would have done. */
  release(): void;
}

export function deferSignals(boundMs = BOUND_MS): DeferredSignals {
  let pending: NodeJS.Signals | undefined;
  let bound: NodeJS.Timeout | undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(bound);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    if (pending) raise(pending);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (pending) return;
    pending = signal;
    debug(`${signal} received while saving a rotated session: acting on it once it is saved`);
    bound = setTimeout(release, boundMs);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return { release };
}

/**
 * Ends the process as the signal would have: by the signal itself, so the parent sees it. When
 * something else listens for it (a program using the library), that listener was already told
 * and decides.
 */
function raise(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 0) return;
  process.kill(process.pid, signal);
}
