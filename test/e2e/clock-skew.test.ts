// An instance whose machine's clock is more than 5 minutes off refuses logins and refreshes
// with STALE_DATE. caido-auth says it is that machine's clock and how to fix it, and never
// discards a stored session for it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const CLOCK =
  /^caido-auth: http:\/\/127\.0\.0\.1:\d+ refused the (login|refresh) because the clock of the machine running (it|the instance) \(127\.0\.0\.1:\d+\) is more than 5 minutes off \(STALE_DATE\)\. Set that machine's clock right \(e\.g\. enable NTP on 127\.0\.0\.1:\d+\), then .*kept\.$/;

describe("an instance whose clock is off", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it("refuses a login and a refresh: the clock is named, the session kept", async () => {
    const dir = newConfigDir();
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const file = join(dir, "config.json");
    const before = readFileSync(file, "utf8");
    sandbox.setInstanceClockSkew(600);
    try {
      const login = await patLogin(sandbox, dir);
      expect(login.code).toBe(1);
      expect(login.stderr.trim().split("\n").at(-1)).toMatch(CLOCK);
      expect(readFileSync(file, "utf8")).toBe(before);
      const refresh = await runCli(["token", "--force-refresh"], { env: sandboxEnv(sandbox, dir) });
      expect(refresh.code).toBe(1);
      expect(refresh.stderr.trim()).toMatch(CLOCK);
      expect(readFileSync(file, "utf8")).toBe(before);
    } finally {
      sandbox.setInstanceClockSkew(0);
    }
    // The clock right again, the same session refreshes.
    const fixed = await runCli(["token", "--force-refresh"], { env: sandboxEnv(sandbox, dir) });
    expect(fixed.code, fixed.stderr).toBe(0);
  });
});
