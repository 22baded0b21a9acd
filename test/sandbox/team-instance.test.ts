// A Team instance (Caido's --registration-key): the key's workspace claims the instance at the
// cloud; its members log in by the browser pages and by PAT, any other account is refused when
// its tokens would be delivered, after approval, and nothing of the members' sessions changes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startCloud } from "../../source/sandbox/cloud/index.js";
import { decideWithPages } from "../../source/sandbox/cloud/page-driver.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { NO_ACCESS } from "../../source/sandbox/instance/guesses.js";
import { startInstance } from "../../source/sandbox/instance/index.js";
import {
  approveWithPat,
  graphql,
  loginWithPat,
  REFRESH,
  startFlow,
  VIEWER,
  waitForToken,
} from "./_instance.js";

const KEY = "ckey_sandboxTeam_0123456789";

describe("an instance claimed with a registration key", () => {
  let sandbox: Sandbox;
  const logs: string[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({
      registrationKey: KEY,
      requestInterval: 0,
      log: (line) => logs.push(line),
    });
  });
  afterAll(() => sandbox?.close());

  const byEmail = (email: string) => sandbox.accounts.find((a) => a.email === email)!;
  const email = async (accessToken: string) =>
    (await graphql(sandbox.instanceUrl, VIEWER, undefined, accessToken)).body.data?.viewer?.profile
      ?.identity?.email;

  test("the accounts say who is a member: alice and carol, not bob", () => {
    expect(sandbox.accounts.map(({ email, member }) => ({ email, member }))).toEqual([
      { email: "alice@example.test", member: true },
      { email: "bob@example.test", member: false },
      { email: "carol@example.test", member: true },
    ]);
    expect(logs).toContain("instance: claimed by the Team workspace Sandbox Team");
  });

  test("members log in, carol in the browser pages and alice with her PAT, side by side", async () => {
    const request = await startFlow(sandbox.instanceUrl);
    const delivered = waitForToken(sandbox.instanceUrl, request.id);
    const page = await decideWithPages(request.verificationUrl, {
      decision: "approve",
      email: "carol@example.test",
    });
    expect(page.status).toBe(200);
    const carol = await delivered;
    expect(carol.error).toBeNull();
    const alice = await loginWithPat(
      sandbox.instanceUrl,
      sandbox.cloudUrl,
      byEmail("alice@example.test").pat,
    );
    expect(await email(carol.token.accessToken)).toBe("carol@example.test");
    expect(await email(alice.accessToken)).toBe("alice@example.test");
  });

  test("bob is refused after he approved, with NO_ACCESS; the members' sessions are untouched", async () => {
    const alice = await loginWithPat(
      sandbox.instanceUrl,
      sandbox.cloudUrl,
      byEmail("alice@example.test").pat,
    );
    const carol = await loginWithPat(
      sandbox.instanceUrl,
      sandbox.cloudUrl,
      byEmail("carol@example.test").pat,
    );

    const request = await startFlow(sandbox.instanceUrl);
    const delivered = waitForToken(sandbox.instanceUrl, request.id);
    // The cloud lets bob approve: it is the instance that refuses him.
    await approveWithPat(sandbox.cloudUrl, byEmail("bob@example.test").pat, request.userCode);
    expect(await delivered).toEqual({
      token: null,
      error: { __typename: "AuthenticationUserError", code: NO_ACCESS.code, reason: "DENIED" },
    });
    expect(logs).toContain(`instance: refused bob@example.test: ${NO_ACCESS.message}`);
    expect(logs).toContain("instance: revoked the refused account's tokens");

    // In the pages too.
    const again = await startFlow(sandbox.instanceUrl);
    const refused = waitForToken(sandbox.instanceUrl, again.id);
    await decideWithPages(again.verificationUrl, {
      decision: "approve",
      email: "bob@example.test",
    });
    expect((await refused).error).toMatchObject({ code: NO_ACCESS.code });

    expect(await email(alice.accessToken)).toBe("alice@example.test");
    expect(await email(carol.accessToken)).toBe("carol@example.test");
    const refreshed = await graphql(sandbox.instanceUrl, REFRESH, {
      refreshToken: alice.refreshToken,
    });
    const fresh = refreshed.body.data.refreshAuthenticationToken.token;
    expect(await email(fresh.accessToken)).toBe("alice@example.test");
  });
});

test("without a key only the first account is marked member, and the first login claims", async () => {
  const sandbox = await startSandbox({ requestInterval: 0 });
  try {
    expect(sandbox.accounts.map((a) => a.member)).toEqual([true, false, false]);
    const [alice, , carol] = sandbox.accounts;
    await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice!.pat);
    await expect(loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, carol!.pat)).rejects.toThrow(
      /INSTANCE_CLAIMED/,
    );
  } finally {
    await sandbox.close();
  }
});

test("a key of the wrong form is refused before anything starts", async () => {
  for (const key of [
    "nope",
    "ckey_",
    "ckey_short",
    "ckey_has space inside",
    `ckey_${"x".repeat(201)}`,
  ]) {
    await expect(startSandbox({ registrationKey: key })).rejects.toThrow(/ckey_/);
  }
});

test("the claim goes through the cloud: a key it does not know stops the instance's start", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "team-unknown-key-"));
  const cloud = await startCloud({ dataDir: join(dataDir, "cloud"), registrationKeys: [KEY] });
  try {
    await expect(
      startInstance({
        cloudUrl: cloud.url,
        dataDir: join(dataDir, "unknown"),
        registrationKey: "ckey_notTheTeamsKey_000",
        requestInterval: 0,
      }),
    ).rejects.toThrow(/invalid_registration_key/);
    // The key the cloud does know claims a second instance for the same workspace.
    const instance = await startInstance({
      cloudUrl: cloud.url,
      dataDir: join(dataDir, "known"),
      registrationKey: KEY,
      requestInterval: 0,
    });
    try {
      expect(instance.workspace).toEqual({ id: cloud.workspaces[0]!.id, name: "Sandbox Team" });
      const carol = cloud.accounts.find((a) => a.email === "carol@example.test")!;
      const token = await loginWithPat(instance.url, cloud.url, carol.pat);
      expect(token.accessToken).toEqual(expect.any(String));
    } finally {
      await instance.close();
    }
  } finally {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
