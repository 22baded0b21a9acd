// `login URL --guest` against a sandbox started with allowGuests, as a CI job on a throwaway
// instance runs it: no account, no PAT, no TTY. The guest session then serves token, env, exec
// and api (the viewer is a GuestUser) and refreshes; where guests are off, exit 4 with a line
// that names guests, and nothing is stored.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli } from "./_cli.js";
import { sandboxEnv } from "./_login.js";

const stored = (dir: string) => JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));

describe("login --guest", () => {
  let guests: Sandbox;
  let noGuests: Sandbox;
  beforeAll(async () => {
    [guests, noGuests] = await Promise.all([
      startSandbox({ allowGuests: true, accessTokenTtl: 3600 }),
      startSandbox(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([guests?.close(), noGuests?.close()]);
  });

  it("logs in with nothing but the URL, and the session serves token, env, exec and api", async () => {
    const dir = newConfigDir();
    // A PAT in the job's environment is not what a guest login uses.
    const env = sandboxEnv(guests, dir, { CAIDO_PAT: guests.accounts[0]?.pat });
    const login = await runCli(["login", guests.instanceUrl, "--guest", "--name", "ci"], { env });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toMatch(/^Logged in to http:\/\/127\.0\.0\.1:\d+ as a guest$/m);
    const session = stored(dir).sessions[guests.instanceUrl];
    expect(session).toMatchObject({ alias: "ci", guest: true, account: { name: "Guest" } });

    const token = await runCli(["token", "ci"], { env });
    expect(token.stdout).toBe(`${session.accessToken}\n`);
    const vars = JSON.parse((await runCli(["env", "ci", "--shell", "json"], { env })).stdout);
    expect(vars).toMatchObject({ CAIDO_INSTANCE: guests.instanceUrl });
    const exec = await runCli(["exec", "ci", "--", "sh", "-c", 'test -n "$CAIDO_ACCESS_TOKEN"'], {
      env,
    });
    expect(exec.code).toBe(0);
    const viewer = await runCli(
      ["api", "ci", "{ viewer { __typename ... on GuestUser { id } } }"],
      {
        env,
      },
    );
    expect(viewer.code, viewer.stderr).toBe(0);
    expect(JSON.parse(viewer.stdout).data.viewer).toEqual({
      __typename: "GuestUser",
      id: session.account.id,
    });
    // And it refreshes like any session.
    const refreshed = await runCli(["token", "ci", "--force-refresh"], { env });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).not.toBe(token.stdout);
    expect(stored(dir).sessions[guests.instanceUrl].guest).toBe(true);
    // status shows it as a guest's.
    const status = await runCli(["status", "ci"], { env });
    expect(status.stdout).toMatch(/account: Guest/);
  });

  it("says so in NDJSON with --json: one approved event, never a token", async () => {
    const dir = newConfigDir();
    const login = await runCli(["login", guests.instanceUrl, "--guest", "--json"], {
      env: sandboxEnv(guests, dir),
    });
    expect(login.code).toBe(0);
    const events = login.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events).toEqual([
      {
        event: "approved",
        instance: guests.instanceUrl,
        account: { id: expect.any(String), name: "Guest" },
        savedTo: join(dir, "config.json"),
      },
    ]);
    expect(login.stdout).not.toContain(stored(dir).sessions[guests.instanceUrl].accessToken);
  });

  it("where guests are off: exit 4, one line naming guests, nothing stored", async () => {
    const dir = newConfigDir();
    const login = await runCli(["login", noGuests.instanceUrl, "--guest"], {
      env: sandboxEnv(noGuests, dir),
    });
    expect(login.code).toBe(4);
    expect(login.stdout).toBe("");
    expect(login.stderr.trim().split("\n")).toEqual([
      `caido-auth: ${noGuests.instanceUrl} does not allow guests (its Caido was not started with --allow-guests). Log in with a Caido account instead: caido-auth login ${noGuests.instanceUrl}`,
    ]);
    expect(existsSync(join(dir, "config.json"))).toBe(false);
  });

  it("refuses the flags that only a person's or a PAT's login takes", async () => {
    const env = sandboxEnv(guests, newConfigDir());
    for (const flag of ["--pat-stdin", "--no-wait", "--no-qr", "--browser"]) {
      const run = await runCli(["login", guests.instanceUrl, "--guest", flag], { env });
      expect(run.code, flag).toBe(2);
      expect(run.stderr).toContain(`${flag} does not go with --guest.`);
    }
  });
});
