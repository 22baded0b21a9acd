// The library's tokens. A script lives longer than one CLI run: a token another process stored
// counts as new only if it was stored after this call began, not after the process started.
import { AuthRequiredError, CaidoAuthError } from "../base/errors.js";
import {
  type AccessToken,
  getAccessToken as storedAccessToken,
  type TokenOptions,
} from "../session/access-token.js";

/** What caidoFetch and sdkClientOptions take besides the instance. */
export interface LibraryOptions {
  /** Where the config directory and CAIDO_INSTANCE come from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Seconds a token must stay valid to be sent as it is (default 1: a refusal retries anyway). */
  minValid?: number;
  /** Receives warnings (default: stderr). */
  warn?: (message: string) => void;
  /** The fetch that sends the requests (default globalThis.fetch), e.g. one with a proxy dispatcher. */
  fetch?: typeof globalThis.fetch;
}

/** @internal */
export const LIBRARY_MIN_VALID_SECONDS = 1;

/** The stored session's token, refreshed under the instance's lock when needed (as `caido-auth token`). */
export function getAccessToken(options: TokenOptions = {}): Promise<AccessToken> {
  return storedAccessToken({ since: Date.now(), ...options }).catch(asAuthRequired);
}

/** Every "log in again" failure (exit 4) is an AuthRequiredError, so one instanceof covers them. */
function asAuthRequired(error: unknown): never {
  if (
    error instanceof CaidoAuthError &&
    error.exitCode === 4 &&
    !(error instanceof AuthRequiredError)
  )
    throw Object.assign(new AuthRequiredError(error.message, error.hint), { cause: error });
  throw error;
}

/**
 * @internal
 * After the instance refused `refused`: a newer stored token if there is one (another process
 * refreshed), else a forced refresh under the lock. Never rotates twice for one refusal.
 */
export async function renewRefused(refused: string, options: TokenOptions): Promise<AccessToken> {
  const since = Date.now();
  const current = await getAccessToken({ ...options, since, forceRefresh: false });
  if (current.accessToken !== refused) return current;
  return getAccessToken({ ...options, since, forceRefresh: true });
}

/** @internal The getAccessToken options of one library call. */
export function tokenOptions(
  instance: string | undefined,
  options: LibraryOptions,
  signal?: AbortSignal | null,
): TokenOptions {
  return {
    instance,
    env: options.env,
    warn: options.warn,
    minValid: options.minValid ?? LIBRARY_MIN_VALID_SECONDS,
    signal: signal ?? undefined,
  };
}
