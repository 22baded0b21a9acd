// In GitHub Actions (GITHUB_ACTIONS=true) every command that hands out a token first tells the
// runner to mask it (::add-mask:: on stderr, which the runner reads as it reads stdout); stdout
// stays exactly the data. Anywhere else, no such line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const stored = (dir: string, url: string) =>
  JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[url];

describe("masking in GitHub Actions", () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ requestInterval: 0 });
    dir = newConfigDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
  }, 60_000);
  afterAll(() => sandbox?.close());

  const child = [process.execPath, "-e", "console.log('child ran')"];

  it("token, env and exec mask the token first; stdout is the data alone", async () => {
    const env = sandboxEnv(sandbox, dir, { GITHUB_ACTIONS: "true" });
    const token = () => stored(dir, sandbox.instanceUrl).accessToken as string;

    // bin.ts's fast path, and the full CLI with a refresh (a new token to mask).
    const fast = await runCli(["token"], { env });
    expect(fast).toMatchObject({
      code: 0,
      stdout: `${token()}\n`,
      stderr: `::add-mask::${token()}\n`,
    });
    const refreshed = await runCli(["token", "--force-refresh"], { env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toBe(`${token()}\n`);
    expect(refreshed.stderr).toBe(`::add-mask::${token()}\n`);

    const shell = await runCli(["env"], { env });
    expect(shell.code).toBe(0);
    expect(shell.stderr).toBe(`::add-mask::${token()}\n`);
    expect(shell.stdout).toMatch(
      /^export CAIDO_ACCESS_TOKEN='[^\n]+'\n(export [A-Z_]+='[^\n]*'\n){3}$/,
    );

    const exec = await runCli(["exec", "--", ...child], { env });
    expect(exec).toMatchObject({
      code: 0,
      stdout: "child ran\n",
      stderr: `::add-mask::${token()}\n`,
    });
  }, 60_000);

  it("an env token is masked as well", async () => {
    const env = sandboxEnv(sandbox, dir, {
      GITHUB_ACTIONS: "true",
      CAIDO_ACCESS_TOKEN: "env-token-value",
      CAIDO_INSTANCE: sandbox.instanceUrl,
    });
    for (const extra of [[], ["--debug"]]) {
      const r = await runCli(["token", ...extra], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("env-token-value\n");
      expect(r.stderr.split("\n")).toContain("::add-mask::env-token-value");
    }
  }, 60_000);

  it("nothing of the sort outside GitHub Actions", async () => {
    for (const value of [undefined, "false", ""]) {
      const env = sandboxEnv(sandbox, dir, value === undefined ? {} : { GITHUB_ACTIONS: value });
      for (const args of [
        ["token"],
        ["token", "--force-refresh"],
        ["env"],
        ["exec", "--", ...child],
      ]) {
        const r = await runCli(args, { env });
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
      }
    }
  }, 60_000);
});
