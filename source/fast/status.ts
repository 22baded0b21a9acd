// `status --json` from bin.cjs in the common case: every stored session well-formed, no pending
// login, no CAIDO_ACCESS_TOKEN, no proxy settings. The rows share status.ts's storedRowFields
// (same keys in the same order); test/e2e/fast-path.test.ts compares the two byte for byte.
import { isLoopbackHost } from "../instance/cleartext.js";
import { readRaw } from "../session/fresh-stored.js";
import { storedRowFields } from "../session/status-row.js";
import type { StoredSession } from "../store/format.js";
import { sessionProblem } from "../store/session-check.js";

/** stdout and exit code of `status --json`, or undefined when the full CLI must answer. */
export function fastStatusJson(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): { stdout: string; code: number } | undefined {
  // A proxy can make a loopback instance cleartext (cleartext.ts): leave that to the full CLI.
  for (const name in env) if (/proxy/i.test(name)) return undefined;
  const data = readRaw(env, warn);
  if (data === undefined) return undefined;
  const pending = data.pendingLogins;
  if (pending !== undefined && !(isPlainObject(pending) && Object.keys(pending).length === 0))
    return undefined;
  const now = Date.now();
  const rows = [];
  let usable = false;
  for (const url in data.sessions) {
    const s = data.sessions[url];
    if (sessionProblem(s)) return undefined;
    const session = s as StoredSession;
    if (session.malformed !== undefined) return undefined; // status.ts shows such a row as malformed
    const fields = storedRowFields(url, session, now);
    if (fields.state !== "needs-login") usable = true;
    let cleartext: boolean;
    try {
      const parsed = new URL(url);
      cleartext = parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname);
    } catch {
      cleartext = false;
    }
    rows.push({
      instance: url,
      default: data.defaultInstance === url,
      problem: null,
      cleartext,
      pendingLogin: null,
      envToken: null,
      ...fields,
    });
  }
  if (rows.length === 0) return undefined; // "not logged in": the full CLI says it
  return { stdout: `${JSON.stringify({ instances: rows })}\n`, code: usable ? 0 : 4 };
}

const isPlainObject = (value: unknown): value is object =>
  typeof value === "object" && value !== null && !Array.isArray(value);
