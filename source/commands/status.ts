// caido-auth status: what is stored, which instance CAIDO_ACCESS_TOKEN overrides (as `gh auth
// status` shows GH_TOKEN), pending logins, and with --check whether it all still works.
// Everything shown that a server or the file supplied passes through safeText.

import type { Context } from "../base/context.js";
import { AuthRequiredError, CaidoAuthError } from "../base/errors.js";
import { safeText } from "../base/safe-text.js";
import { isCleartext } from "../instance/cleartext.js";
import {
  checkTokenValue,
  envExpiry,
  envTokenInstance,
  TOKEN_VARIABLE,
} from "../session/env-token.js";
import {
  detachCommandFor,
  findPending,
  pendingInstances,
  resolveWithPending,
  resumeCommandFor,
} from "../session/pending-login.js";
import { storedRowFields } from "../session/status-row.js";
import { refusedTokenError, resolveToken, type UsableToken } from "../session/usable-token.js";
import type { ConfigData, StoredSession } from "../store/format.js";
import { accountLabel } from "../ui/format.js";
import { instanceArgument, writeLine } from "./_args.js";
import { openStore } from "./_store.js";
import type { Command } from "./command.js";

/** CAIDO_ACCESS_TOKEN overriding the stored session of a row's instance. */
interface EnvOverride {
  expiresAt: string | null;
  /** unknown: no CAIDO_ACCESS_TOKEN_EXPIRES_AT; malformed: a value no command would use. */
  state: "valid" | "expired" | "unknown" | "malformed";
}

/** A `login --no-wait` waiting for `login --resume`. */
interface PendingRow {
  /** waiting: the code can still be approved; expired: start again; malformed: unusable entry. */
  state: "waiting" | "expired" | "malformed";
  userCode: string | null;
  verificationUrl: string | null;
  expiresAt: string | null;
  problem: string | null;
  /** What to run next: --resume while waiting, a new --no-wait otherwise. */
  command: string;
}

type State = "valid" | "expired" | "needs-login" | "malformed" | "pending" | "not-stored";

interface Row {
  instance: string;
  alias: string | null;
  default: boolean;
  account: StoredSession["account"] | null;
  expiresAt: string | null;
  scopes: string[];
  /**
   * needs-login: the instance ended the session; malformed: the stored session is unusable
   * (problem says why); pending: only a pending login; not-stored: only CAIDO_ACCESS_TOKEN.
   */
  state: State;
  /** malformed: what is wrong with the stored session. */
  problem: string | null;
  /** needs-login, malformed, pending: the login that makes the instance usable again. */
  loginCommand: string | null;
  /** Plain HTTP that leaves this machine: tokens cross the network readable. */
  cleartext: boolean;
  pendingLogin: PendingRow | null;
  envToken: EnvOverride | null;
  check?: { ok: boolean; version?: string; error?: string; hint?: string };
}

function pendingRow(config: ConfigData, url: string, now: number): PendingRow | null {
  const found = findPending(config, url);
  if (found.state === "none") return null;
  const restart = detachCommandFor(url);
  if (found.state === "malformed") {
    const none = { userCode: null, verificationUrl: null, expiresAt: null };
    return { state: "malformed", ...none, problem: found.problem, command: restart };
  }
  const { pending } = found;
  const waiting = Date.parse(pending.expiresAt) > now;
  return {
    state: waiting ? "waiting" : "expired",
    userCode: pending.userCode,
    verificationUrl: pending.verificationUrl,
    expiresAt: pending.expiresAt,
    problem: null,
    command: waiting ? resumeCommandFor(url) : restart,
  };
}

function row(url: string, config: ConfigData, now: number): Row {
  const s = config.sessions[url];
  const pendingLogin = pendingRow(config, url, now);
  const login = `caido-auth login ${url}`;
  const base = {
    instance: url,
    default: config.defaultInstance === url,
    problem: null,
    cleartext: isCleartext(url),
    pendingLogin,
    envToken: null,
  };
  if (!s) {
    const found = findPending(config, url);
    return {
      ...base,
      alias: found.state === "pending" ? (found.pending.alias ?? null) : null,
      account: null,
      expiresAt: null,
      scopes: [],
      state: pendingLogin ? "pending" : "not-stored",
      loginCommand: pendingLogin ? pendingLogin.command : null,
    };
  }
  const sessionRow = { ...base, alias: s.alias ?? null, account: s.account ?? null };
  if (s.malformed)
    return {
      ...sessionRow,
      expiresAt: null,
      scopes: [],
      state: "malformed",
      problem: s.malformed,
      loginCommand: login,
    };
  return { ...base, ...storedRowFields(url, s, now) };
}

function envOverride(env: NodeJS.ProcessEnv, now: number): EnvOverride {
  let expiresAt: string | null;
  try {
    checkTokenValue(env[TOKEN_VARIABLE] as string);
    expiresAt = envExpiry(env);
  } catch {
    return { expiresAt: null, state: "malformed" };
  }
  if (expiresAt === null) return { expiresAt, state: "unknown" };
  return { expiresAt, state: Date.parse(expiresAt) > now ? "valid" : "expired" };
}

/** A row some command can use as it is: a session (refreshed if need be) or CAIDO_ACCESS_TOKEN. */
const usable = (r: Row) => r.envToken !== null || r.state === "valid" || r.state === "expired";

async function check(ctx: Context, r: Row, named: string | undefined): Promise<Row["check"]> {
  const [{ getHealth }, { getViewer }, { getAccessToken }] = await Promise.all([
    import("../instance/health.js"),
    import("../instance/auth.js"),
    import("../session/access-token.js"),
  ]);
  try {
    const health = await getHealth(r.instance, ctx.signal);
    // The token commands would use: CAIDO_ACCESS_TOKEN where it overrides, else the stored one.
    const token: UsableToken = r.envToken
      ? await resolveToken(ctx, named)
      : {
          ...(await getAccessToken({ instance: r.instance, env: ctx.env, signal: ctx.signal })),
          source: "store",
        };
    try {
      await getViewer(r.instance, token.accessToken, ctx.signal);
    } catch (error) {
      throw refusedTokenError(error, token);
    }
    return { ok: true, version: health.version };
  } catch (error) {
    if (!(error instanceof CaidoAuthError)) throw error;
    return r.envToken && error.hint
      ? { ok: false, error: error.message, hint: error.hint }
      : { ok: false, error: error.message };
  }
}

function describeOverride(o: EnvOverride): string {
  const when = {
    valid: `valid until ${o.expiresAt}`,
    expired: `EXPIRED at ${o.expiresAt}: run env again or unset it`,
    unknown: "expiry unknown",
    malformed: "MALFORMED: set it again or unset it",
  }[o.state];
  return `  ${TOKEN_VARIABLE} overrides the stored token here (${when})`;
}

function describePending(p: PendingRow): string[] {
  if (p.state === "malformed")
    return [
      `  login pending but unusable (${safeText(p.problem ?? "", 200)}): start again: ${p.command}`,
    ];
  const code = `code ${safeText(p.userCode ?? "", 64)} at ${safeText(p.verificationUrl ?? "", 2048)}`;
  return p.state === "waiting"
    ? [`  login pending: ${code}, until ${p.expiresAt}`, `  finish it: ${p.command}`]
    : [`  login pending: ${code} EXPIRED at ${p.expiresAt}: start again: ${p.command}`];
}

function describe(r: Row): string {
  const alias = r.alias ? ` (${safeText(r.alias, 40)})` : "";
  const marks = `${r.default ? " [default]" : ""}${r.cleartext ? " [cleartext]" : ""}`;
  const lines = [`${safeText(r.instance, 2048)}${alias}${marks}`];
  if (r.account) lines.push(`  account: ${accountLabel(r.account)}`);
  else if (r.state !== "not-stored" && r.state !== "pending") lines.push("  account: unknown");
  if (r.state === "not-stored") lines.push("  nothing stored for this instance");
  if (r.state === "needs-login") lines.push(`  session ended: run ${r.loginCommand}`);
  if (r.state === "malformed")
    lines.push(
      `  MALFORMED stored session (${safeText(r.problem ?? "", 200)}): log in again to replace it: ${r.loginCommand}`,
    );
  if (r.state === "valid" || r.state === "expired") {
    lines.push(
      `  access token ${r.state === "valid" ? "valid until" : "expired at"} ${r.expiresAt}`,
      `  scopes: ${r.scopes.map((s) => safeText(s, 128)).join(", ") || "none"}`,
    );
  }
  if (r.pendingLogin) lines.push(...describePending(r.pendingLogin));
  if (r.cleartext)
    lines.push("  cleartext: plain HTTP to another machine; tokens cross the network unencrypted");
  if (r.envToken) lines.push(describeOverride(r.envToken));
  if (r.check) {
    const { ok, version, error, hint } = r.check;
    lines.push(
      ok
        ? `  check: ok (Caido ${safeText(version ?? "", 64)})`
        : `  check: FAILED: ${safeText(error ?? "", 500)}${hint ? ` ${safeText(hint, 500)}` : ""}`,
    );
  }
  return lines.join("\n");
}

/** The instance CAIDO_ACCESS_TOKEN overrides for this status; undefined (with a warning) when none can be told. */
function overriddenInstance(
  ctx: Context,
  config: ConfigData,
  named: string | undefined,
): string | undefined {
  try {
    return envTokenInstance(config, named, ctx.env);
  } catch (error) {
    if (!(error instanceof CaidoAuthError)) throw error;
    writeLine(ctx.io.stderr, `caido-auth: warning: ${error.message} ${error.hint ?? ""}`.trim());
    return undefined;
  }
}

export const command: Command = {
  async run(values, positionals, ctx) {
    const config = openStore(ctx).read();
    const named = instanceArgument(values, positionals, "status");
    const overridden = overriddenInstance(ctx, config, named);
    const urls = named
      ? [resolveWithPending(config, named, ctx.env)]
      : [...new Set([...Object.keys(config.sessions), ...pendingInstances(config)])];
    if (overridden && !urls.includes(overridden)) urls.push(overridden);
    const now = Date.now();
    const rows: Row[] = [];
    for (const url of urls) {
      const r = row(url, config, now);
      if (url === overridden) r.envToken = envOverride(ctx.env, now);
      else if (r.state === "not-stored") continue; // named, and nothing at all about it
      if (values.check && usable(r)) r.check = await check(ctx, r, named);
      rows.push(r);
    }
    if (values.json) ctx.io.stdout.write(`${JSON.stringify({ instances: rows })}\n`);
    else if (rows.length > 0) ctx.io.stdout.write(`${rows.map(describe).join("\n\n")}\n`);
    if (rows.length === 0) {
      const url = urls[0];
      throw named && url
        ? new AuthRequiredError(`not logged in to ${url}.`, `Log in: caido-auth login ${url}`)
        : new AuthRequiredError("not logged in to any instance.", "Log in: caido-auth login <URL>");
    }
    if (rows.some((r) => r.check && !r.check.ok)) return 1;
    return rows.some(usable) ? 0 : 4;
  },
};
