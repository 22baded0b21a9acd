// caido-auth sandbox: a local Caido cloud (real OAuth 2.0 server) and instance, until Ctrl+C.
// The sandbox code loads only in run(), so `sandbox --help` stays cheap.
import { createServer } from "node:net";
import { resolve as resolvePath } from "node:path";
import type { Context } from "../base/context.js";
import { CaidoAuthError, UsageError } from "../base/errors.js";
// The form of a key, from the one module of the sandbox that loads nothing else.
import { REGISTRATION_KEY } from "../sandbox/instance/guesses.js";
import { MIN_REQUEST_INTERVAL } from "../spec/commands/sandbox.js";
import type { Command, Values } from "./command.js";

const DEFAULT_PORT = 8080;

export const command: Command = {
  async run(values, _positionals, ctx) {
    const json = values.json === true;
    const number = (name: string) => values[name] as number | undefined;
    const portFlag = number("port");
    const options = {
      cloudPort: number("cloud-port"),
      dataDir: typeof values["data-dir"] === "string" ? resolvePath(values["data-dir"]) : undefined,
      accessTokenTtl: number("access-token-ttl"),
      refreshTokenTtl: number("refresh-token-ttl"),
      codeTtl: number("code-ttl"),
      autoApprove: values["auto-approve"] === true,
      seedRequests: number("seed-requests"),
      requestInterval: seconds(values, "request-interval", MIN_REQUEST_INTERVAL),
      allowGuests: values["allow-guests"] === true,
      registrationKey: registrationKey(values),
      instanceClockSkew: number("clock-skew"),
      // With --json, stdout is for the one line and stderr stays quiet unless --debug.
      log:
        json && values.debug !== true
          ? undefined
          : (line: string) => ctx.io.stderr.write(`${line}\n`),
    };
    if (ctx.signal.aborted) return 130;

    let port = portFlag;
    if (port === undefined) {
      port = (await isFree(DEFAULT_PORT)) ? DEFAULT_PORT : 0;
      if (port === 0)
        ctx.io.stderr.write(
          `Port ${DEFAULT_PORT} is taken; the instance uses a free port instead.\n`,
        );
    }
    const { startSandbox } = await import("../sandbox/index.js");
    const sandbox = await startSandbox({ ...options, port }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "EADDRINUSE") throw error;
        const taken = /:(\d+)\s*$/.exec(error.message)?.[1] ?? "";
        throw new CaidoAuthError(
          `sandbox: port ${taken} on 127.0.0.1 is already in use.`,
          1,
          "Pick another with --port/--cloud-port, or 0 for a free one.",
        );
      },
    );
    try {
      ctx.io.stdout.write(
        json ? jsonSummary(sandbox) : humanSummary(sandbox, options.dataDir === undefined, options),
      );
      await untilAborted(ctx);
    } finally {
      if (!json) ctx.io.stderr.write("Stopping the sandbox...\n");
      await sandbox.close();
    }
    return 0;
  },
};

type Summary = Awaited<ReturnType<typeof import("../sandbox/index.js").startSandbox>>;

function jsonSummary(s: Summary): string {
  const accounts = s.accounts.map(({ email, pat, member }) => ({ email, pat, member }));
  return `${JSON.stringify({ instanceUrl: s.instanceUrl, cloudUrl: s.cloudUrl, accounts })}\n`;
}

/** Rows of cells padded to their column's widest cell, two spaces apart, two spaces in. */
export function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? "").length)),
  );
  return rows.map((cells) =>
    `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")}`.trimEnd(),
  );
}

function humanSummary(
  s: Summary,
  temporary: boolean,
  traffic: { seedRequests?: number; requestInterval?: number },
): string {
  const interval = traffic.requestInterval ?? 1;
  const first = s.accounts[0];
  const cloud = `CAIDO_CLOUD_URL=${s.cloudUrl}`;
  return [
    "Caido sandbox running (Ctrl+C to stop)",
    `  instance  ${s.instanceUrl}`,
    `  cloud     ${s.cloudUrl}`,
    `  data      ${s.dataDir}${temporary ? " (removed on exit)" : ""}`,
    `  requests  ${traffic.seedRequests ?? 250} at start, ${
      interval === 0 ? "no more added" : `one more every ${interval} s`
    } (query requests, subscription createdRequest)`,
    "",
    "Accounts:",
    ...table([
      ["EMAIL", "NAME", "PERSONAL ACCESS TOKEN (PAT)"],
      ...s.accounts.map((a) => [a.email, a.name, a.pat]),
    ]),
    "",
    "Logins must name this cloud (the default, Caido's https://api.caido.io, does not know",
    "these accounts and PATs); for every command in a shell:",
    `  export ${cloud}`,
    "",
    "Log in with the browser:",
    `  ${cloud} caido-auth login ${s.instanceUrl}`,
    ...(first
      ? [
          `Log in without a browser, as CI does (${first.email}'s PAT):`,
          `  CAIDO_PAT=${first.pat} ${cloud} caido-auth login ${s.instanceUrl}`,
        ]
      : []),
    "",
  ].join("\n");
}

function registrationKey(values: Values): string | undefined {
  const raw = values["registration-key"];
  if (raw === undefined) return undefined;
  // Never echo the key: it is a credential.
  if (typeof raw !== "string" || !REGISTRATION_KEY.test(raw)) {
    throw new UsageError(
      "sandbox: --registration-key takes a Team key: ckey_ followed by 8 to 200 letters, digits, _ or -.",
    );
  }
  return raw;
}

/** A number of seconds: 0, or at least min, with at most 3 decimals. */
function seconds(values: Values, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\d+(\.\d{1,3})?$/.test(raw.trim()) || (n !== 0 && n < min)) {
    throw new UsageError(
      `sandbox: --${name} takes a number of seconds, 0 or at least ${min}, not "${String(raw)}".`,
    );
  }
  return n;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function untilAborted(ctx: Context): Promise<void> {
  if (ctx.signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
  );
}
