// What bin.cjs's early login (early-login.ts) hands to the full CLI's login command
// (commands/login-early.ts). The two are separate bundles that share no module: the handoff is
// one object on globalThis, under a registered symbol.
import type { Health } from "../instance/health.js";
import type { LoginRequest } from "../session/device-flow.js";
import type { ShownCode } from "./show-code.js";

export const EARLY_LOGIN_KEY = Symbol.for("caido-auth.early-login");

export interface EarlyLogin {
  /** The instance it is for, as loginTarget() names it. */
  instanceUrl: string;
  /**
   * True once the config directory took a write (ConfigStore.checkWritable) and /health was
   * sent; false when bin.cjs asked the instance nothing (the full CLI then does it all).
   */
  started: Promise<boolean>;
  /** getHealth's answer. Errors are bin.cjs's instances of the error classes. */
  health: Promise<Health>;
  /** requestLoginCode's answer, asked only once /health answered as Caido. */
  request: Promise<LoginRequest>;
  /** Where the code was drawn (show-code.ts); undefined when there was no code to draw. */
  shown: Promise<ShownCode | undefined>;
  /** Aborts what is still on its way (as the CLI's signal would). */
  cancel(): void;
}

type Holder = { [EARLY_LOGIN_KEY]?: EarlyLogin };

export function publishEarlyLogin(early: EarlyLogin): void {
  (globalThis as Holder)[EARLY_LOGIN_KEY] = early;
}

/** The early login, if bin.cjs started one; taken once. */
export function takeEarlyLogin(): EarlyLogin | undefined {
  const holder = globalThis as Holder;
  const early = holder[EARLY_LOGIN_KEY];
  delete holder[EARLY_LOGIN_KEY];
  return early;
}

const HELD_SIGNALS_KEY = Symbol.for("caido-auth.early-login.signals");
type SignalHolder = { [HELD_SIGNALS_KEY]?: () => NodeJS.Signals[] };

/**
 * From the early login's start until the CLI listens itself, a SIGINT or SIGTERM is kept for
 * the CLI instead of ending the process: the code may be on the screen well before the CLI
 * has loaded, and the login must end there as it ends on the screen (exit 130).
 */
export function holdSignals(): void {
  const held: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => held.push(signal);
  process.on("SIGINT", hold);
  process.on("SIGTERM", hold);
  (globalThis as SignalHolder)[HELD_SIGNALS_KEY] = () => {
    process.off("SIGINT", hold);
    process.off("SIGTERM", hold);
    return held;
  };
}

/** The signals held for the CLI (none when nothing held them); they are held no longer. */
export function releaseHeldSignals(): NodeJS.Signals[] {
  const holder = globalThis as SignalHolder;
  const release = holder[HELD_SIGNALS_KEY];
  delete holder[HELD_SIGNALS_KEY];
  return release ? release() : [];
}
