// caido-auth sandbox: a local Caido cloud (real OAuth 2.0 server) and instance, until Ctrl+C.
// The sandbox code loads only in run(), so `sandbox --help` stays cheap.
import { createServer } from "node:net";
import { resolve as resolvePath } from "node:path";
import type { Command, Values } from "../command.js";
import type { Context } from "../context.js";
import { CaidoAuthError, UsageError } from "../errors.js";
import { argumentsError } from "./_args.js";

const DEFAULT_PORT = 8080;
// Mirrors source/sandbox/instance/request-log.ts, which this file must not import at load time.
const MAX_SEED_REQUESTS = 100_000;
const MIN_REQUEST_INTERVAL = 0.01;
// Mirrors REGISTRATION_KEY in source/sandbox/instance/guesses.ts, for the same reason.
const REGISTRATION_KEY = /^ckey_[A-Za-z0-9_-]{8,200}$/;
const MAX_CLOCK_SKEW = 10 * 365 * 24 * 60 * 60;

export const command: Command = {
  summary: "run a local Caido cloud and instance",
  usage: [
    "sandbox [--port N] [--cloud-port N] [--data-dir DIR] [--json] [--access-token-ttl S] [--refresh-token-ttl S] [--code-ttl S] [--auto-approve] [--seed-requests N] [--request-interval S] [--allow-guests] [--registration-key KEY] [--clock-skew S]",
  ],
  help: [
    "      --port N                 instance port (default 8080, or a free port when taken)",
    "      --cloud-port N           cloud port (default: a free port)",
    "      --data-dir DIR           keep cloud and instance data here (default: a temporary",
    "                               directory, removed on exit)",
    "      --json                   print one JSON line {instanceUrl, cloudUrl, accounts} when",
    "                               ready, and nothing else (default: a summary for people)",
    "      --access-token-ttl S     access token lifetime in seconds (default 3600)",
    "      --refresh-token-ttl S    refresh token lifetime in seconds (default 90 days)",
    "      --code-ttl S             device code lifetime in seconds (default 600)",
    "      --auto-approve           approve every login as the first account, no browser",
    "                               (default: a person approves in the cloud's page)",
    "      --seed-requests N        requests in the instance's history at start (default 250)",
    "      --request-interval S     seconds between two new requests (default 1; may be a",
    "                               fraction like 0.2; 0 adds none)",
    "      --allow-guests           anyone may log in as a guest (loginAsGuest), as Caido's",
    "                               --allow-guests",
    "      --registration-key KEY   a Team key (ckey_...): the sandbox's Team workspace claims",
    "                               the instance, and only its members may log in (the",
    '                               accounts marked "member")',
    "      --clock-skew S           the instance's clock is S seconds off (negative: behind);",
    "                               over 300, logins and refreshes answer STALE_DATE",
    "",
    "  Both servers listen on 127.0.0.1 only; Ctrl+C stops them. A PAT login checks the PAT",
    "  at CAIDO_CLOUD_URL, which defaults to Caido's cloud: set it to the sandbox's cloud URL,",
    "  as the summary's login lines do.",
  ],
  environment: [
    "  None: the sandbox reads no variables. The logins it prints set CAIDO_CLOUD_URL (and",
    "  CAIDO_PAT) for one command.",
  ],
  examples: [
    "  # Then paste a login line it prints into another terminal",
    "  caido-auth sandbox",
    "  # Scripts and tests: one JSON line with the URLs and PATs, free ports",
    "  caido-auth sandbox --json --port 0 > sandbox.json &",
    "  # Logins approved at once, tokens that need a refresh every 5 seconds",
    "  caido-auth sandbox --auto-approve --access-token-ttl 5",
  ],
  options: {
    port: { type: "string" },
    "cloud-port": { type: "string" },
    "data-dir": { type: "string" },
    json: { type: "boolean" },
    "access-token-ttl": { type: "string" },
    "refresh-token-ttl": { type: "string" },
    "code-ttl": { type: "string" },
    "auto-approve": { type: "boolean" },
    "seed-requests": { type: "string" },
    "request-interval": { type: "string" },
    "allow-guests": { type: "boolean" },
    "registration-key": { type: "string" },
    "clock-skew": { type: "string" },
  },
  async run(values, positionals, ctx) {
    if (positionals.length > 0) throw argumentsError("sandbox: unexpected arguments", positionals);
    const json = values.json === true;
    const portFlag = integer(values, "port", 0, 65535);
    const options = {
      cloudPort: integer(values, "cloud-port", 0, 65535),
      dataDir: typeof values["data-dir"] === "string" ? resolvePath(values["data-dir"]) : undefined,
      accessTokenTtl: integer(values, "access-token-ttl", 1),
      refreshTokenTtl: integer(values, "refresh-token-ttl", 1),
      codeTtl: integer(values, "code-ttl", 1),
      autoApprove: values["auto-approve"] === true,
      seedRequests: integer(values, "seed-requests", 0, MAX_SEED_REQUESTS),
      requestInterval: seconds(values, "request-interval", MIN_REQUEST_INTERVAL),
      allowGuests: values["allow-guests"] === true,
      registrationKey: registrationKey(values),
      instanceClockSkew: signedInteger(values, "clock-skew", MAX_CLOCK_SKEW),
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

function integer(
  values: Values,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\d+$/.test(raw.trim()) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`sandbox: --${name} takes a whole number ${range}, not "${String(raw)}".`);
  }
  return n;
}

/** A whole number from -max to max. */
function signedInteger(values: Values, name: string, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !/^[-+]?\d+$/.test(raw.trim()) || Math.abs(n) > max) {
    throw new UsageError(
      `sandbox: --${name} takes a whole number of seconds from -${max} to ${max}, not "${String(raw)}".`,
    );
  }
  return n;
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
