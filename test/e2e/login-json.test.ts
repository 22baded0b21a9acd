// login without a TTY and without a PAT: the code goes out as NDJSON (or plain lines), a
// person approves it elsewhere, and a failed login never leaves the user logged out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli, startCli } from "./_cli.js";
import { patLogin, sandboxEnv, secretsIn } from "./_login.js";

interface Run {
  events: Record<string, unknown>[];
  stderr: string;
  code: number | null;
}

/** Starts `login --json`, hands the first event to decide(), and collects the rest. */
function loginJson(
  sandbox: Sandbox,
  dir: string,
  decide: (userCode: string) => Promise<void>,
): Promise<Run> {
  const child = startCli(["login", sandbox.instanceUrl, "--json"], {
    env: sandboxEnv(sandbox, dir),
  });
  child.stdin?.end();
  const events: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const event = JSON.parse(line);
    events.push(event);
    if (event.event === "code") void decide(event.userCode);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ events, stderr, code })));
}

describe("login --json", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("emits code, then approved; stores the session; prints no token", async () => {
    const dir = newConfigDir();
    const run = await loginJson(sandbox, dir, (code) => sandbox.approve(code, "bob@example.test"));
    expect(run.code).toBe(0);
    expect(run.events.map((e) => e.event)).toEqual(["code", "approved"]);
    const [code, approved] = run.events as [Record<string, string>, Record<string, unknown>];
    expect(code).toMatchObject({
      instance: sandbox.instanceUrl,
      userCode: expect.stringMatching(/^\w{4}-\w{4}$/),
    });
    expect(code.verificationUrl).toContain(code.userCode);
    expect(Date.parse(code.expiresAt as string)).toBeGreaterThan(Date.now());
    expect(approved).toMatchObject({
      account: { email: "bob@example.test", name: "Bob" },
      savedTo: join(dir, "config.json"),
    });
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    for (const secret of secretsIn(config))
      expect(JSON.stringify(run.events) + run.stderr).not.toContain(secret);
  });

  it("a denied login ends with an error event and exit 4, and keeps the working session", async () => {
    const dir = newConfigDir();
    // Bob claimed this sandbox's instance in the first test: only he can log in to it.
    expect((await patLogin(sandbox, dir, { account: 1 })).code).toBe(0);
    const before = readFileSync(join(dir, "config.json"), "utf8");
    const run = await loginJson(sandbox, dir, (code) => sandbox.deny(code));
    expect(run.code).toBe(4);
    expect(run.events.at(-1)).toMatchObject({ event: "error", kind: "denied", exitCode: 4 });
    expect(run.stderr).toMatch(/was denied/);
    expect(readFileSync(join(dir, "config.json"), "utf8")).toBe(before);
  });

  it("another account than the owner is refused as 'claimed', exit 4", async () => {
    const dir = newConfigDir();
    const alice = await patLogin(sandbox, dir, { account: 0 });
    expect(alice.code).toBe(4);
    expect(alice.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /belongs to another Caido account.*reset-credentials/,
    );
  });
});

describe("login --pat-stdin --scopes", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("reads the PAT from stdin and approves only the scopes asked for", async () => {
    const dir = newConfigDir();
    const pat = sandbox.accounts[0]?.pat as string;
    const result = await runCli(
      [
        "login",
        sandbox.instanceUrl,
        "--pat-stdin",
        "--scopes",
        "openid,offline_access,profile,email",
      ],
      { env: sandboxEnv(sandbox, dir), input: `${pat}\n` },
    );
    expect(result.code).toBe(0);
    expect(result.stderr + result.stdout).not.toContain(pat);
    const session = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[
      sandbox.instanceUrl
    ];
    expect(session.scopes.sort()).toEqual(["OFFLINE", "PROFILE_READ"]);
  });

  it("--scopes takes the names status shows, in any case: PROFILE_READ alone, no refresh token", async () => {
    const dir = newConfigDir();
    const result = await runCli(["login", sandbox.instanceUrl, "--scopes", "profile_read"], {
      env: sandboxEnv(sandbox, dir, { CAIDO_PAT: sandbox.accounts[0]?.pat }),
    });
    expect(result.code).toBe(0);
    const session = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[
      sandbox.instanceUrl
    ];
    expect(session.scopes).toEqual(["PROFILE_READ"]);
    // The schema: no refresh token without OFFLINE.
    expect(session.refreshToken).toBeNull();
    const status = await runCli(["status"], { env: sandboxEnv(sandbox, dir) });
    expect(status.stdout).toContain("scopes: PROFILE_READ");

    const both = newConfigDir();
    const again = await runCli(
      ["login", sandbox.instanceUrl, "--scopes", "OFFLINE,assistant", "--json"],
      { env: sandboxEnv(sandbox, both, { CAIDO_PAT: sandbox.accounts[0]?.pat }) },
    );
    expect(again.code).toBe(0);
    const status2 = await runCli(["status", "--json"], { env: sandboxEnv(sandbox, both) });
    expect(JSON.parse(status2.stdout).instances[0].scopes.sort()).toEqual(["ASSISTANT", "OFFLINE"]);
  });

  it("an unknown scope is exit 2 with the valid names, before anything is sent", async () => {
    const dir = newConfigDir();
    // No cloud listens there: a request would fail with exit 1, not 2.
    const result = await runCli(
      ["login", sandbox.instanceUrl, "--scopes", "OFFLINE,PROFILE_WRITE"],
      {
        env: sandboxEnv(sandbox, dir, {
          CAIDO_PAT: sandbox.accounts[0]?.pat,
          CAIDO_CLOUD_URL: "http://127.0.0.1:9",
        }),
      },
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'caido-auth: --scopes: "PROFILE_WRITE" is not a scope the Caido cloud knows. Valid, in any case: OFFLINE (or offline_access), PROFILE_READ (or profile), ASSISTANT (or assistant).\n',
    );
    const help = await runCli(["login", "--help"], { env: sandboxEnv(sandbox, dir) });
    for (const name of [
      "OFFLINE (offline_access)",
      "PROFILE_READ (profile)",
      "ASSISTANT (assistant)",
    ])
      expect(help.stdout).toContain(name);
  });

  it("--scopes without a PAT is a usage error", async () => {
    const result = await runCli(["login", sandbox.instanceUrl, "--scopes", "openid"], {
      env: sandboxEnv(sandbox, newConfigDir()),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--scopes only applies to PAT approval/);
  });
});
