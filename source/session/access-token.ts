// getAccessToken: the fast path. A stored token that is fresh enough is returned after one
// file read, without network and without loading conf, GraphQL or Ink; only a refresh loads more.
import { AuthRequiredError } from "../errors.js";
import { emptyConfig } from "../store/format.js";
import { configDir } from "../store/paths.js";
import { readConfig } from "../store/read.js";
import { DEFAULT_MIN_VALID_SECONDS, isFreshEnough } from "./freshness.js";
import { requireSession, resolveInstance } from "./resolve.js";

export interface TokenOptions {
  /** URL or alias; resolved as cli.md says when absent. */
  instance?: string;
  minValid?: number;
  forceRefresh?: boolean;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
  signal?: AbortSignal;
}

export interface AccessToken {
  instanceUrl: string;
  accessToken: string;
  expiresAt: string;
  scopes: string[];
  refreshed: boolean;
}

interface Lookup {
  dir: string;
  url: string;
  accessToken: string;
  minValid: number;
  warn: (message: string) => void;
  /** The stored token when it is fresh enough; undefined when a refresh is needed. */
  fresh?: AccessToken;
}

function lookupStored(options: TokenOptions): Lookup {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`caido-auth: warning: ${m}\n`));
  const dir = configDir(env);
  const config = readConfig(dir, warn) ?? emptyConfig();
  const resolved = resolveInstance(config, options.instance, env);
  const session = requireSession(resolved);
  const minValid = options.minValid ?? DEFAULT_MIN_VALID_SECONDS;
  if (session.needsLogin) {
    throw new AuthRequiredError(
      `the session for ${resolved.url} has ended.`,
      `Log in again: caido-auth login ${resolved.url}`,
    );
  }
  const lookup: Lookup = {
    dir,
    url: resolved.url,
    accessToken: session.accessToken,
    minValid,
    warn,
  };
  if (!options.forceRefresh && isFreshEnough(session, Date.now(), minValid)) {
    const { accessToken, expiresAt, scopes } = session;
    lookup.fresh = { instanceUrl: resolved.url, accessToken, expiresAt, scopes, refreshed: false };
  }
  return lookup;
}

/** Synchronous, file-only: the stored token if it is fresh enough, else undefined. Throws as getAccessToken. */
export function freshStoredToken(options: TokenOptions = {}): AccessToken | undefined {
  return lookupStored(options).fresh;
}

export async function getAccessToken(options: TokenOptions = {}): Promise<AccessToken> {
  const stored = lookupStored(options);
  if (stored.fresh) return stored.fresh;
  const { refreshUnderLock } = await import("./refresh.js");
  return refreshUnderLock({
    dir: stored.dir,
    instanceUrl: stored.url,
    seenAccessToken: stored.accessToken,
    minValid: stored.minValid,
    force: options.forceRefresh ?? false,
    warn: stored.warn,
    signal: options.signal,
  });
}
