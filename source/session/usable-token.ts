// The token a command should use: CAIDO_ACCESS_TOKEN for its own instance only (CAIDO_INSTANCE,
// or the one the command would use when it names none), else the store's, refreshed as needed.
import type { Context } from "../base/context.js";
import { InstanceFailure } from "../instance/errors.js";
import { handOutToken } from "./access-token.js";
import { RENEW_HINT, TOKEN_VARIABLE } from "./env-token.js";

export interface UsableToken {
  instanceUrl: string; // always the normalised URL (aliases resolved)
  accessToken: string;
  expiresAt: string | null; // RFC 3339, null when unknown (env token without expiry)
  scopes: string[] | null;
  source: "env" | "store"; // "env" = CAIDO_ACCESS_TOKEN: nothing to refresh
}

/**
 * Throws UsageError (exit 2) for a malformed CAIDO_ACCESS_TOKEN or its expiry, for
 * --force-refresh with it, or when it is set with no instance to tell; AuthRequiredError
 * (exit 4) when CAIDO_ACCESS_TOKEN_EXPIRES_AT has passed. `minValid` given: a token handed
 * out with less is warned about on stderr.
 */
export function resolveToken(
  ctx: Context,
  instance: string | undefined,
  options: {
    minValid?: number;
    forceRefresh?: boolean;
    /** A token stored after this moment by another process is taken as is (default: process start). */
    since?: number;
  } = {},
): Promise<UsableToken> {
  const warn = (message: string) => ctx.io.stderr.write(`caido-auth: warning: ${message}\n`);
  // ctx.signal is read only when a refresh needs it (the fast path makes it on demand).
  return handOutToken({
    instance,
    env: ctx.env,
    get signal() {
      return ctx.signal;
    },
    warn,
    ...options,
  });
}

/**
 * The error to report when the instance refused `token` (InvalidTokenError, kind
 * "invalid-token"): for CAIDO_ACCESS_TOKEN, one whose hint names the variable, since
 * refreshing cannot help; any other error as it is. For every command that sends a token.
 */
export function refusedTokenError(error: unknown, token: UsableToken): unknown {
  if (token.source !== "env") return error;
  if (!(error instanceof InstanceFailure) || error.kind !== "invalid-token") return error;
  // Same kind and exit code (4), so callers that look at them still can.
  return new InstanceFailure(
    "invalid-token",
    `${error.message.replace(/\.$/, "")}: it came from ${TOKEN_VARIABLE}.`,
    RENEW_HINT,
    4,
  );
}
