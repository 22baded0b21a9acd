// The login command's side of bin.cjs's early login (fast/early-login.ts): the answers it got
// and the code it drew, taken over as if this process had asked for them itself. bin.cjs has
// its own copies of the error classes (a separate bundle): its failures are turned into this
// bundle's, with the same words and exit codes, so that they are reported exactly as the
// CLI's own would be.
import { AuthRequiredError, CaidoAuthError, CancelledError, UsageError } from "../base/errors.js";
import { type FailureKind, InstanceFailure } from "../instance/errors.js";
import type { Health } from "../instance/health.js";
import { takeEarlyLogin } from "../ui/early-login-handoff.js";
import type { EarlyCode } from "../ui/interactive-login.js";

/** The early login's answers, its failures as this bundle's errors. */
export interface EarlyAnswers extends EarlyCode {
  health: Promise<Health>;
}

type ForeignError = Error & { exitCode?: number; hint?: string; kind?: FailureKind };

/** An error from bin.cjs's bundle as this bundle's own; anything else as it is. */
export function ownError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof CaidoAuthError) return error;
  const { message, hint, exitCode, kind } = error as ForeignError;
  switch (error.name) {
    case "InstanceFailure":
      return kind === undefined ? error : new InstanceFailure(kind, message, hint, exitCode);
    case "CancelledError":
      return new CancelledError(message);
    case "AuthRequiredError":
      return new AuthRequiredError(message, hint);
    case "UsageError":
      return new UsageError(message, hint);
    case "CaidoAuthError":
      return new CaidoAuthError(message, exitCode, hint);
    default:
      return error;
  }
}

/** The promise with this bundle's errors; a failure nobody awaits is not an unhandled one. */
function owned<T>(promise: Promise<T>): Promise<T> {
  const own = promise.catch((error: unknown) => {
    throw ownError(error);
  });
  own.catch(() => {});
  return own;
}

/**
 * The early login for this instance, if bin.cjs started one and asked the instance anything:
 * cancelled with the login (signal). Any other early login is cancelled and left unused.
 */
export async function claimEarlyLogin(
  instanceUrl: string,
  interactive: boolean,
  signal: AbortSignal,
): Promise<EarlyAnswers | undefined> {
  const early = takeEarlyLogin();
  if (!early) return undefined;
  if (!interactive || early.instanceUrl !== instanceUrl) {
    early.cancel();
    return undefined;
  }
  if (!(await early.started)) return undefined;
  if (signal.aborted) early.cancel();
  else signal.addEventListener("abort", () => early.cancel(), { once: true });
  return { health: owned(early.health), request: owned(early.request), shown: early.shown };
}
