// getAccessToken: a stored token that is fresh enough is returned after one file read, without
// network and without loading conf, GraphQL or Ink; only a refresh loads more. handOutToken
// adds CAIDO_ACCESS_TOKEN (env-token.ts) for the commands that hand tokens out, and first tries
// the quickest read there is (fresh-stored.ts: only the session in use checked).
import { AuthRequiredError } from "../base/errors.js";
import { type ConfigData, emptyConfig, type StoredSession } from "../store/format.js";
import { configDir } from "../store/paths.js";
import { readConfig } from "../store/read.js";
import { endedSession } from "../store/session-check.js";
import { envToken, envTokenOwner, TOKEN_VARIABLE } from "./env-token.js";
import { freshStored } from "./fresh-stored.js";
import { DEFAULT_MIN_VALID_SECONDS, isFreshEnough, warnShortfall } from "./freshness.js";
import { requireSession, resolveInstance } from "./resolve.js";

export interface TokenOptions {
  /** URL or alias; resolved as cli.md says when absent. */
  instance?: string;
  minValid?: number;
  forceRefresh?: boolean;
  /**
   * A token another process stored after this moment (ms since the epoch) is taken as it is,
   * even if fresh for less than minValid. Default: this process's start, right for one CLI
   * run; a long-running script passes the time of its call (the library's functions do).
   */
  since?: number;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
  signal?: AbortSignal;
}

import type { AccessToken } from "./refresh.js";

export type { AccessToken };

/** A token as the commands hand it out: from CAIDO_ACCESS_TOKEN or from the store. */
export interface HandedToken {
  instanceUrl: string;
  accessToken: string;
  expiresAt: string | null;
  scopes: string[] | null;
  source: "env" | "store";
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

interface Setting {
  env: NodeJS.ProcessEnv;
  dir: string;
  warn: (message: string) => void;
  config: ConfigData;
}

const stderrWarn = (m: string) => process.stderr.write(`caido-auth: warning: ${m}\n`);

function read(options: TokenOptions): Setting {
  const env = options.env ?? process.env;
  const warn = options.warn ?? stderrWarn;
  const dir = configDir(env);
  return { env, dir, warn, config: readConfig(dir, warn) ?? emptyConfig() };
}

function lookupStored(options: TokenOptions, setting: Setting): Lookup {
  const { env, dir, warn, config } = setting;
  const resolved = resolveInstance(config, options.instance, env);
  let session: StoredSession;
  try {
    session = requireSession(resolved);
  } catch (error) {
    // CAIDO_ACCESS_TOKEN is set but is not for this instance: say why it was not used.
    if (!env[TOKEN_VARIABLE] || !(error instanceof AuthRequiredError)) throw error;
    const owner = envTokenOwner(config, env);
    const why = `${TOKEN_VARIABLE} is for ${owner ?? "no instance: set CAIDO_INSTANCE to its URL"}`;
    throw new AuthRequiredError(
      error.message,
      `Log in: caido-auth login ${resolved.url} (${why}).`,
    );
  }
  const minValid = options.minValid ?? DEFAULT_MIN_VALID_SECONDS;
  // Ended by the instance, or malformed in the file (named with its problem, so the user knows which).
  if (session.needsLogin) throw endedSession(resolved.url, session);
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
    warnShortfall(warn, resolved.url, session, options.minValid);
  }
  return lookup;
}

async function refreshed(stored: Lookup, options: TokenOptions): Promise<AccessToken> {
  const { refreshUnderLock } = await import("./refresh.js");
  return refreshUnderLock({
    dir: stored.dir,
    instanceUrl: stored.url,
    seenAccessToken: stored.accessToken,
    minValid: stored.minValid,
    warnBelow: options.minValid,
    force: options.forceRefresh ?? false,
    since: options.since,
    warn: stored.warn,
    signal: options.signal,
  });
}

const fromStore = (t: AccessToken): HandedToken => ({
  instanceUrl: t.instanceUrl,
  accessToken: t.accessToken,
  expiresAt: t.expiresAt,
  scopes: t.scopes,
  source: "store",
});

/**
 * The fresh stored token from the quick read, or undefined for anything it leaves to the full
 * one (CAIDO_ACCESS_TOKEN, a refresh, a problem to report: that read reports it in its words).
 */
function quickStored(options: TokenOptions) {
  try {
    return freshStored(
      options.env ?? process.env,
      options.instance,
      options.minValid,
      options.warn ?? stderrWarn,
    );
  } catch {
    return undefined;
  }
}

/** CAIDO_ACCESS_TOKEN when it applies, else the store's lookup. Throws as handOutToken. */
function decide(options: TokenOptions): { handed?: HandedToken; stored?: Lookup } {
  const setting = read(options);
  const fromEnv = envToken(setting.config, options.instance, setting.env, {
    minValid: options.minValid,
    forceRefresh: options.forceRefresh,
    warn: setting.warn,
  });
  if (fromEnv) return { handed: { ...fromEnv, scopes: null, source: "env" } };
  const stored = lookupStored(options, setting);
  return stored.fresh ? { handed: fromStore(stored.fresh) } : { stored };
}

/** The token `token`, `env`, `exec` and `api` use: CAIDO_ACCESS_TOKEN for its own instance, else the store's, refreshed when needed. */
export async function handOutToken(options: TokenOptions = {}): Promise<HandedToken> {
  const quick = options.forceRefresh ? undefined : quickStored(options);
  if (quick) return { ...quick, source: "store" };
  const { handed, stored } = decide(options);
  if (handed) return handed;
  return fromStore(await refreshed(stored as Lookup, options));
}

/** The stored session's token (CAIDO_ACCESS_TOKEN plays no part), refreshed when needed. */
export async function getAccessToken(options: TokenOptions = {}): Promise<AccessToken> {
  const stored = lookupStored(options, read(options));
  if (stored.fresh) return stored.fresh;
  return refreshed(stored, options);
}
