// The scripting life cycle through the built CLI against the sandbox: PAT login, token,
// status, expiry and refresh, api, env, exec, logout; two instances side by side.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv, secretsIn } from "./_login.js";

const readConfig = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("scripting life cycle", () => {
  // `short` hands out 3-second access tokens, so the life cycle can watch one expire.
  let short: Sandbox;
  let one: Sandbox;
  let two: Sandbox;
  beforeAll(async () => {
    [short, one, two] = await Promise.all([
      startSandbox({ accessTokenTtl: 3 }),
      startSandbox(),
      startSandbox(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([short?.close(), one?.close(), two?.close()]);
  });

  it("logs in with a PAT, hands out tokens, refreshes after expiry and logs out", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(short, dir);
    const login = await patLogin(short, dir, { args: ["--name", "one"] });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(
      `Logged in to ${short.instanceUrl} as Alice <alice@example.test>`,
    );
    expect(login.stdout).toBe("");

    // The 3-second token is always within the default 60 s margin: ask for it as it is.
    const first = await runCli(["token", "--min-valid", "0"], { env });
    expect(first.code).toBe(0);
    const stored = readConfig(dir);
    expect(first.stdout.trim()).toBe(stored.sessions[short.instanceUrl].accessToken);

    const status = await runCli(["status", "--json"], { env });
    expect(status.code).toBe(0);
    const rows = JSON.parse(status.stdout).instances;
    expect(rows).toEqual([
      expect.objectContaining({
        instance: short.instanceUrl,
        alias: "one",
        default: true,
        state: "valid",
      }),
    ]);
    expect(rows[0].account).toMatchObject({ email: "alice@example.test", name: "Alice" });
    for (const secret of secretsIn(stored)) expect(status.stdout).not.toContain(secret);

    await sleep(3_500); // the 3-second access token expires
    const refreshed = await runCli(["token", "one"], { env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout.trim()).not.toBe(first.stdout.trim());
    const after = readConfig(dir).sessions[short.instanceUrl];
    expect(after.accessToken).toBe(refreshed.stdout.trim());
    expect(after.refreshToken).not.toBe(stored.sessions[short.instanceUrl].refreshToken);
    expect(after.refreshedAt).toBeDefined();

    const api = await runCli(
      ["api", "one", "query { viewer { ... on CloudUser { id profile { identity { email } } } } }"],
      { env },
    );
    expect(api.code).toBe(0);
    expect(JSON.parse(api.stdout).data.viewer.profile.identity.email).toBe("alice@example.test");

    const check = await runCli(["status", "--check"], { env });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("check: ok (Caido 0.56.0)");

    const logout = await runCli(["logout", "one"], { env });
    expect(logout.code).toBe(0);
    expect(readConfig(dir).sessions).toEqual({});
    // The instance ended the session: the old token no longer works there.
    const stale = await runCli(
      ["api", short.instanceUrl, "query { viewer { ... on CloudUser { id } } }"],
      {
        env: { ...env, CAIDO_ACCESS_TOKEN: after.accessToken },
      },
    );
    expect(stale.code).toBe(4);
    const gone = await runCli(["token"], { env });
    expect(gone.code).toBe(4);
    expect(gone.stderr).toMatch(/caido-auth login/);
  }, 60_000);

  it("keeps two instances independent", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(one, dir);
    expect((await patLogin(one, dir, { args: ["--name", "one"] })).code).toBe(0);
    expect((await patLogin(two, dir, { args: ["--name", "two", "--default"] })).code).toBe(0);
    const config = readConfig(dir);
    expect(Object.keys(config.sessions).sort()).toEqual([one.instanceUrl, two.instanceUrl].sort());
    expect(config.defaultInstance).toBe(two.instanceUrl);

    const [a, b, dflt] = await Promise.all([
      runCli(["token", "one"], { env }),
      runCli(["token", "-i", "two"], { env }),
      runCli(["token"], { env }),
    ]);
    expect(a.stdout.trim()).toBe(config.sessions[one.instanceUrl].accessToken);
    expect(b.stdout.trim()).toBe(config.sessions[two.instanceUrl].accessToken);
    expect(dflt.stdout).toBe(b.stdout);

    expect((await runCli(["use", "one"], { env })).code).toBe(0);
    expect((await runCli(["token"], { env })).stdout).toBe(a.stdout);
    expect((await runCli(["logout", "two"], { env })).code).toBe(0);
    expect(Object.keys(readConfig(dir).sessions)).toEqual([one.instanceUrl]);
    expect((await runCli(["token", "one"], { env })).code).toBe(0);
  }, 60_000);

  it("env and exec hand the token to other programs, never in argv", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(two, dir);
    expect((await patLogin(two, dir)).code).toBe(0);
    const { accessToken: token, expiresAt } = readConfig(dir).sessions[two.instanceUrl];
    const sh = await runCli(["env"], { env });
    expect(sh.stdout).toBe(
      `export CAIDO_ACCESS_TOKEN='${token}'\nexport CAIDO_INSTANCE='${two.instanceUrl}'\nexport CAIDO_INSTANCE_URL='${two.instanceUrl}'\nexport CAIDO_ACCESS_TOKEN_EXPIRES_AT='${expiresAt}'\n`,
    );
    const child = await runCli(
      [
        "exec",
        "--",
        process.execPath,
        "-e",
        "process.stdout.write(process.env.CAIDO_ACCESS_TOKEN + ' ' + process.env.CAIDO_INSTANCE); process.exit(3)",
      ],
      { env },
    );
    expect(child.stdout).toBe(`${token} ${two.instanceUrl}`);
    expect(child.code).toBe(3);
  }, 60_000);
});

describe("api", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("prints the whole answer and exits 1 when it carries errors", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const result = await runCli(["api", "query { viewer { ... on CloudUser { nope } } }"], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors[0].message).toMatch(/nope/);
  });

  it("a refused access token is refreshed once and the call retried", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const file = join(dir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.sessions[sandbox.instanceUrl].accessToken = "revoked-or-garbled";
    writeFileSync(file, JSON.stringify(config));
    const result = await runCli(
      ["api", "-F", "x=1", "query { viewer { ... on CloudUser { id } } }"],
      { env },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).data.viewer.id).toBeTruthy();
    expect(readConfig(dir).sessions[sandbox.instanceUrl].accessToken).not.toBe(
      "revoked-or-garbled",
    );
  });
});
