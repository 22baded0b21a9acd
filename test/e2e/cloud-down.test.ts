// The Caido cloud unreachable from the instance: the instance goes on serving the tokens it
// knows until they expire, so token and api go on with the stored, unexpired token when a
// refresh cannot reach the cloud, with one warning on stderr; an expired token, or
// --force-refresh, is a failure that says why. The cloud is really stopped (its port closed).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const VIEWER = "{ viewer { ... on CloudUser { id } } }";

describe("while the Caido cloud is down", () => {
  let sandbox: Sandbox;
  let dir: string;
  const file = () => join(dir, "config.json");
  const session = () => JSON.parse(readFileSync(file(), "utf8")).sessions[sandbox.instanceUrl];

  /** The stored token as if obtained an hour before `ms` from now (the instance keeps its own). */
  const setExpiry = (ms: number) => {
    const config = JSON.parse(readFileSync(file(), "utf8"));
    const stored = config.sessions[sandbox.instanceUrl];
    stored.expiresAt = new Date(Date.now() + ms).toISOString();
    stored.obtainedAt = new Date(Date.now() + ms - 3600_000).toISOString();
    delete stored.refreshedAt;
    writeFileSync(file(), JSON.stringify(config), { mode: 0o600 });
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ accessTokenTtl: 3600 });
    dir = newConfigDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
  });
  afterEach(() => sandbox.startCloud());
  afterAll(() => sandbox?.close());

  it("token and api use the stored token still valid, warning once that it was not refreshed", async () => {
    const env = sandboxEnv(sandbox, dir);
    const before = session();
    // 30 s left, under the 60 s a command wants: a refresh is due, and cannot happen.
    setExpiry(30_000);
    await sandbox.stopCloud();
    const token = await runCli(["token"], { env });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${before.accessToken}\n`);
    const warnings = token.stderr.trim().split("\n");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^caido-auth: warning: cannot refresh the session for http:\/\/127\.0\.0\.1:\d+: the instance cannot reach the Caido cloud; using the stored token, valid for \d+ s more\.$/,
    );
    // The instance knows the token, so a call with it still answers.
    const api = await runCli(["api", VIEWER], { env });
    expect(api.code, api.stderr).toBe(0);
    expect(JSON.parse(api.stdout).data.viewer.id).toBe(before.account.id);
    expect(api.stderr).toMatch(
      /^caido-auth: warning: cannot refresh the session .* valid for \d+ s more\.\n$/,
    );
    // Nothing was spent or changed: back up, the next refresh works.
    expect(session().refreshToken).toBe(before.refreshToken);
    await sandbox.startCloud();
    const refreshed = await runCli(["token", "--force-refresh"], { env });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).not.toBe(`${before.accessToken}\n`);
  });

  it("--force-refresh, or a token already expired, fails saying the cloud is out of reach", async () => {
    const env = sandboxEnv(sandbox, dir);
    await sandbox.stopCloud();
    const forced = await runCli(["token", "--force-refresh"], { env });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/cannot reach the Caido cloud/);
    const current = session();
    setExpiry(-1000);
    const expired = await runCli(["token"], { env });
    expect(expired.code).toBe(1);
    expect(expired.stdout).toBe("");
    expect(expired.stderr).toMatch(/^caido-auth: .*cannot reach the Caido cloud\..*\n$/);
    expect(session().refreshToken).toBe(current.refreshToken);
  });
});
