// caido-auth status: what is stored, which instance CAIDO_ACCESS_TOKEN overrides (as `gh auth
// status` shows GH_TOKEN), and with --check whether it all still works.
import type { Command } from "../command.js";
import type { Context } from "../context.js";
import { AuthRequiredError, CaidoAuthError } from "../errors.js";
import {
  checkTokenValue,
  envExpiry,
  envTokenInstance,
  TOKEN_VARIABLE,
} from "../session/env-token.js";
import { resolveInstance } from "../session/resolve.js";
import type { ConfigData, StoredSession } from "../store/format.js";
import { instanceArgument, writeLine } from "./_args.js";
import { openStore } from "./_store.js";
import { refusedTokenError, resolveToken, type UsableToken } from "./_token.js";

/** CAIDO_ACCESS_TOKEN overriding the stored session of a row's instance. */
interface EnvOverride {
  expiresAt: string | null;
  /** unknown: no CAIDO_ACCESS_TOKEN_EXPIRES_AT; malformed: a value no command would use. */
  state: "valid" | "expired" | "unknown" | "malformed";
}

interface Row {
  instance: string;
  alias: string | null;
  default: boolean;
  account: StoredSession["account"] | null;
  expiresAt: string | null;
  scopes: string[];
  /** not-stored: only CAIDO_ACCESS_TOKEN knows this instance. */
  state: "valid" | "expired" | "needs-login" | "not-stored";
  envToken: EnvOverride | null;
  check?: { ok: boolean; version?: string; error?: string; hint?: string };
}

function row(url: string, s: StoredSession | undefined, config: ConfigData, now: number): Row {
  const base = { instance: url, default: config.defaultInstance === url, envToken: null };
  if (!s)
    return {
      ...base,
      alias: null,
      account: null,
      expiresAt: null,
      scopes: [],
      state: "not-stored",
    };
  const state = s.needsLogin ? "needs-login" : Date.parse(s.expiresAt) > now ? "valid" : "expired";
  return {
    ...base,
    alias: s.alias ?? null,
    account: s.account ?? null,
    expiresAt: s.needsLogin ? null : s.expiresAt,
    scopes: s.scopes,
    state,
  };
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

function describe(r: Row): string {
  const head = `${r.instance}${r.alias ? ` (${r.alias})` : ""}${r.default ? " [default]" : ""}`;
  const lines = [head];
  if (r.state === "not-stored") lines.push("  nothing stored for this instance");
  else {
    const who = r.account
      ? `${r.account.name ?? ""} <${r.account.email ?? r.account.id}>`.trim()
      : "unknown account";
    const state =
      r.state === "needs-login"
        ? `session ended: run caido-auth login ${r.instance}`
        : `access token ${r.state === "valid" ? "valid until" : "expired at"} ${r.expiresAt}`;
    lines.push(`  account: ${who}`, `  ${state}`, `  scopes: ${r.scopes.join(", ") || "none"}`);
  }
  if (r.envToken) lines.push(describeOverride(r.envToken));
  if (r.check)
    lines.push(
      r.check.ok
        ? `  check: ok (Caido ${r.check.version})`
        : `  check: FAILED: ${r.check.error}${r.check.hint ? ` ${r.check.hint}` : ""}`,
    );
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
  summary: "show stored sessions",
  usage: ["status [INSTANCE] [--json] [--check]"],
  help: [
    "      --json   one JSON object: {instances: [...]}; never tokens",
    "      --check  ask each instance's /health and viewer (refreshing if needed)",
  ],
  environment: [
    "  CAIDO_ACCESS_TOKEN  the instance it overrides says so (envToken in --json), as",
    "                      gh auth status shows GH_TOKEN; --check then checks that token",
  ],
  examples: ["  caido-auth status", "  caido-auth status my-vps --check --json"],
  options: { json: { type: "boolean" }, check: { type: "boolean" } },
  async run(values, positionals, ctx) {
    const config = openStore(ctx).read();
    const named = instanceArgument(values, positionals, "status");
    const overridden = overriddenInstance(ctx, config, named);
    const urls = named
      ? [resolveInstance(config, named, ctx.env).url]
      : Object.keys(config.sessions);
    if (overridden && !urls.includes(overridden)) urls.push(overridden);
    const now = Date.now();
    const rows: Row[] = [];
    for (const url of urls) {
      const session = config.sessions[url];
      if (!session && url !== overridden)
        throw new CaidoAuthError(`not logged in to ${url}.`, 4, `Log in: caido-auth login ${url}`);
      const r = row(url, session, config, now);
      if (url === overridden) r.envToken = envOverride(ctx.env, now);
      if (values.check) r.check = await check(ctx, r, named);
      rows.push(r);
    }
    if (values.json) ctx.io.stdout.write(`${JSON.stringify({ instances: rows })}\n`);
    else if (rows.length === 0) {
      throw new AuthRequiredError(
        "not logged in to any instance.",
        "Log in: caido-auth login <URL>",
      );
    } else ctx.io.stdout.write(`${rows.map(describe).join("\n\n")}\n`);
    if (rows.some((r) => r.check && !r.check.ok)) return 1;
    if (named && rows.some((r) => r.state === "needs-login" && !r.envToken)) return 4;
    return 0;
  },
};
