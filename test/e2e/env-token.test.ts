// CAIDO_ACCESS_TOKEN belongs to one instance: two sandboxes logged in side by side, an env token
// for one, and every command aimed at the other uses the other's stored session. Expiry,
// --force-refresh, status, refused and malformed env tokens; --min-valid beyond the lifetime.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type CliResult, newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const configOf = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
const printEnv =
  "for (const k of ['CAIDO_INSTANCE','CAIDO_ACCESS_TOKEN','CAIDO_ACCESS_TOKEN_EXPIRES_AT','CAIDO_PAT']) console.log(k + '=' + (process.env[k] ?? '-'))";
const childEnv = (r: CliResult) =>
  Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
const RENEW = 'Re-run eval "$(caido-auth env)" for a new one, or unset CAIDO_ACCESS_TOKEN';

/** One line on stderr, the exit code, and nothing of `secret` anywhere. */
function expectFailure(r: CliResult, code: number, pattern: RegExp, secret?: string) {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: "" });
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  if (secret) expect(r.stderr).not.toContain(secret);
}

describe("CAIDO_ACCESS_TOKEN", () => {
  let one: Sandbox;
  let two: Sandbox;
  let dir: string;
  let base: NodeJS.ProcessEnv;
  /** What `env one --shell json` exported, before one's stored token was refreshed. */
  let exported: Record<string, string>;
  const stored = (s: Sandbox) => configOf(dir).sessions[s.instanceUrl];

  beforeAll(async () => {
    [one, two] = await Promise.all([
      startSandbox({ accessTokenTtl: 3600, requestInterval: 0 }),
      startSandbox({ requestInterval: 0 }),
    ]);
    dir = newConfigDir();
    base = sandboxEnv(one, dir);
    expect((await patLogin(one, dir, { args: ["--name", "one"] })).code).toBe(0);
    expect((await patLogin(two, dir, { args: ["--name", "two"] })).code).toBe(0);
    const env = await runCli(["env", "one", "--shell", "json"], { env: base });
    expect(env.code).toBe(0);
    exported = JSON.parse(env.stdout);
    // From now on the env token differs from one's stored token: who answers is visible.
    expect((await runCli(["token", "one", "--force-refresh"], { env: base })).code).toBe(0);
    expect(stored(one).accessToken).not.toBe(exported.CAIDO_ACCESS_TOKEN);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it("env exports the instance's URL (never the alias) and the token's expiry", () => {
    expect(Object.keys(exported).sort()).toEqual([
      "CAIDO_ACCESS_TOKEN",
      "CAIDO_ACCESS_TOKEN_EXPIRES_AT",
      "CAIDO_INSTANCE",
      "CAIDO_INSTANCE_URL",
    ]);
    expect(exported.CAIDO_INSTANCE).toBe(one.instanceUrl);
    expect(exported.CAIDO_INSTANCE_URL).toBe(one.instanceUrl);
    expect(Date.parse(exported.CAIDO_ACCESS_TOKEN_EXPIRES_AT as string)).toBeGreaterThan(
      Date.now(),
    );
  });

  it("token, env and exec use it for its own instance only", async () => {
    const env = { ...base, ...exported };
    const mine = exported.CAIDO_ACCESS_TOKEN;
    const other = stored(two);
    // --debug skips bin.ts's fast path: both paths must agree.
    for (const extra of [[], ["--debug"]]) {
      for (const args of [["token"], ["token", "one"], ["token", one.instanceUrl]]) {
        const r = await runCli([...args, ...extra], { env });
        expect({ args, code: r.code, out: r.stdout }).toEqual({ args, code: 0, out: `${mine}\n` });
      }
      const r = await runCli(["token", "two", ...extra], { env });
      expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: `${other.accessToken}\n` });
    }

    const json = JSON.parse((await runCli(["token", "--json"], { env })).stdout);
    expect(json).toEqual({
      instance: one.instanceUrl,
      accessToken: mine,
      expiresAt: exported.CAIDO_ACCESS_TOKEN_EXPIRES_AT,
      scopes: null,
      source: "env",
    });
    const twoJson = JSON.parse((await runCli(["token", "two", "--json"], { env })).stdout);
    expect(twoJson).toMatchObject({ instance: two.instanceUrl, source: "store" });

    const envTwo = JSON.parse((await runCli(["env", "two", "--shell", "json"], { env })).stdout);
    expect(envTwo).toEqual({
      CAIDO_ACCESS_TOKEN: other.accessToken,
      CAIDO_INSTANCE: two.instanceUrl,
      CAIDO_INSTANCE_URL: two.instanceUrl,
      CAIDO_ACCESS_TOKEN_EXPIRES_AT: other.expiresAt,
    });

    const execTwo = await runCli(["exec", "two", "--", process.execPath, "-e", printEnv], { env });
    expect(execTwo.code).toBe(0);
    expect(childEnv(execTwo)).toEqual({
      CAIDO_INSTANCE: two.instanceUrl,
      CAIDO_ACCESS_TOKEN: other.accessToken,
      CAIDO_ACCESS_TOKEN_EXPIRES_AT: other.expiresAt,
      CAIDO_PAT: "-",
    });
    const execMine = await runCli(["exec", "--", process.execPath, "-e", printEnv], { env });
    expect(childEnv(execMine)).toMatchObject({
      CAIDO_INSTANCE: one.instanceUrl,
      CAIDO_ACCESS_TOKEN: mine,
      CAIDO_ACCESS_TOKEN_EXPIRES_AT: exported.CAIDO_ACCESS_TOKEN_EXPIRES_AT,
    });
  }, 60_000);

  it("CAIDO_INSTANCE may be an alias; without it the token is the default instance's", async () => {
    const mine = exported.CAIDO_ACCESS_TOKEN as string;
    const aliased = { ...base, CAIDO_ACCESS_TOKEN: mine, CAIDO_INSTANCE: "one" };
    expect((await runCli(["token", one.instanceUrl], { env: aliased })).stdout).toBe(`${mine}\n`);
    expect((await runCli(["token", "two"], { env: aliased })).stdout).toBe(
      `${stored(two).accessToken}\n`,
    );

    // No CAIDO_INSTANCE: the token stands for the instance a command naming none would use.
    const bare = { ...base, CAIDO_ACCESS_TOKEN: mine };
    expect((await runCli(["use", "one"], { env: base })).code).toBe(0);
    expect((await runCli(["token"], { env: bare })).stdout).toBe(`${mine}\n`);
    expect((await runCli(["token", "two"], { env: bare })).stdout).toBe(
      `${stored(two).accessToken}\n`,
    );
    // Nothing stored and no CAIDO_INSTANCE: no instance to tell.
    const empty = sandboxEnv(one, newConfigDir(), { CAIDO_ACCESS_TOKEN: mine });
    expectFailure(
      await runCli(["token"], { env: empty }),
      2,
      /CAIDO_ACCESS_TOKEN is set, but no instance is named for it\. Set CAIDO_INSTANCE/,
      mine,
    );
    // An instance that is neither the token's nor stored: the hint says why the token was not used.
    const elsewhere = await runCli(["token", "http://127.0.0.1:1"], { env: aliased });
    expectFailure(elsewhere, 4, new RegExp(`CAIDO_ACCESS_TOKEN is for ${one.instanceUrl}`), mine);
  }, 60_000);

  it("an expired one is exit 4 with what to do; other instances still work", async () => {
    const mine = exported.CAIDO_ACCESS_TOKEN as string;
    const env = { ...base, ...exported, CAIDO_ACCESS_TOKEN_EXPIRES_AT: "2020-01-01T00:00:00Z" };
    for (const args of [
      ["token"],
      ["token", "--json"],
      ["env"],
      ["exec", "--", process.execPath, "-e", "0"],
    ]) {
      const r = await runCli(args, { env });
      expectFailure(r, 4, /CAIDO_ACCESS_TOKEN for .* expired at 2020-01-01T00:00:00Z/, mine);
      expect(r.stderr).toContain(RENEW);
    }
    expect((await runCli(["token", "two"], { env })).code).toBe(0);
    const malformed = { ...env, CAIDO_ACCESS_TOKEN_EXPIRES_AT: "tomorrow" };
    expectFailure(
      await runCli(["token"], { env: malformed }),
      2,
      /CAIDO_ACCESS_TOKEN_EXPIRES_AT is not an RFC 3339 time/,
      mine,
    );
  }, 60_000);

  it("--force-refresh with it is a usage error naming the variable", async () => {
    const env = { ...base, ...exported };
    const before = stored(one).refreshToken;
    expectFailure(
      await runCli(["token", "--force-refresh"], { env }),
      2,
      /--force-refresh cannot refresh CAIDO_ACCESS_TOKEN.*Unset CAIDO_ACCESS_TOKEN/,
      exported.CAIDO_ACCESS_TOKEN,
    );
    expect(stored(one).refreshToken).toBe(before);
    // Another instance's stored session still refreshes.
    const previous = stored(two).accessToken;
    const r = await runCli(["token", "two", "--force-refresh"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).not.toBe(previous);
  }, 60_000);

  it("status shows where it overrides the store", async () => {
    const env = { ...base, ...exported };
    const text = await runCli(["status"], { env });
    expect(text.code).toBe(0);
    const blocks = text.stdout.split("\n\n");
    const oneBlock = blocks.find((b) => b.startsWith(one.instanceUrl));
    const twoBlock = blocks.find((b) => b.startsWith(two.instanceUrl));
    expect(oneBlock).toContain(
      `CAIDO_ACCESS_TOKEN overrides the stored token here (valid until ${exported.CAIDO_ACCESS_TOKEN_EXPIRES_AT})`,
    );
    expect(twoBlock).not.toContain("CAIDO_ACCESS_TOKEN");

    const json = JSON.parse((await runCli(["status", "--json"], { env })).stdout);
    const row = (url: string) =>
      json.instances.find((r: { instance: string }) => r.instance === url);
    expect(row(one.instanceUrl).envToken).toEqual({
      expiresAt: exported.CAIDO_ACCESS_TOKEN_EXPIRES_AT,
      state: "valid",
    });
    expect(row(two.instanceUrl).envToken).toBeNull();
    expect(text.stdout + JSON.stringify(json)).not.toContain(exported.CAIDO_ACCESS_TOKEN);

    // Nothing stored (a CI job with only the variables): status still names the instance.
    const onlyEnv = sandboxEnv(one, newConfigDir(), exported);
    const bare = await runCli(["status", "--json"], { env: onlyEnv });
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.stdout).instances).toEqual([
      expect.objectContaining({ instance: one.instanceUrl, state: "not-stored", account: null }),
    ]);
    const checked = await runCli(["status", "--check"], { env: onlyEnv });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain("check: ok");

    const expired = { ...env, CAIDO_ACCESS_TOKEN_EXPIRES_AT: "2020-01-01T00:00:00Z" };
    const stale = JSON.parse((await runCli(["status", "--json"], { env: expired })).stdout);
    expect(
      stale.instances.find((r: { instance: string }) => r.instance === one.instanceUrl),
    ).toMatchObject({ envToken: { state: "expired" } });
  }, 60_000);

  it("a refused one names the variable (api, status --check)", async () => {
    const env = { ...base, CAIDO_ACCESS_TOKEN: "garbage-token", CAIDO_INSTANCE: one.instanceUrl };
    const api = await runCli(["api", "query { viewer { ... on CloudUser { id } } }"], { env });
    expectFailure(api, 4, /refused the access token.*CAIDO_ACCESS_TOKEN/);
    expect(api.stderr).toContain(RENEW);
    // The stored session was not touched: refreshing cannot help a token from the environment.
    const before = stored(one).refreshToken;
    const check = await runCli(["status", "one", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/check: FAILED: .*refused the access token.*CAIDO_ACCESS_TOKEN/);
    expect(check.stdout).toContain(RENEW);
    expect(stored(one).refreshToken).toBe(before);
  }, 60_000);

  it("a value no token has is refused at once, without echoing it", async () => {
    for (const value of ["secret-part\r", "secret-part\nsecond", "secret part", "sécret-part"]) {
      for (const args of [
        ["token"],
        ["env"],
        ["exec", "--", process.execPath, "-e", "0"],
        ["api", "query { viewer { ... on CloudUser { id } } }"],
      ]) {
        const env = { ...base, CAIDO_ACCESS_TOKEN: value, CAIDO_INSTANCE: one.instanceUrl };
        const r = await runCli(args, { env, timeoutMs: 10_000 });
        expectFailure(
          r,
          2,
          /CAIDO_ACCESS_TOKEN contains a line break, a space or a character outside visible ASCII/,
        );
        expect(r.stderr).not.toContain("secret");
      }
    }
  }, 60_000);
});

describe("--min-valid beyond the access-token lifetime", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ accessTokenTtl: 3600, requestInterval: 0 });
  });
  afterAll(() => sandbox?.close());

  it("refreshes once and warns, and never rotates on every call", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const session = () => configOf(dir).sessions[sandbox.instanceUrl];
    const login = session();

    // Right after login the token is as long-lived as a refresh would make it: no rotation.
    const fresh = await runCli(["token", "--min-valid", "4000"], { env });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout.trim()).toBe(login.accessToken);
    expect(session().refreshToken).toBe(login.refreshToken);
    expect(fresh.stderr).toMatch(
      /^caido-auth: warning: the access token is valid for \d+ s, less than --min-valid 4000: .* grants access tokens for 3600 s, which cannot satisfy it\.\n$/,
    );

    // 45 minutes later (the stored times say so): 900 s left, a refresh gives 3600.
    const file = join(dir, "config.json");
    const config = configOf(dir);
    const now = Date.now();
    Object.assign(config.sessions[sandbox.instanceUrl], {
      obtainedAt: new Date(now - 2700_000).toISOString(),
      expiresAt: new Date(now + 900_000).toISOString(),
    });
    writeFileSync(file, JSON.stringify(config));

    const first = await runCli(["token", "--min-valid", "4000"], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/less than --min-valid 4000: .* 3600 s, which cannot satisfy it/);
    const rotated = session();
    expect(rotated.refreshToken).not.toBe(login.refreshToken);
    expect(first.stdout.trim()).toBe(rotated.accessToken);

    // The same demand again, through the fast path and the full CLI: no second rotation.
    for (const extra of [[], ["--debug"]]) {
      const again = await runCli(["token", "--min-valid", "4000", ...extra], { env });
      expect(again.code).toBe(0);
      expect(again.stdout.trim()).toBe(rotated.accessToken);
      expect(again.stderr).toMatch(/less than --min-valid 4000/);
      expect(session().refreshToken).toBe(rotated.refreshToken);
    }
    // A demand the lifetime meets says nothing.
    const quiet = await runCli(["token", "--min-valid", "600"], { env });
    expect({ code: quiet.code, stderr: quiet.stderr }).toEqual({ code: 0, stderr: "" });
  }, 60_000);
});

describe("exec", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ requestInterval: 0 });
  });
  afterAll(() => sandbox?.close());

  it("never passes CAIDO_PAT on, and says to put the command after --", async () => {
    const dir = newConfigDir();
    const pat = sandbox.accounts[0]?.pat as string;
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const env = sandboxEnv(sandbox, dir, { CAIDO_PAT: pat });
    const child = await runCli(["exec", "--", process.execPath, "-e", printEnv], { env });
    expect(child.code).toBe(0);
    expect(childEnv(child)).toMatchObject({ CAIDO_PAT: "-", CAIDO_INSTANCE: sandbox.instanceUrl });
    expect(child.stdout + child.stderr).not.toContain(pat);

    expectFailure(
      await runCli(["exec", "echo", "hi"], { env }),
      2,
      /exec: put the command after "--"\. Usage: caido-auth exec \[INSTANCE\] -- COMMAND/,
    );
  }, 60_000);
});
