// CAIDO_INSTANCE_URL, the name Caido's SDK examples use, names the instance where
// CAIDO_INSTANCE is unset; CAIDO_INSTANCE wins when both are set. What env prints and exec's
// command gets carry both names for the token's own instance, whatever the shell had before.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baseEnv, runCli } from "./_cli.js";

const ONE = "http://127.0.0.1:9";
const TWO = "http://127.0.0.1:19";

const root = mkdtempSync(join(tmpdir(), "caido-auth-instance-variable-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configDir(): string {
  const dir = join(root, String(Math.random()).slice(2));
  mkdirSync(dir, { mode: 0o700 });
  const session = (alias: string) => ({
    alias,
    accessToken: `token-${alias}`,
    refreshToken: `refresh-${alias}`,
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    scopes: ["OFFLINE"],
    account: { id: alias, email: `${alias}@example.test`, name: alias },
    obtainedAt: new Date().toISOString(),
  });
  const config = { version: 1, sessions: { [ONE]: session("one"), [TWO]: session("two") } };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config), { mode: 0o600 });
  return dir;
}

describe("CAIDO_INSTANCE_URL", () => {
  const token = (extra: NodeJS.ProcessEnv) =>
    runCli(["token"], { env: baseEnv(configDir(), extra) });

  it("names the instance when CAIDO_INSTANCE is unset or empty, as a URL or an alias", async () => {
    expect((await token({ CAIDO_INSTANCE_URL: TWO })).stdout).toBe("token-two\n");
    expect((await token({ CAIDO_INSTANCE_URL: "two" })).stdout).toBe("token-two\n");
    expect((await token({ CAIDO_INSTANCE: "", CAIDO_INSTANCE_URL: TWO })).stdout).toBe(
      "token-two\n",
    );
    // Neither set, two stored, no default: say which.
    const none = await token({});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/more than one instance is stored/);
  });

  it("gives way to CAIDO_INSTANCE, and to the argument", async () => {
    expect((await token({ CAIDO_INSTANCE: "one", CAIDO_INSTANCE_URL: TWO })).stdout).toBe(
      "token-one\n",
    );
    const named = await runCli(["token", "one"], {
      env: baseEnv(configDir(), { CAIDO_INSTANCE_URL: TWO }),
    });
    expect(named.stdout).toBe("token-one\n");
  });

  it("is set with CAIDO_INSTANCE to the token's own instance, for env and exec", async () => {
    const stale = { CAIDO_INSTANCE_URL: TWO };
    const env = await runCli(["env", "one", "--shell", "json"], {
      env: baseEnv(configDir(), stale),
    });
    expect(JSON.parse(env.stdout)).toMatchObject({ CAIDO_INSTANCE: ONE, CAIDO_INSTANCE_URL: ONE });
    const exec = await runCli(["exec", "one", "--", "sh", "-c", 'echo "$CAIDO_INSTANCE_URL"'], {
      env: baseEnv(configDir(), stale),
    });
    expect(exec.stdout).toBe(`${ONE}\n`);
  });
});
