// Without the login screen nobody presses `o` after reading a phishing warning: with
// --browser, a link on a host that is not Caido's is never opened by itself; a trusted one is.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { baseEnv, newConfigDir, runCli } from "./_cli.js";
import { type HostileInstance, startHostileInstance } from "./_hostile-server.js";

describe("--browser outside the screen", () => {
  let sandbox: Sandbox;
  let hostile: HostileInstance;
  let bin: string;
  const record = () => join(bin, "opened.txt");
  beforeAll(async () => {
    sandbox = await startSandbox();
    // Its link is on a host that is neither caido.io, the cloud, nor loopback.
    hostile = await startHostileInstance({
      request: {
        id: "r1",
        userCode: "ABCD-EFGH",
        verificationUrl: "https://caido-login.example.net/activate?user_code=ABCD-EFGH",
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      },
    });
    // `open` runs xdg-open from PATH on Linux: this one records what it was asked to open.
    bin = mkdtempSync(join(tmpdir(), "caido-auth-xdg-"));
    writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\necho "$1" >> "${record()}"\n`);
    chmodSync(join(bin, "xdg-open"), 0o755);
  });
  afterAll(async () => {
    await Promise.all([sandbox?.close(), hostile?.close()]);
    rmSync(bin, { recursive: true, force: true });
  });

  const env = () => baseEnv(newConfigDir(), { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ":0" });
  const opened = () => (existsSync(record()) ? readFileSync(record(), "utf8") : "");

  it("does not open a warned link with login --no-wait --browser", async () => {
    rmSync(record(), { force: true });
    const run = await runCli(["login", hostile.url, "--no-wait", "--browser"], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("caido-login.example.net");
    await new Promise((r) => setTimeout(r, 500)); // a browser started late would show up here
    expect(opened()).toBe("");
  });

  it("opens a link on the cloud's own host (the control)", async () => {
    rmSync(record(), { force: true });
    const run = await runCli(["login", sandbox.instanceUrl, "--no-wait", "--browser"], {
      env: { ...env(), CAIDO_CLOUD_URL: sandbox.cloudUrl },
    });
    expect(run.code).toBe(0);
    for (let i = 0; i < 50 && !opened(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(opened()).toContain(`${sandbox.cloudUrl}/device`);
  });
});
