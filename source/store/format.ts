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
  [unknown: string]: unknown;
}

export interface ConfigData {
  version: number;
  defaultInstance?: string;
  sessions: Record<string, StoredSession>;
  [unknown: string]: unknown;
}

export function emptyConfig(): ConfigData {
  return { version: FORMAT_VERSION, sessions: {} };
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
  for (const [url, session] of Object.entries(sessions)) {
    const s = session as Record<string, unknown> | null;
    if (
      typeof s !== "object" ||
      s === null ||
      typeof s.accessToken !== "string" ||
      typeof s.expiresAt !== "string"
    ) {
      return `session ${url} is malformed`;
    }
  }
  return undefined;
}
