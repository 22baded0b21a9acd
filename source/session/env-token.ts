// CAIDO_ACCESS_TOKEN belongs to one instance: the one in CAIDO_INSTANCE or, when that is unset,
// the one a command naming none would use. A command aimed at any other instance uses that
// instance's stored session. The variable cannot be refreshed, so a dead one is refused, never printed.
import { AuthRequiredError, UsageError } from "../base/errors.js";
import { isRfc3339 } from "../base/rfc3339.js";
import { isVisibleAscii } from "../base/visible-ascii.js";
import type { ConfigData } from "../store/format.js";
import { instanceVariable } from "./instance-variable.js";
import { lookup, resolveInstance } from "./resolve.js";

export const TOKEN_VARIABLE = "CAIDO_ACCESS_TOKEN";
export const EXPIRY_VARIABLE = "CAIDO_ACCESS_TOKEN_EXPIRES_AT";
export const RENEW_HINT = `Re-run eval "$(caido-auth env)" for a new one, or unset ${TOKEN_VARIABLE} to use the stored session.`;

/** Longer than any bearer token we have seen, short enough for any HTTP server's header limit. */
const MAX_TOKEN_LENGTH = 8192;

export interface EnvToken {
  instanceUrl: string;
  accessToken: string;
  /** RFC 3339 from CAIDO_ACCESS_TOKEN_EXPIRES_AT; null when it is not set. */
  expiresAt: string | null;
}

const nonEmpty = (value: string | undefined) => (value === "" ? undefined : value);

/**
 * The normalised URL of the instance CAIDO_ACCESS_TOKEN belongs to: CAIDO_INSTANCE or, when
 * that is unset, the one a command naming none would use (the default, or the only one
 * stored), as GH_TOKEN stands for github.com. Undefined when the variable is unset or no
 * instance can be told.
 */
export function envTokenOwner(config: ConfigData, env: NodeJS.ProcessEnv): string | undefined {
  if (!env[TOKEN_VARIABLE]) return undefined;
  const own = instanceVariable(env);
  if (own !== undefined) return lookup(config, own);
  try {
    return resolveInstance(config, undefined, env).url;
  } catch {
    return undefined;
  }
}

/**
 * The URL of the instance a command naming `argument` (a URL, an alias or nothing) means when
 * CAIDO_ACCESS_TOKEN applies to it; undefined when the variable is unset or belongs to another
 * instance. Throws a usage error when it is set, the command names no instance, and none can
 * be told (nothing stored, or several and no default).
 */
export function envTokenInstance(
  config: ConfigData,
  argument: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (!env[TOKEN_VARIABLE]) return undefined;
  const owner = envTokenOwner(config, env);
  if (nonEmpty(argument) !== undefined)
    return owner !== undefined && lookup(config, argument as string) === owner ? owner : undefined;
  if (owner !== undefined) return owner;
  // Report an unknown CAIDO_INSTANCE alias as resolution does; otherwise the token's instance is unknown.
  if (instanceVariable(env) !== undefined) return resolveInstance(config, undefined, env).url;
  throw new UsageError(
    `${TOKEN_VARIABLE} is set, but no instance is named for it.`,
    "Set CAIDO_INSTANCE to the instance's URL as well (caido-auth env sets both).",
  );
}

/** Refuses a value that could never be a token (and would break the HTTP header), without echoing it. */
export function checkTokenValue(value: string): void {
  if (!isVisibleAscii(value)) {
    throw new UsageError(
      `${TOKEN_VARIABLE} contains a line break, a space or a character outside visible ASCII, which no access token has.`,
      `Set it again from caido-auth env, or unset it.`,
    );
  }
  if (value.length > MAX_TOKEN_LENGTH) {
    throw new UsageError(
      `${TOKEN_VARIABLE} is longer than ${MAX_TOKEN_LENGTH} characters, which no access token is.`,
      `Set it again from caido-auth env, or unset it.`,
    );
  }
}

/** The expiry from CAIDO_ACCESS_TOKEN_EXPIRES_AT: null when unset; a usage error when malformed. */
export function envExpiry(env: NodeJS.ProcessEnv): string | null {
  const raw = nonEmpty(env[EXPIRY_VARIABLE]);
  if (raw === undefined) return null;
  if (!isRfc3339(raw, Number.POSITIVE_INFINITY)) {
    throw new UsageError(
      `${EXPIRY_VARIABLE} is not an RFC 3339 time such as 2030-01-01T00:00:00Z.`,
      `Set it from caido-auth env, or unset it.`,
    );
  }
  return raw;
}

export interface EnvTokenOptions {
  /** Only when the user gave --min-valid: a shorter remaining life is warned about. */
  minValid?: number;
  forceRefresh?: boolean;
  warn: (message: string) => void;
  now?: number;
}

/**
 * CAIDO_ACCESS_TOKEN when it applies to the instance the command names, checked; undefined
 * when the store's session is the answer. An expired one is exit 4 (dead means expired: a
 * token short of --min-valid is still handed out, with a warning, since nothing can renew it).
 */
export function envToken(
  config: ConfigData,
  argument: string | undefined,
  env: NodeJS.ProcessEnv,
  options: EnvTokenOptions,
): EnvToken | undefined {
  const instanceUrl = envTokenInstance(config, argument, env);
  if (instanceUrl === undefined) return undefined;
  const accessToken = env[TOKEN_VARIABLE] as string;
  checkTokenValue(accessToken);
  const expiresAt = envExpiry(env);
  if (options.forceRefresh) {
    throw new UsageError(
      `--force-refresh cannot refresh ${TOKEN_VARIABLE}: it comes from the environment, not the store.`,
      `Unset ${TOKEN_VARIABLE} to refresh the stored session for ${instanceUrl}.`,
    );
  }
  if (expiresAt !== null) {
    const remaining = Math.floor((Date.parse(expiresAt) - (options.now ?? Date.now())) / 1000);
    if (remaining <= 0) {
      throw new AuthRequiredError(
        `${TOKEN_VARIABLE} for ${instanceUrl} expired at ${expiresAt} (${EXPIRY_VARIABLE}).`,
        RENEW_HINT,
      );
    }
    if (options.minValid !== undefined && remaining < options.minValid) {
      options.warn(
        `${TOKEN_VARIABLE} is valid for ${remaining} s more, less than --min-valid ${options.minValid}, and cannot be refreshed. ${RENEW_HINT}`,
      );
    }
  }
  return { instanceUrl, accessToken, expiresAt };
}
