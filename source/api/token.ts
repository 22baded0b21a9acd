// The api command's view of the token: resolveToken for every call (it reads the store and
// refreshes only when needed), a forced refresh after a refusal, and what to say when even
// the fresh one is refused.

import type { Context } from "../base/context.js";
import { invalidToken } from "../instance/errors.js";
import { InvalidTokenError } from "../instance/graphql.js";
import { refusedTokenError, resolveToken, type UsableToken } from "../session/usable-token.js";

export interface TokenSource {
  /** A token valid for minValid seconds (resolveToken's default when absent). */
  current(minValid?: number): Promise<UsableToken>;
  /** A token refreshed now because the last one was refused; refuses for CAIDO_ACCESS_TOKEN. */
  refreshed(): Promise<UsableToken>;
  /** False for CAIDO_ACCESS_TOKEN (known after the first current()). */
  readonly renewable: boolean;
}

type ResolveOptions = Parameters<typeof resolveToken>[2];

/**
 * resolveToken's options for a call made now. `since`: a token stored after this moment by
 * another process is taken as it is. By default that moment is the process's start, which is
 * right for a one-shot command; api may run for hours and refresh many times itself, and its
 * own earlier refresh must not pass for another process's.
 */
function optionsNow(options: { minValid?: number; forceRefresh?: boolean }): ResolveOptions {
  return { ...options, since: Date.now() };
}

export function tokenSource(ctx: Context, instance: string | undefined): TokenSource {
  let last: UsableToken | undefined;
  const remember = (token: UsableToken) => {
    last = token;
    return token;
  };
  return {
    async current(minValid) {
      const options = optionsNow(minValid === undefined ? {} : { minValid });
      return remember(await resolveToken(ctx, last?.instanceUrl ?? instance, options));
    },
    async refreshed() {
      const token = last ?? (await this.current());
      if (token.source !== "store") throw refusedTokenFailure(token);
      return remember(
        await resolveToken(ctx, token.instanceUrl, optionsNow({ forceRefresh: true })),
      );
    },
    get renewable() {
      return last?.source === "store";
    },
  };
}

/** The instance refused `token` even after a refresh (or it cannot be refreshed). */
export function refusedTokenFailure(token: UsableToken): Error {
  if (token.source === "env") {
    return refusedTokenError(
      new InvalidTokenError(token.instanceUrl, "INVALID_TOKEN"),
      token,
    ) as Error;
  }
  return invalidToken(token.instanceUrl, `caido-auth login ${token.instanceUrl}`);
}

/**
 * Runs call with a token; when the instance refuses it (InvalidTokenError), refreshes a
 * stored session once and runs call again. The token used comes back with the result.
 */
export async function withToken<T>(
  tokens: TokenSource,
  call: (token: UsableToken) => Promise<T>,
): Promise<{ result: T; token: UsableToken }> {
  const token = await tokens.current();
  try {
    return { result: await call(token), token };
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    if (token.source !== "store") throw refusedTokenError(error, token);
    const fresh = await tokens.refreshed();
    try {
      return { result: await call(fresh), token: fresh };
    } catch (again) {
      if (again instanceof InvalidTokenError) throw refusedTokenFailure(fresh);
      throw again;
    }
  }
}
