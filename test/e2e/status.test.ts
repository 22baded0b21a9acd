// status through the built CLI against the sandbox: the same exit code with and
// without --json, pending logins and malformed sessions shown as such (never a crash), server
// strings made safe, and logout cancelling a pending login.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type CliResult, newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv, secretsIn } from "./_login.js";

const dirs: string[] = [];
function configDir(): string {
  const dir = newConfigDir();
  dirs.push(dirname(dir));
  return dir;
}

const configFile = (dir: string) => join(dir, "config.json");
const readConfig = (dir: string) => JSON.parse(readFileSync(configFile(dir), "utf8"));
function writeConfig(dir: string, config: unknown): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(configFile(dir), JSON.stringify(config), { mode: 0o600 });
}

interface Row {
  instance: string;
  alias: string | null;
  state: string;
  problem: string | null;
  loginCommand: string | null;
  cleartext: boolean;
  account: { id: string; email?: string; name?: string } | null;
  pendingLogin: {
    state: string;
    userCode: string | null;
    verificationUrl: string | null;
    expiresAt: string | null;
    problem: string | null;
    command: string;
  } | null;
}
const rowsOf = (result: CliResult): Row[] => JSON.parse(result.stdout).instances;

/** A session with every field of the right type, for hand-written configs. */
function goodSession(extra: Record<string, unknown> = {}) {
  return {
    accessToken: "hand-written-access-token",
    refreshToken: "hand-written-refresh-token",
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    scopes: ["OFFLINE", "PROFILE_READ"],
    account: { id: "acc-1", email: "eve@example.test", name: "Eve" },
    obtainedAt: new Date().toISOString(),
    ...extra,
  };
}

describe("status", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const status = (dir: string, args: string[] = []) =>
    runCli(["status", ...args], { env: sandboxEnv(sandbox, dir) });

  it("with nothing stored: exit 4 in both modes; --json still prints its object", async () => {
    const dir = configDir();
    const line = "caido-auth: not logged in to any instance. Log in: caido-auth login <URL>\n";
    const text = await status(dir);
    expect(text).toMatchObject({ code: 4, stdout: "", stderr: line });
    const json = await status(dir, ["--json"]);
    expect(json).toMatchObject({ code: 4, stderr: line });
    expect(JSON.parse(json.stdout)).toEqual({ instances: [] });

    // A named instance nobody logged in to: the same, naming it.
    const named = new RegExp(`not logged in to ${sandbox.instanceUrl}\\. Log in: caido-auth login`);
    const one = await status(dir, [sandbox.instanceUrl]);
    expect(one.code).toBe(4);
    expect(one.stdout).toBe("");
    expect(one.stderr).toMatch(named);
    const oneJson = await status(dir, [sandbox.instanceUrl, "--json"]);
    expect(oneJson.code).toBe(4);
    expect(JSON.parse(oneJson.stdout)).toEqual({ instances: [] });
    expect(oneJson.stderr).toMatch(named);
  });

  it("logged in: exit 0 in both modes, nothing on stderr", async () => {
    const dir = configDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    for (const args of [[], ["--json"], [sandbox.instanceUrl], [sandbox.instanceUrl, "--json"]]) {
      const result = await status(dir, args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
    }
    expect(rowsOf(await status(dir, ["--json"]))).toEqual([
      expect.objectContaining({
        instance: sandbox.instanceUrl,
        state: "valid",
        problem: null,
        loginCommand: null,
        cleartext: false,
        pendingLogin: null,
      }),
    ]);
  });

  it("a pending login (--no-wait) is its own row: code, resume command; exit 4 until resumed", async () => {
    const dir = configDir();
    const detach = await runCli(["login", sandbox.instanceUrl, "--no-wait", "--name", "sb"], {
      env: sandboxEnv(sandbox, dir),
    });
    expect(detach.code).toBe(0);
    const stored = readConfig(dir).pendingLogins[sandbox.instanceUrl];
    const resume = `caido-auth login --resume ${sandbox.instanceUrl}`;

    const json = await status(dir, ["--json"]);
    expect(json.code).toBe(4);
    expect(rowsOf(json)).toEqual([
      expect.objectContaining({
        instance: sandbox.instanceUrl,
        alias: "sb",
        state: "pending",
        account: null,
        loginCommand: resume,
        pendingLogin: {
          state: "waiting",
          userCode: stored.userCode,
          verificationUrl: stored.verificationUrl,
          expiresAt: stored.expiresAt,
          problem: null,
          command: resume,
        },
      }),
    ]);
    const text = await status(dir);
    expect(text.code).toBe(4);
    expect(text.stdout).toBe(
      [
        `${sandbox.instanceUrl} (sb)`,
        `  login pending: code ${stored.userCode} at ${stored.verificationUrl}, until ${stored.expiresAt}`,
        `  finish it: ${resume}`,
        "",
      ].join("\n"),
    );
    // The --name given to --no-wait finds it.
    expect((await status(dir, ["sb", "--json"])).code).toBe(4);

    // Approved and resumed: a session, no pending row.
    await sandbox.approve(stored.userCode);
    expect(
      (await runCli(["login", "--resume", "sb"], { env: sandboxEnv(sandbox, dir) })).code,
    ).toBe(0);
    const after = await status(dir, ["--json"]);
    expect(after.code).toBe(0);
    expect(rowsOf(after)).toEqual([
      expect.objectContaining({ alias: "sb", state: "valid", pendingLogin: null }),
    ]);
  });

  it("a pending login beside a session shows on its row; logout cancels both", async () => {
    const dir = configDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    expect((await runCli(["login", sandbox.instanceUrl, "--no-wait"], { env })).code).toBe(0);
    const json = await status(dir, ["--json"]);
    expect(json.code).toBe(0);
    const [row] = rowsOf(json);
    expect(row).toMatchObject({ state: "valid", pendingLogin: { state: "waiting" } });
    const text = await status(dir);
    expect(text.stdout).toContain(`  finish it: caido-auth login --resume ${sandbox.instanceUrl}`);

    const logout = await runCli(["logout"], { env });
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe(
      `Logged out of ${sandbox.instanceUrl} (alice@example.test).\nCancelled the pending login for ${sandbox.instanceUrl}.\n`,
    );
    const config = readConfig(dir);
    expect(config.sessions).toEqual({});
    expect(config.pendingLogins).toBeUndefined();
    const resumed = await runCli(["login", "--resume", sandbox.instanceUrl], { env });
    expect(resumed.code).toBe(4);
    expect(resumed.stderr).toMatch(/no login is pending/);
  });

  it("logout of an instance with only a pending login cancels it (by URL, alias, or --all)", async () => {
    for (const args of [[sandbox.instanceUrl], ["sb"], ["--all"], []]) {
      const dir = configDir();
      const env = sandboxEnv(sandbox, dir);
      const detach = ["login", sandbox.instanceUrl, "--no-wait", "--name", "sb"];
      expect((await runCli(detach, { env })).code).toBe(0);
      const logout = await runCli(["logout", ...args], { env });
      expect({ args, code: logout.code, stderr: logout.stderr }).toEqual({
        args,
        code: 0,
        stderr: `Cancelled the pending login for ${sandbox.instanceUrl}.\n`,
      });
      expect(readConfig(dir).pendingLogins).toBeUndefined();
    }
  });

  it("an expired or unusable pending login says to start again", async () => {
    const dir = configDir();
    const gone = "http://127.0.0.1:9";
    writeConfig(dir, {
      version: 1,
      sessions: {},
      pendingLogins: {
        [sandbox.instanceUrl]: {
          requestId: "r-1",
          userCode: "ABCD-EFGH",
          verificationUrl: `${sandbox.cloudUrl}/device?user_code=ABCD-EFGH`,
          expiresAt: "2020-01-01T00:10:00.000Z",
          startedAt: "2020-01-01T00:00:00.000Z",
        },
        [gone]: { requestId: 42 },
      },
    });
    const json = await status(dir, ["--json"]);
    expect(json.code).toBe(4);
    const rows = rowsOf(json);
    const byUrl = (url: string) => rows.find((r) => r.instance === url);
    expect(byUrl(sandbox.instanceUrl)?.pendingLogin).toMatchObject({
      state: "expired",
      command: `caido-auth login ${sandbox.instanceUrl} --no-wait`,
    });
    expect(byUrl(gone)).toMatchObject({
      state: "pending",
      pendingLogin: {
        state: "malformed",
        problem: "bad request id",
        userCode: null,
        command: `caido-auth login ${gone} --no-wait`,
      },
    });
    const text = await status(dir);
    expect(text.code).toBe(4);
    expect(text.stderr).toBe("");
    expect(text.stdout).toContain(
      `  login pending: code ABCD-EFGH at ${sandbox.cloudUrl}/device?user_code=ABCD-EFGH EXPIRED at 2020-01-01T00:10:00.000Z: start again: caido-auth login ${sandbox.instanceUrl} --no-wait`,
    );
    expect(text.stdout).toContain(
      `  login pending but unusable (bad request id): start again: caido-auth login ${gone} --no-wait`,
    );
  });

  it("a malformed session is its own state, with the problem and the login that fixes it", async () => {
    const dir = configDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const bad = "http://127.0.0.1:9";
    const config = readConfig(dir);
    config.sessions[bad] = goodSession({ alias: "broken", accessToken: 12345 });
    writeConfig(dir, config);
    const fix = `caido-auth login ${bad}`;

    // Another instance is usable: exit 0 without a name, 4 for the malformed one by name.
    const json = await status(dir, ["--json"]);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    const row = rowsOf(json).find((r) => r.instance === bad);
    expect(row).toEqual(
      expect.objectContaining({
        alias: "broken",
        state: "malformed",
        problem: "accessToken is not a token string",
        loginCommand: fix,
        account: { id: "acc-1", email: "eve@example.test", name: "Eve" },
        expiresAt: null,
        scopes: [],
      }),
    );
    const text = await status(dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      [
        `${bad} (broken)`,
        "  account: Eve <eve@example.test>",
        `  MALFORMED stored session (accessToken is not a token string): log in again to replace it: ${fix}`,
      ].join("\n"),
    );
    for (const args of [["broken"], ["broken", "--json"], ["broken", "--check"]]) {
      const named = await status(dir, args);
      expect({ args, code: named.code, stderr: named.stderr }).toEqual({
        args,
        code: 4,
        stderr: "",
      });
    }
    for (const secret of secretsIn(readConfig(dir)).filter((s) => typeof s === "string"))
      expect(text.stdout + json.stdout).not.toContain(secret);
    // The file keeps it as written.
    expect(readConfig(dir).sessions[bad].accessToken).toBe(12345);
  });

  it("server strings reach the terminal made safe: account, scopes, pending code", async () => {
    const dir = configDir();
    const url = "http://127.0.0.1:9";
    const evilName = "\x1b]0;pwned\x07Eve\x1b[1A\x1b[2K";
    const evilEmail = "eve@example.test\u202e";
    writeConfig(dir, {
      version: 1,
      sessions: {
        [url]: goodSession({
          account: { id: "acc-1", name: evilName, email: evilEmail },
          scopes: ["OFFLINE\x1b[31m"],
        }),
      },
      pendingLogins: {
        [url]: {
          requestId: "r-1",
          userCode: "AB\x1b[2JCD",
          verificationUrl: "http://127.0.0.1:9/device?\x1b]52;c;Y3VybCBldmlsfHNo\x07",
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
          startedAt: new Date().toISOString(),
        },
      },
    });
    const text = await status(dir);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(text.stdout).toContain(
      "  account: \\x1b]0;pwned\\x07Eve\\x1b[1A\\x1b[2K <eve@example.test\\u202e>",
    );
    expect(text.stdout).toContain("  scopes: OFFLINE\\x1b[31m");
    expect(text.stdout).toContain("code AB\\x1b[2JCD at http://127.0.0.1:9/device?\\x1b]52;c;");
    // JSON keeps the values (escaped by JSON itself).
    const [row] = rowsOf(await status(dir, ["--json"]));
    expect(row?.account?.name).toBe(evilName);
  });
});
