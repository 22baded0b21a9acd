// The stored token bin.cjs hands out without the full CLI: one read, one JSON.parse, and only
// the session in use checked (session-check.ts), however many are stored. Whatever the full
// CLI would answer differently (CAIDO_ACCESS_TOKEN, a malformed or ended session, a refresh,
// any error) is undefined here, and the full CLI answers it.

import { join } from "node:path";
import { DEFAULT_MIN_VALID_SECONDS, isFreshEnough, warnShortfall } from "../session/freshness.js";
import { looksLikeSecret } from "../session/secret-argument.js";
import { checkDir, readOwnFile } from "../store/files.js";
import { formatProblem, type StoredSession } from "../store/format.js";
import { ALIAS_MAX, sessionProblem } from "../store/session-check.js";
import { looksLikeUrl, normaliseInstanceUrl } from "../store/url.js";
import { CONFIG_FILE_NAME, configDirWith, homeFromEnv } from "./config-dir.js";

export interface FreshStored {
  instanceUrl: string;
  accessToken: string;
  expiresAt: string;
  scopes: string[];
}

const hasOwn = (object: object, key: string) => Object.hasOwn(object, key);

/**
 * The URL resolveInstance (session/resolve.ts) gives for `named` over these sessions, read
 * raw: an alias matches only where the checked session would keep it (a string of at most
 * ALIAS_MAX characters). Undefined where resolution would fail.
 */
function urlFor(sessions: Record<string, unknown>, named: string): string | undefined {
  if (named.length <= ALIAS_MAX) {
    for (const url in sessions) {
      const session = sessions[url];
      if (typeof session === "object" && session !== null && "alias" in session) {
        if ((session as { alias: unknown }).alias === named) return url;
      }
    }
  }
  if (!looksLikeUrl(named)) return undefined;
  return normaliseInstanceUrl(named); // throws for a bad URL: the caller falls back
}

export type RawConfig = { sessions: Record<string, unknown> } & Record<string, unknown>;

/**
 * config.json as readConfig (store/read.ts) checks it, its sessions left unchecked; undefined
 * when the full CLI must answer (CAIDO_ACCESS_TOKEN set: env-token.ts decides its instance).
 */
export function readRaw(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): RawConfig | undefined {
  if (env.CAIDO_ACCESS_TOKEN) return undefined;
  const dir = configDirWith(env, () => homeFromEnv(env));
  if (dir === undefined || !checkDir(dir, warn)) return undefined;
  const read = readOwnFile(join(dir, CONFIG_FILE_NAME), warn);
  if (read === undefined || "error" in read) return undefined;
  const data = JSON.parse(read.text) as RawConfig;
  return formatProblem(data) ? undefined : data;
}

/** The instance's fresh stored token, or undefined (and the full CLI answers). May throw: the same. */
export function freshStored(
  env: NodeJS.ProcessEnv,
  instance: string | undefined,
  minValid: number | undefined,
  warn: (message: string) => void,
): FreshStored | undefined {
  const data = readRaw(env, warn);
  if (data === undefined) return undefined;
  const { sessions } = data;

  const named = instance ?? (env.CAIDO_INSTANCE || undefined) ?? data.defaultInstance;
  let url: string | undefined;
  if (named !== undefined && named !== "") {
    if (typeof named !== "string" || looksLikeSecret(named)) return undefined;
    url = urlFor(sessions, named);
  } else {
    const urls = Object.keys(sessions);
    if (urls.length === 1) url = urls[0];
  }
  if (url === undefined || !hasOwn(sessions, url)) return undefined;

  const session = sessions[url];
  if (sessionProblem(session)) return undefined;
  const checked = session as StoredSession;
  if (checked.needsLogin) return undefined;
  if (!isFreshEnough(checked, Date.now(), minValid ?? DEFAULT_MIN_VALID_SECONDS)) return undefined;
  warnShortfall(warn, url, checked, minValid);
  const { accessToken, expiresAt, scopes } = checked;
  return { instanceUrl: url, accessToken, expiresAt, scopes };
}
