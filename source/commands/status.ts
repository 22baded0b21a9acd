// caido-auth status: what is stored, and with --check whether it still works.
import type { Command } from "../command.js";
import type { Context } from "../context.js";
import { AuthRequiredError, CaidoAuthError } from "../errors.js";
import { resolveInstance } from "../session/resolve.js";
import type { ConfigData, StoredSession } from "../store/format.js";
import { instanceArgument } from "./_args.js";
import { openStore } from "./_store.js";

interface Row {
  instance: string;
  alias: string | null;
  default: boolean;
  account: StoredSession["account"] | null;
  expiresAt: string | null;
  scopes: string[];
  state: "valid" | "expired" | "needs-login";
  check?: { ok: boolean; version?: string; error?: string };
}

function row(url: string, s: StoredSession, config: ConfigData, now: number): Row {
  const state = s.needsLogin ? "needs-login" : Date.parse(s.expiresAt) > now ? "valid" : "expired";
  return {
    instance: url,
    alias: s.alias ?? null,
    default: config.defaultInstance === url,
    account: s.account ?? null,
    expiresAt: s.needsLogin ? null : s.expiresAt,
    scopes: s.scopes,
    state,
  };
}

async function check(ctx: Context, r: Row): Promise<Row["check"]> {
  const [{ getHealth }, { getViewer }, { getAccessToken }] = await Promise.all([
    import("../instance/health.js"),
    import("../instance/auth.js"),
    import("../session/access-token.js"),
  ]);
  try {
    const health = await getHealth(r.instance, ctx.signal);
    const token = await getAccessToken({ instance: r.instance, env: ctx.env, signal: ctx.signal });
    await getViewer(r.instance, token.accessToken, ctx.signal);
    return { ok: true, version: health.version };
  } catch (error) {
    if (!(error instanceof CaidoAuthError)) throw error;
    return { ok: false, error: error.message };
  }
}

function describe(r: Row): string {
  const who = r.account
    ? `${r.account.name ?? ""} <${r.account.email ?? r.account.id}>`.trim()
    : "unknown account";
  const head = `${r.instance}${r.alias ? ` (${r.alias})` : ""}${r.default ? " [default]" : ""}`;
  const state =
    r.state === "needs-login"
      ? `session ended: run caido-auth login ${r.instance}`
      : `access token ${r.state === "valid" ? "valid until" : "expired at"} ${r.expiresAt}`;
  const lines = [
    head,
    `  account: ${who}`,
    `  ${state}`,
    `  scopes: ${r.scopes.join(", ") || "none"}`,
  ];
  if (r.check)
    lines.push(
      r.check.ok ? `  check: ok (Caido ${r.check.version})` : `  check: FAILED: ${r.check.error}`,
    );
  return lines.join("\n");
}

export const command: Command = {
  summary: "show stored sessions",
  usage: ["status [INSTANCE] [--json] [--check]"],
  help: [
    "      --json   one JSON object: {instances: [...]}; never tokens",
    "      --check  ask each instance's /health and viewer (refreshing if needed)",
  ],
  options: { json: { type: "boolean" }, check: { type: "boolean" } },
  async run(values, positionals, ctx) {
    const config = openStore(ctx).read();
    const named = instanceArgument(values, positionals, "status");
    const urls = named
      ? [resolveInstance(config, named, ctx.env).url]
      : Object.keys(config.sessions);
    const now = Date.now();
    const rows: Row[] = [];
    for (const url of urls) {
      const session = config.sessions[url];
      if (!session)
        throw new CaidoAuthError(`not logged in to ${url}.`, 4, `Log in: caido-auth login ${url}`);
      const r = row(url, session, config, now);
      if (values.check) r.check = await check(ctx, r);
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
    if (named && rows.some((r) => r.state === "needs-login")) return 4;
    return 0;
  },
};
