// One malformed stored session costs only its own instance: each is checked field by
// field when the file is read; a bad one is replaced in memory by a "needs login" stand-in that
// names the problem, and the original is written back as it was until a login replaces it.
import { AuthRequiredError } from "../base/errors.js";
import { isRfc3339 } from "../base/rfc3339.js";
import { isVisibleAscii } from "../base/visible-ascii.js";
import { type ConfigData, loginCommandFor, type StoredSession } from "./format.js";

/** Longest token kept: a JWT with many claims is a few KB; a megabyte answer is not a token. */
export const TOKEN_MAX = 8192;
const SCOPES_MAX = 64;
const SCOPE_MAX = 128;
const TEXT_MAX = 320;
export const ALIAS_MAX = 40;

const isToken = (value: unknown): value is string =>
  typeof value === "string" &&
  value.length <= TOKEN_MAX &&
  // An ended session keeps an empty access token (refresh.ts markNeedsLogin).
  (value === "" || isVisibleAscii(value));

const isText = (value: unknown, max = TEXT_MAX): value is string =>
  typeof value === "string" && value.length <= max;

function accountProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "account is not an object";
  const a = value as Record<string, unknown>;
  if (!isText(a.id) || a.id === "") return "account.id is not a string";
  for (const key of ["email", "name"] as const) {
    if (a[key] !== undefined && a[key] !== null && !isText(a[key]))
      return `account.${key} is not a string`;
  }
  return undefined;
}

/** Why a stored session cannot be used as it is; undefined when every field has its type. */
export function sessionProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const s = value as Record<string, unknown>;
  if (!isToken(s.accessToken)) return "accessToken is not a token string";
  if (s.refreshToken !== undefined && s.refreshToken !== null && !isToken(s.refreshToken))
    return "refreshToken is neither a token string nor null";
  if (!isRfc3339(s.expiresAt)) return "expiresAt is not an RFC 3339 time";
  if (
    !Array.isArray(s.scopes) ||
    s.scopes.length > SCOPES_MAX ||
    !s.scopes.every((scope) => isText(scope, SCOPE_MAX))
  )
    return "scopes is not a list of strings";
  if (s.account !== undefined) {
    const problem = accountProblem(s.account);
    if (problem) return problem;
  }
  if (s.alias !== undefined && (!isText(s.alias, ALIAS_MAX) || s.alias === ""))
    return "alias is not a short string";
  // obtainedAt is absent from hand-written files; when present it must be a time.
  for (const key of ["obtainedAt", "refreshedAt"] as const) {
    if (s[key] !== undefined && !isRfc3339(s[key])) return `${key} is not an RFC 3339 time`;
  }
  for (const key of ["needsLogin", "guest"] as const)
    if (s[key] !== undefined && typeof s[key] !== "boolean") return `${key} is not a boolean`;
  return undefined;
}

// Stand-in → the value read from the file, so that a write puts back exactly what was there.
const originals = new WeakMap<object, unknown>();

function standIn(raw: unknown, problem: string): StoredSession {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const session: StoredSession = {
    accessToken: "",
    refreshToken: null,
    expiresAt: new Date(0).toISOString(),
    scopes: [],
    obtainedAt: new Date(0).toISOString(),
    needsLogin: true,
    malformed: problem,
  };
  // Keep what is sound, so that the alias still finds it and status says whose it was.
  if (isText(r.alias, ALIAS_MAX) && r.alias !== "") session.alias = r.alias;
  if (r.account !== undefined && !accountProblem(r.account)) session.account = r.account as never;
  originals.set(session, raw);
  return session;
}

/** Replaces each malformed session of freshly parsed data by its stand-in. */
export function quarantineSessions(data: ConfigData): void {
  for (const [url, raw] of Object.entries(data.sessions)) {
    const problem = sessionProblem(raw);
    if (problem) data.sessions[url] = standIn(raw, problem);
  }
}

/** The file's text: stand-ins still in place are written as the original values. */
export function serialiseConfig(data: ConfigData): string {
  return `${JSON.stringify(
    data,
    (_key, value) =>
      typeof value === "object" && value !== null && originals.has(value)
        ? originals.get(value)
        : value,
    "\t",
  )}\n`;
}

/**
 * The exit-4 error for a session that cannot be used: malformed in the file (named, with the
 * problem), or ended by the instance.
 */
export function endedSession(instanceUrl: string, session: StoredSession): AuthRequiredError {
  const login = loginCommandFor(instanceUrl, session);
  if (session.malformed) {
    return new AuthRequiredError(
      `the stored session for ${instanceUrl} is malformed (${session.malformed}); other instances are not affected.`,
      `Log in again to replace it: ${login}`,
    );
  }
  return new AuthRequiredError(
    `the session for ${instanceUrl} has ended.`,
    `Log in again: ${login}`,
  );
}
