// A token process killed while it holds the refresh lock must not block the next one for
// more than 10 seconds (the holder is seen dead and its lock taken over).
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli, startCli } from "./_cli.js";
import { type HoldProxy, startHoldProxy } from "./_hold-proxy.js";
import { patLogin, sandboxEnv } from "./_login.js";

async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a refresh lock left by a killed process", () => {
  let sandbox: Sandbox;
  let proxy: HoldProxy;
  beforeAll(async () => {
    sandbox = await startSandbox();
    proxy = await startHoldProxy(sandbox.instanceUrl);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  it("does not block the next token call beyond 10 seconds", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir, { instanceUrl: proxy.url })).code).toBe(0);

    proxy.hold(true);
    const stuck = startCli(["token", "--force-refresh"], { env });
    const refreshLock = () =>
      readdirSync(dir).some((f) => f.startsWith("refresh-") && f.endsWith(".lock"));
    await waitFor(refreshLock, "the refresh lock to be taken");
    stuck.kill("SIGKILL");
    await new Promise((r) => stuck.once("exit", r));
    expect(refreshLock()).toBe(true); // left behind, as after a real crash

    proxy.hold(false);
    const next = await runCli(["token", "--force-refresh"], { env, timeoutMs: 10_000 });
    expect(next.signal).toBeNull(); // not killed by the 10-second deadline
    expect(next.code).toBe(0);
    expect(next.stdout.trim()).toMatch(/^\S{20,}$/);
  }, 60_000);
});
