// The config file's format. Fields this version does not know are kept on rewrite,
// because every update mutates the parsed object rather than rebuilding it.

export const FORMAT_VERSION = 1;

export interface Account {
  id: string;
  email?: string;
  name?: string;
}

export interface StoredSession {
  alias?: string;
  accessToken: string;
  refreshToken?: string | null;
  /** RFC 3339. */
  expiresAt: string;
  scopes: string[];
  account?: Account;
  obtainedAt: string;
  refreshedAt?: string;
  /** Set when the instance refused the refresh token: only a new login helps. */
  needsLogin?: boolean;
  /** A guest's session (login --guest): no Caido account, and a new login is a guest's too. */
  guest?: boolean;
  /**
   * Never in the file: set on the stand-in for a session whose fields do not have their types
   * (session-check.ts), saying which. Such a session needs a login; others are unaffected.
   */
  malformed?: string;
  [unknown: string]: unknown;
}

/**
 * A device-flow login started by `login --no-wait`, finished by `login --resume`. No tokens:
 * only what it takes to subscribe for the approval and to store the session as login would.
 */
export interface PendingLogin {
  requestId: string;
  userCode: string;
  verificationUrl: string;
  /** RFC 3339. */
  expiresAt: string;
  startedAt: string;
  /** --name and --default as given to `login --no-wait`. */
  alias?: string;
  makeDefault?: boolean;
  [unknown: string]: unknown;
}

export interface ConfigData {
  version: number;
  defaultInstance?: string;
  sessions: Record<string, StoredSession>;
  /**
   * Keyed by instance URL, at most one each. A top-level key of its own: older versions keep it
   * untouched and commands that list sessions never see it. Entries are checked one by one
   * (pendingLoginProblem), so a bad one never makes the whole file unreadable.
   */
  pendingLogins?: Record<string, unknown>;
  [unknown: string]: unknown;
}

export function emptyConfig(): ConfigData {
  return { version: FORMAT_VERSION, sessions: {} };
}

const LIMITS = { requestId: 256, userCode: 64, verificationUrl: 2048, alias: 40 } as const;

const shortString = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= max;

/** Why a pending login (from the file, or about to be stored) is unusable; undefined when fine. */
export function pendingLoginProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const p = value as Record<string, unknown>;
  if (!shortString(p.requestId, LIMITS.requestId)) return "bad request id";
  if (!shortString(p.userCode, LIMITS.userCode) || /\s/.test(p.userCode)) return "bad user code";
  if (!shortString(p.verificationUrl, LIMITS.verificationUrl)) return "bad verification URL";
  let url: URL;
  try {
    url = new URL(p.verificationUrl);
  } catch {
    return "bad verification URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "bad verification URL";
  for (const key of ["expiresAt", "startedAt"] as const) {
    const time = p[key];
    if (typeof time !== "string" || time.length > 64 || Number.isNaN(Date.parse(time)))
      return `bad ${key}`;
  }
  if (p.alias !== undefined && !shortString(p.alias, LIMITS.alias)) return "bad alias";
  if (p.makeDefault !== undefined && typeof p.makeDefault !== "boolean") return "bad makeDefault";
  return undefined;
}

/** Why the data is not ours, or undefined when it is. */
export function formatProblem(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "not a JSON object";
  const record = data as Record<string, unknown>;
  if (typeof record.version !== "number") return "no format version";
  if (record.version > FORMAT_VERSION) {
    return `format version ${record.version} is newer than this caido-auth understands`;
  }
  const sessions = record.sessions;
  if (typeof sessions !== "object" || sessions === null || Array.isArray(sessions)) {
    return "no sessions object";
  }
  // Sessions are checked one by one (session-check.ts): a malformed one costs only its own
  // instance, never the others or the file.
  // pendingLogins is deliberately not checked here: a broken entry costs one pending login
  // (login --resume names it), never the stored sessions.
  return undefined;
}

/** The login that makes a session like this one again: a guest's for a guest session. */
export function loginCommandFor(instanceUrl: string, session?: { guest?: boolean }): string {
  return `caido-auth login ${instanceUrl}${session?.guest ? " --guest" : ""}`;
}
