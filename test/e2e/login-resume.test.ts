// login --no-wait / --resume through the built CLI against the sandbox: the code goes out and
// the process ends, a person approves later, and a second process saves the session. Also the
// GitHub Actions masking of a PAT login.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { baseEnv, type CliResult, newConfigDir, runCli, startCli } from "./_cli.js";
import { sandboxEnv, secretsIn } from "./_login.js";

type Json = Record<string, unknown>;

const dirs: string[] = [];
function configDir(): string {
  const dir = newConfigDir();
  dirs.push(dirname(dir));
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const readConfig = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
const lines = (text: string) => text.split("\n").filter(Boolean);
const events = (result: CliResult) => lines(result.stdout).map((l) => JSON.parse(l) as Json);

function cli(sandbox: Sandbox, dir: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  return runCli(args, { env: sandboxEnv(sandbox, dir, extra) });
}

/** Starts `login --no-wait --json` and returns its one code event. */
async function detach(sandbox: Sandbox, dir: string, args: string[] = []): Promise<Json> {
  const result = await cli(sandbox, dir, [
    "login",
    sandbox.instanceUrl,
    "--no-wait",
    "--json",
    ...args,
  ]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const out = events(result);
  expect(out).toHaveLength(1);
  return out[0] as Json;
}

/** Runs `login --resume --json`; calls onCode with the code event as soon as it is printed. */
function resumeJson(
  sandbox: Sandbox,
  dir: string,
  args: string[] = [],
  onCode: (event: Json) => Promise<void> = async () => {},
): Promise<{ events: Json[]; stderr: string; code: number | null }> {
  const child = startCli(["login", "--resume", "--json", ...args], {
    env: sandboxEnv(sandbox, dir),
  });
  child.stdin?.end();
  const seen: Json[] = [];
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const event = JSON.parse(line) as Json;
    seen.push(event);
    if (event.event === "code") void onCode(event);
  });
  return new Promise((resolve) =>
    child.on("close", (code) => resolve({ events: seen, stderr, code })),
  );
}

async function untilPast(isoTime: string): Promise<void> {
  while (Date.now() <= Date.parse(isoTime)) await sleep(200);
}

describe("login --no-wait, then --resume", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("--no-wait --json prints one code event, keeps the request but no token; --resume saves the session", async () => {
    const dir = configDir();
    const code = await detach(sandbox, dir, ["--name", "sb", "--default"]);
    expect(code).toMatchObject({
      event: "code",
      instance: sandbox.instanceUrl,
      userCode: expect.stringMatching(/^\w{4}-\w{4}$/),
    });
    expect(Date.parse(code.expiresAt as string)).toBeGreaterThan(Date.now());

    const stored = readConfig(dir);
    expect(stored.sessions).toEqual({});
    expect(stored.pendingLogins[sandbox.instanceUrl]).toMatchObject({
      userCode: code.userCode,
      verificationUrl: code.verificationUrl,
      expiresAt: code.expiresAt,
      alias: "sb",
      makeDefault: true,
      requestId: expect.any(String),
    });
    expect(JSON.stringify(stored)).not.toMatch(/accessToken|refreshToken/);
    // status shows the pending login as such; nothing is usable yet (exit 4).
    const status = await cli(sandbox, dir, ["status", "--json"]);
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout).instances).toEqual([
      expect.objectContaining({ instance: sandbox.instanceUrl, state: "pending" }),
    ]);

    await sandbox.approve(code.userCode as string);
    const resumed = await resumeJson(sandbox, dir);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.events.map((e) => e.event)).toEqual(["code", "approved"]);
    expect(resumed.events[0]).toEqual(code);
    expect(resumed.events[1]).toMatchObject({
      instance: sandbox.instanceUrl,
      account: { email: sandbox.accounts[0]?.email },
      savedTo: join(dir, "config.json"),
    });

    const saved = readConfig(dir);
    expect(saved.pendingLogins).toBeUndefined();
    expect(saved.defaultInstance).toBe(sandbox.instanceUrl);
    const session = saved.sessions[sandbox.instanceUrl];
    expect(session.alias).toBe("sb");
    for (const secret of secretsIn(saved))
      expect(JSON.stringify(resumed.events)).not.toContain(secret);
    // The alias from --no-wait works, and the token is the stored one.
    const token = await cli(sandbox, dir, ["token", "sb"]);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toBe(session.accessToken);
    // And the instance accepts it.
    const check = await cli(sandbox, dir, ["status", "sb", "--check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/check: ok/);

    // Spent: a second resume finds nothing pending.
    const again = await cli(sandbox, dir, ["login", "--resume", "sb"]);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/no login is pending/);
  });

  it("--resume before the approval waits for it", async () => {
    const dir = configDir();
    const code = await detach(sandbox, dir);
    // Approved only once the resumed login shows it is waiting.
    const resumed = await resumeJson(sandbox, dir, [sandbox.instanceUrl], (event) =>
      sandbox.approve(event.userCode as string),
    );
    expect(resumed.code).toBe(0);
    expect(resumed.events.map((e) => e.event)).toEqual(["code", "approved"]);
    expect(resumed.events[0]?.userCode).toBe(code.userCode);
    expect(readConfig(dir).pendingLogins).toBeUndefined();
    expect((await cli(sandbox, dir, ["token"])).code).toBe(0);
  });

  it("--no-wait without --json prints plain lines with the command to resume; a new one replaces the old", async () => {
    const dir = configDir();
    const first = await cli(sandbox, dir, ["login", sandbox.instanceUrl, "--no-wait"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("");
    const firstCode = readConfig(dir).pendingLogins[sandbox.instanceUrl];
    expect(lines(first.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^Logging in to ${sandbox.instanceUrl} \\(Caido `)),
      `Code: ${firstCode.userCode}`,
      `Verification URL: ${firstCode.verificationUrl}`,
      expect.stringMatching(/^The code expires at \S+ \(in \d+ minutes?\)\.$/),
      "Open the URL on any device and enter the code.",
      `To finish the login (it waits for the approval): caido-auth login --resume ${sandbox.instanceUrl}`,
    ]);

    const second = await cli(sandbox, dir, ["login", sandbox.instanceUrl, "--no-wait"]);
    expect(second.code).toBe(0);
    const pending = readConfig(dir).pendingLogins;
    expect(Object.keys(pending)).toEqual([sandbox.instanceUrl]);
    const secondCode = pending[sandbox.instanceUrl];
    expect(secondCode.requestId).not.toBe(firstCode.requestId);
    expect(second.stderr).toContain(`Code: ${secondCode.userCode}`);

    await sandbox.approve(secondCode.userCode);
    const resumed = await cli(sandbox, dir, ["login", "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Code: ${secondCode.userCode}`);
    expect(resumed.stderr).toMatch(/Logged in to .* as Alice/);
    expect(readConfig(dir).sessions[sandbox.instanceUrl].accessToken).toEqual(expect.any(String));
  });

  it("a login that completes in between makes the pending one moot: it is forgotten", async () => {
    const dir = configDir();
    await detach(sandbox, dir);
    const pat = await cli(sandbox, dir, ["login", sandbox.instanceUrl], {
      CAIDO_PAT: sandbox.accounts[0]?.pat,
    });
    expect(pat.code).toBe(0);
    expect(readConfig(dir).pendingLogins).toBeUndefined();
    expect((await cli(sandbox, dir, ["login", "--resume"])).code).toBe(4);
  });

  it("--resume with nothing pending is exit 4 and says how to start one", async () => {
    const dir = configDir();
    const none = await cli(sandbox, dir, ["login", "--resume"]);
    expect(none.code).toBe(4);
    expect(lines(none.stderr)).toEqual([
      "caido-auth: no login is pending. Start one: caido-auth login <URL> --no-wait",
    ]);
    const named = await cli(sandbox, dir, ["login", "--resume", sandbox.instanceUrl, "--json"]);
    expect(named.code).toBe(4);
    expect(named.stderr).toContain(
      `no login is pending for ${sandbox.instanceUrl}. Start one: caido-auth login ${sandbox.instanceUrl} --no-wait`,
    );
  });

  it("bad combinations are usage errors", async () => {
    const dir = configDir();
    const pat = sandbox.accounts[0]?.pat as string;
    const withPat = await cli(sandbox, dir, ["login", sandbox.instanceUrl, "--no-wait"], {
      CAIDO_PAT: pat,
    });
    expect(withPat.code).toBe(2);
    expect(withPat.stderr).toMatch(/--no-wait is for a code a person approves elsewhere/);
    expect(withPat.stderr).not.toContain(pat);
    const both = await cli(sandbox, dir, ["login", sandbox.instanceUrl, "--no-wait", "--resume"]);
    expect(both.code).toBe(2);
    const named = await cli(sandbox, dir, ["login", "--resume", "--name", "x"]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/--name goes with login --no-wait/);
    expect(() => readConfig(dir)).toThrow(/ENOENT/);
  });

  it("a malformed pending entry costs only itself: status works, --resume removes it", async () => {
    const dir = configDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({
        version: 1,
        sessions: {},
        pendingLogins: { [sandbox.instanceUrl]: { requestId: 42 } },
      }),
      { mode: 0o600 },
    );
    const status = await cli(sandbox, dir, ["status", "--json"]);
    expect(status.code).toBe(4); // nothing usable, and the entry shown as unusable
    expect(JSON.parse(status.stdout).instances[0].pendingLogin).toMatchObject({
      state: "malformed",
      problem: "bad request id",
    });
    const resumed = await cli(sandbox, dir, ["login", "--resume"]);
    expect(resumed.code).toBe(4);
    expect(resumed.stderr).toMatch(/pending login for .* was unusable \(bad request id\)/);
    expect(readConfig(dir).pendingLogins).toBeUndefined();
  });
});

describe("login --no-wait against an instance with a hostile answer", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/health") {
        res.end(JSON.stringify({ name: "caido", version: "0.55.3", ready: true }));
        return;
      }
      const request = {
        id: "r-1",
        userCode: "ABCD-EFGH",
        verificationUrl: "javascript:alert(1)",
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      };
      res.end(JSON.stringify({ data: { startAuthenticationFlow: { request, error: null } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses to keep or show the request: an error event, exit 1, nothing stored", async () => {
    const dir = configDir();
    const result = await runCli(["login", url, "--no-wait", "--json"], { env: baseEnv(dir) });
    expect(result.code).toBe(1);
    const out = events(result);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ event: "error", instance: url, kind: "instance", exitCode: 1 });
    expect(out[0]?.message).toMatch(/verification ?URL/i);
    expect(result.stderr).not.toContain("javascript:");
    expect(existsSync(join(dir, "config.json"))).toBe(false);
  });
});

describe("login --resume after the code's expiry", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ codeTtl: 5 });
  });
  afterAll(() => sandbox?.close());

  it("an expired code is exit 4 with a hint to start again, and is forgotten", async () => {
    const dir = configDir();
    const code = await detach(sandbox, dir);
    await untilPast(code.expiresAt as string);
    const resumed = await resumeJson(sandbox, dir);
    expect(resumed.code).toBe(4);
    expect(resumed.events.at(-1)).toMatchObject({ event: "error", kind: "expired", exitCode: 4 });
    expect(resumed.stderr).toContain(
      `expired before it was approved. To get a new code: caido-auth login ${sandbox.instanceUrl} --no-wait`,
    );
    expect(readConfig(dir).pendingLogins).toBeUndefined();
    expect(readConfig(dir).sessions).toEqual({});
  });

  it("a code approved in time still logs in when resumed after its expiry", async () => {
    const dir = configDir();
    const code = await detach(sandbox, dir);
    await sandbox.approve(code.userCode as string);
    await untilPast(code.expiresAt as string);
    const resumed = await cli(sandbox, dir, ["login", "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/The code expired at .*; checking if it was approved\./);
    expect(readConfig(dir).sessions[sandbox.instanceUrl]).toBeDefined();
    expect(readConfig(dir).pendingLogins).toBeUndefined();
  });
});

describe("login with a PAT in GitHub Actions", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("masks the PAT before anything else, then the new tokens", async () => {
    const dir = configDir();
    const pat = sandbox.accounts[0]?.pat as string;
    const result = await cli(sandbox, dir, ["login", sandbox.instanceUrl], {
      CAIDO_PAT: pat,
      GITHUB_ACTIONS: "true",
    });
    expect(result.code).toBe(0);
    const err = lines(result.stderr);
    expect(err[0]).toBe(`::add-mask::${pat}`);
    const session = readConfig(dir).sessions[sandbox.instanceUrl];
    expect(err).toContain(`::add-mask::${session.accessToken}`);
    expect(err).toContain(`::add-mask::${session.refreshToken}`);
    // Each secret shows only in its own mask line.
    for (const secret of [pat, session.accessToken, session.refreshToken])
      expect(err.filter((l) => l.includes(secret))).toEqual([`::add-mask::${secret}`]);
    expect(result.stdout).toBe("");
  });

  it("--pat-stdin is masked too; outside GitHub Actions nothing is", async () => {
    const pat = sandbox.accounts[0]?.pat as string;
    const masked = await runCli(["login", sandbox.instanceUrl, "--pat-stdin", "--json"], {
      env: sandboxEnv(sandbox, configDir(), { GITHUB_ACTIONS: "true" }),
      input: `${pat}\n`,
    });
    expect(masked.code).toBe(0);
    expect(lines(masked.stderr)[0]).toBe(`::add-mask::${pat}`);
    expect(events(masked).map((e) => e.event)).toEqual(["code", "approved"]);

    for (const env of [{}, { GITHUB_ACTIONS: "false" }]) {
      const plain = await cli(sandbox, configDir(), ["login", sandbox.instanceUrl], {
        CAIDO_PAT: pat,
        ...env,
      });
      expect(plain.code).toBe(0);
      expect(plain.stderr).not.toContain("::add-mask::");
      expect(plain.stderr + plain.stdout).not.toContain(pat);
    }
  });
});
