// A hostile instance (a small real server on 127.0.0.1) against the built CLI: a wrongly typed
// or oversized token answer, at login or at refresh, is one line and exit 1, stores nothing and
// costs no other instance its session; a garbage, unacknowledged or silent WebSocket is a
// WebSocket error within its bounds, although the instance claims the code lives a day.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { baseEnv, type CliResult, newConfigDir, runCli } from "./_cli.js";
import {
  goodToken,
  type HostileInstance,
  type HostileOptions,
  startHostileInstance,
} from "./_hostile-server.js";
import { patLogin, sandboxEnv } from "./_login.js";

const PAT = "caido_hostile-test-personal-access-token";
// The socket's bounds, shortened for the built CLI (subscription.ts SOCKET_BOUNDS_VARIABLE).
const FAST_SOCKET = { CAIDO_AUTH_INTERNAL_WS_TIMEOUT_MS: "300" };

const configFile = (dir: string) => join(dir, "config.json");

/** The answers a hostile instance gives in place of a token, and what the refusal names. */
const MALFORMED: [string, Record<string, unknown>, string][] = [
  ["a numeric accessToken", { accessToken: 12345 }, "token.accessToken is a number, not a string"],
  ["a null expiresAt", { expiresAt: null }, "token.expiresAt is null, not a string"],
  ['scopes: "ALL"', { scopes: "ALL" }, "token.scopes is a string, not a list"],
  [
    "an unparseable expiresAt",
    { expiresAt: "the day after tomorrow" },
    "token.expiresAt is not an RFC 3339 date-time",
  ],
  [
    "a 1 MB accessToken",
    { accessToken: "A".repeat(1_000_000) },
    "token.accessToken is 1000000 characters long (at most 8192)",
  ],
  [
    "CR and LF in the accessToken",
    { accessToken: "hostile\r\nX-Injected: yes" },
    "token.accessToken holds a space, a line break or a character outside visible ASCII, which no token has",
  ],
];

/** Exit 1 with one line on stderr naming the problem: no stack, no secret, not killed. */
function expectOneLine(result: CliResult, line: string, secrets: string[]) {
  expect(result.signal).toBeNull();
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines.at(-1)).toBe(line);
  expect(result.stderr).not.toMatch(/unexpected error|Error:|\n\s+at /);
  for (const secret of secrets) {
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  }
}

describe("a hostile instance", () => {
  let sandbox: Sandbox;
  /** A config directory holding a real session for the sandbox's instance. */
  let seeded: string;
  const hostiles: HostileInstance[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    seeded = newConfigDir();
    expect((await patLogin(sandbox, seeded)).code).toBe(0);
  });
  afterAll(async () => {
    await Promise.all(hostiles.map((h) => h.close()));
    await sandbox?.close();
  });

  async function hostile(options: HostileOptions): Promise<HostileInstance> {
    const server = await startHostileInstance(options);
    hostiles.push(server);
    return server;
  }

  /** A copy of the seeded config, with a session for another instance if one is given. */
  function configWith(extra?: { url: string; refreshToken: string }): string {
    const dir = newConfigDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    copyFileSync(configFile(seeded), configFile(dir));
    if (extra) {
      const config = JSON.parse(readFileSync(configFile(dir), "utf8"));
      config.sessions[extra.url] = {
        accessToken: "stored-hostile-access-token",
        refreshToken: extra.refreshToken,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        scopes: ["OFFLINE"],
        account: { id: "hostile-user" },
        obtainedAt: new Date().toISOString(),
      };
      writeFileSync(configFile(dir), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    }
    return dir;
  }

  /** The sandbox's session still answers `token` from the untouched file. */
  async function expectSandboxSessionIntact(dir: string) {
    const stored = JSON.parse(readFileSync(configFile(dir), "utf8")).sessions[sandbox.instanceUrl];
    const token = await runCli(["token", sandbox.instanceUrl], { env: sandboxEnv(sandbox, dir) });
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toBe(stored.accessToken);
  }

  it.each(MALFORMED)("login: a token answer with %s stores nothing", async (_, change, detail) => {
    const token = { ...goodToken(), ...change };
    const server = await hostile({ token });
    const dir = configWith();
    const before = readFileSync(configFile(dir), "utf8");
    const result = await runCli(["login", server.url], {
      env: baseEnv(dir, { CAIDO_PAT: PAT, CAIDO_CLOUD_URL: server.url }),
    });
    const secrets = [
      PAT,
      ...[token.accessToken, token.refreshToken].filter((t) => typeof t === "string"),
    ];
    expectOneLine(
      result,
      `caido-auth: ${server.url} sent a malformed answer to createdAuthenticationToken: ${detail}. Nothing was stored. Check that the URL is the Caido instance you meant.`,
      secrets as string[],
    );
    // The token was delivered (the check is what stopped it) and never used.
    expect(server.calls).toContain("ws:subscribe");
    expect(server.calls).not.toContain("viewer");
    expect(readFileSync(configFile(dir), "utf8")).toBe(before);
    await expectSandboxSessionIntact(dir);
  });

  it.each(MALFORMED)(
    "token --force-refresh: a refresh answer with %s keeps every stored session",
    async (_, change, detail) => {
      const token = { ...goodToken(), ...change };
      const server = await hostile({ token });
      const dir = configWith({ url: server.url, refreshToken: "stored-hostile-refresh-token" });
      const before = readFileSync(configFile(dir), "utf8");
      const result = await runCli(["token", server.url, "--force-refresh"], {
        env: baseEnv(dir),
      });
      const secrets = [
        "stored-hostile-access-token",
        "stored-hostile-refresh-token",
        ...[token.accessToken, token.refreshToken].filter((t) => typeof t === "string"),
      ];
      expectOneLine(
        result,
        `caido-auth: ${server.url} sent a malformed answer to refreshAuthenticationToken: ${detail}. Nothing was stored. Check that the URL is the Caido instance you meant.`,
        secrets as string[],
      );
      expect(server.calls).toEqual(["refresh"]);
      expect(readFileSync(configFile(dir), "utf8")).toBe(before);
      await expectSandboxSessionIntact(dir);
      // status still reads the file and lists both instances.
      const status = await runCli(["status", "--json"], { env: baseEnv(dir) });
      expect(status.code).toBe(0);
      const urls = JSON.parse(status.stdout).instances.map((i: { instance: string }) => i.instance);
      expect(urls.sort()).toEqual([sandbox.instanceUrl, server.url].sort());
    },
  );

  it.each([
    [
      "garbage instead of connection_ack",
      "garbage",
      /it sent a message that is not graphql-ws: not JSON/,
    ],
    ["no connection_ack", "no-ack", /no connection_ack within 0\.3 s/],
    [
      "a socket silent after connection_ack",
      "silent",
      /no answer to a ping within 0\.3 s, 2 times in a row/,
    ],
  ] as const)(
    "login --json: %s is a websocket error, though the code lives a day",
    async (_, socket, detail) => {
      const server = await hostile({ socket });
      const dir = configWith();
      const before = readFileSync(configFile(dir), "utf8");
      const result = await runCli(["login", server.url, "--json"], {
        env: baseEnv(dir, { CAIDO_PAT: PAT, CAIDO_CLOUD_URL: server.url, ...FAST_SOCKET }),
      });
      expect(result.signal).toBeNull();
      expect(result.code).toBe(1);
      const events = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(events.map((e) => e.event)).toEqual(["code", "error"]);
      // The instance said the code lives a day: only the socket's bounds ended this wait.
      expect(Date.parse(events[0].expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
      expect(events[1]).toMatchObject({ kind: "websocket", exitCode: 1, instance: server.url });
      expect(events[1].message).toMatch(detail);
      expect(events[1].message).toContain(`the WebSocket to ${server.url}/ws/graphql failed`);
      expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
      expect(readFileSync(configFile(dir), "utf8")).toBe(before);
    },
  );
});
