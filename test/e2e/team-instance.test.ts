// A Team instance (started with a registration key) admits every member of the workspace that
// claimed it, by the device flow and by PAT; an account outside is refused with Caido's words,
// exit 4, and the members' sessions stay as they were.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli, startCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const stored = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));

describe("a Team instance", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ registrationKey: "ckey_e2eTeamKey_0001" });
  });
  afterAll(() => sandbox?.close());

  const members = () => sandbox.accounts.filter((a) => a.member);
  const outsider = () => sandbox.accounts.find((a) => !a.member);

  it("has at least two members and one account outside", () => {
    expect(members().length).toBeGreaterThanOrEqual(2);
    expect(outsider()).toBeDefined();
  });

  it("lets every member in by PAT, and refuses the outsider with exit 4 in Caido's words", async () => {
    const dir = newConfigDir();
    for (const member of members()) {
      const index = sandbox.accounts.indexOf(member);
      const login = await patLogin(sandbox, dir, { account: index, args: ["--name", `m${index}`] });
      expect(login.code, login.stderr).toBe(0);
    }
    // Both in one config: the second login replaced the first (same instance).
    const before = stored(dir);
    const index = sandbox.accounts.indexOf(outsider() as (typeof sandbox.accounts)[number]);
    const refused = await patLogin(sandbox, dir, { account: index });
    expect(refused.code).toBe(4);
    // The login's plain progress lines, then one line for the failure.
    const last = refused.stderr.trim().split("\n").at(-1);
    expect(last).toMatch(/^caido-auth: .*You do not have access to this instance/);
    // The member's session is untouched, and still works.
    expect(stored(dir)).toEqual(before);
    const token = await runCli(["token"], { env: sandboxEnv(sandbox, dir) });
    expect(token.stdout.trim()).toBe(before.sessions[sandbox.instanceUrl].accessToken);
  });

  it("lets a member in by the device flow, and refuses the outsider there too", async () => {
    for (const account of [members()[1], outsider()]) {
      const dir = newConfigDir();
      const child = startCli(["login", sandbox.instanceUrl, "--json"], {
        env: sandboxEnv(sandbox, dir),
      });
      let out = "";
      let err = "";
      child.stdout?.on("data", (d) => {
        out += d;
      });
      child.stderr?.on("data", (d) => {
        err += d;
      });
      child.stdin?.end();
      while (!out.includes("\n")) await new Promise((r) => setTimeout(r, 50));
      const code = JSON.parse(out.split("\n")[0] as string);
      await sandbox.approve(code.userCode, account?.email);
      const exit = await new Promise<number | null>((r) => child.on("close", r));
      const events = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      if (account?.member) {
        expect(exit, err).toBe(0);
        expect(events.at(-1)).toMatchObject({
          event: "approved",
          account: { email: account.email },
        });
      } else {
        expect(exit).toBe(4);
        expect(events.at(-1)).toMatchObject({ event: "error", kind: "no-access", exitCode: 4 });
        expect(events.at(-1).message).toContain("You do not have access to this instance");
        expect(existsSync(join(dir, "config.json"))).toBe(false);
      }
    }
  });
});
