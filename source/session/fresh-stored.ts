// The stored token bin.cjs hands out without the full CLI: one read, one JSON.parse, and only
// the session in use checked (session-check.ts), however many are stored; past a size, the
// index and that session alone (config-index.ts). Whatever needs more (CAIDO_ACCESS_TOKEN, a
// malformed or ended session, a refresh, any error) is undefined here: the
// command's own code (getAccessToken) answers it, and `status --json` falls back to the full CLI.

import { closeSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { looksLikeSecret } from "../base/secret-argument.js";
import { CONFIG_FILE_NAME, configDirWith, homeFromEnv } from "../store/config-dir.js";
import {
  type ConfigIndex,
  INDEX_MIN_BYTES,
  indexedAlias,
  indexedSpan,
  loadIndex,
  readSpan,
  saveIndex,
} from "../store/config-index.js";
import { checkDir, openOwnFile, readOwnFile } from "../store/files.js";
import { formatProblem, type StoredSession } from "../store/format.js";
import { ALIAS_MAX, sessionProblem } from "../store/session-check.js";
import { looksLikeUrl, normaliseInstanceUrl } from "../store/url.js";
import { DEFAULT_MIN_VALID_SECONDS, isFreshEnough, warnShortfall } from "./freshness.js";
import { instanceVariable } from "./instance-variable.js";

export interface FreshStored {
  instanceUrl: string;
  accessToken: string;
  expiresAt: string;
  scopes: string[];
}

const hasOwn = (object: object, key: string) => Object.hasOwn(object, key);

/** What freshStored needs of config.json: read whole, or through its index (config-index.ts). */
interface StoredView {
  defaultInstance: unknown;
  /** The URL of the first session (in the order names resolve) with this alias. */
  aliased(alias: string): string | undefined;
  /** The URL stored when exactly one is. */
  only(): string | undefined;
  has(url: string): boolean;
  session(url: string): unknown;
}

function wholeView(data: RawConfig): StoredView {
  const { sessions } = data;
  return {
    defaultInstance: data.defaultInstance,
    aliased(alias) {
      for (const url in sessions) {
        const session = sessions[url];
        if (typeof session === "object" && session !== null && "alias" in session) {
          if ((session as { alias: unknown }).alias === alias) return url;
        }
      }
      return undefined;
    },
    only() {
      const urls = Object.keys(sessions);
      return urls.length === 1 ? urls[0] : undefined;
    },
    has: (url) => hasOwn(sessions, url),
    session: (url) => sessions[url],
  };
}

function indexedView(index: ConfigIndex, fd: number, size: number): StoredView {
  return {
    defaultInstance: index.defaultInstance,
    aliased: (alias) => indexedAlias(index, alias),
    only: () => (index.count === 1 ? Object.keys(index.sessions)[0] : undefined),
    has: (url) => hasOwn(index.sessions, url),
    session(url) {
      const span = indexedSpan(index, url, size);
      // A span in doubt: as if malformed, and the full CLI reads the whole file.
      return span ? readSpan(fd, span, url) : undefined;
    },
  };
}

/**
 * The URL resolveInstance (session/resolve.ts) gives for `named` over these sessions, read
 * raw: an alias matches only where the checked session would keep it (a string of at most
 * ALIAS_MAX characters). Undefined where resolution would fail.
 */
function urlFor(view: StoredView, named: string): string | undefined {
  if (named.length <= ALIAS_MAX) {
    const url = view.aliased(named);
    if (url !== undefined) return url;
  }
  if (!looksLikeUrl(named)) return undefined;
  return normaliseInstanceUrl(named); // throws for a bad URL: the caller falls back
}

export type RawConfig = { sessions: Record<string, unknown> } & Record<string, unknown>;

/**
 * The config directory bin.cjs may read, or undefined when it must not answer alone
 * (CAIDO_ACCESS_TOKEN set: env-token.ts decides its instance).
 */
function readableDir(env: NodeJS.ProcessEnv, warn: (message: string) => void): string | undefined {
  if (env.CAIDO_ACCESS_TOKEN) return undefined;
  const dir = configDirWith(env, () => homeFromEnv(env));
  return dir !== undefined && checkDir(dir, warn) ? dir : undefined;
}

/**
 * config.json as readConfig (store/read.ts) checks it, its sessions left unchecked; undefined
 * when bin.cjs must not answer alone.
 */
export function readRaw(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): RawConfig | undefined {
  const dir = readableDir(env, warn);
  if (dir === undefined) return undefined;
  const read = readOwnFile(join(dir, CONFIG_FILE_NAME), warn);
  if (read === undefined || "error" in read) return undefined;
  const data = JSON.parse(read.text) as RawConfig;
  return formatProblem(data) ? undefined : data;
}

/** Runs `use` on config.json as readRaw checks it, through its index when it has a valid one. */
function withView<T>(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
  use: (view: StoredView) => T | undefined,
): T | undefined {
  const dir = readableDir(env, warn);
  if (dir === undefined) return undefined;
  const opened = openOwnFile(join(dir, CONFIG_FILE_NAME), warn);
  if (opened === undefined || "error" in opened) return undefined;
  const { fd, stat } = opened;
  try {
    if (stat.size < INDEX_MIN_BYTES) {
      const data = JSON.parse(readFileSync(fd, "utf8")) as RawConfig;
      return formatProblem(data) ? undefined : use(wholeView(data));
    }
    const index = loadIndex(dir, stat);
    if (index) return use(indexedView(index, fd, stat.size));
    const bytes = readFileSync(fd);
    const data = JSON.parse(bytes.toString("utf8")) as RawConfig;
    if (formatProblem(data)) return undefined;
    saveIndex(dir, stat, bytes, data);
    return use(wholeView(data));
  } finally {
    closeSync(fd);
  }
}

/** The instance's fresh stored token, or undefined (the slower path answers then). May throw: the same. */
export function freshStored(
  env: NodeJS.ProcessEnv,
  instance: string | undefined,
  minValid: number | undefined,
  warn: (message: string) => void,
): FreshStored | undefined {
  return withView(env, warn, (view) => {
    const named = instance ?? instanceVariable(env) ?? view.defaultInstance;
    let url: string | undefined;
    if (named !== undefined && named !== "") {
      if (typeof named !== "string" || looksLikeSecret(named)) return undefined;
      url = urlFor(view, named);
    } else {
      url = view.only();
    }
    if (url === undefined || !view.has(url)) return undefined;

    const session = view.session(url);
    if (sessionProblem(session)) return undefined;
    const checked = session as StoredSession;
    if (checked.needsLogin) return undefined;
    if (!isFreshEnough(checked, Date.now(), minValid ?? DEFAULT_MIN_VALID_SECONDS))
      return undefined;
    warnShortfall(warn, url, checked, minValid);
    const { accessToken, expiresAt, scopes } = checked;
    return { instanceUrl: url, accessToken, expiresAt, scopes };
  });
}
