// Device-flow logins through the sandbox instance, each ending the way the real instance
// would tell its client: approved in the cloud's own pages, denied, expired, refused because
// another account claimed the instance. Tokens arrive on the graphql-ws subscription.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decideWithPages } from "../../source/sandbox/cloud/page-driver.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { approveWithPat, graphql, startFlow, VIEWER, waitForToken } from "./_instance.js";

describe("one sandbox, logins in order", () => {
  let sandbox: Sandbox;
  const logs: string[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ log: (line) => logs.push(line) });
  });
  afterAll(() => sandbox?.close());

  test("approved in the cloud's verification pages: the token arrives on the subscription", async () => {
    const request = await startFlow(sandbox.instanceUrl);
    expect(request.verificationUrl).toContain(sandbox.cloudUrl);
    expect(request.verificationUrl).toContain(request.userCode);
    expect(Date.parse(request.expiresAt)).toBeGreaterThan(Date.now());
    const token = waitForToken(sandbox.instanceUrl, request.id);
    const page = await decideWithPages(request.verificationUrl, { decision: "approve" });
    expect(page.status).toBe(200);
    const payload = await token;
    expect(payload.error).toBeNull();
    expect(payload.token).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      scopes: ["ASSISTANT", "OFFLINE", "PROFILE_READ"],
    });
    const viewer = await graphql(sandbox.instanceUrl, VIEWER, undefined, payload.token.accessToken);
    expect(viewer.body.data.viewer.profile.identity.email).toBe(sandbox.accounts[0]!.email);
  });

  test("a subscription that starts after the approval still gets the token, once", async () => {
    const request = await startFlow(sandbox.instanceUrl);
    await approveWithPat(sandbox.cloudUrl, sandbox.accounts[0]!.pat, request.userCode);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past the instance's next poll
    const first = await waitForToken(sandbox.instanceUrl, request.id);
    expect(first.token?.accessToken).toEqual(expect.any(String));
    const second = await waitForToken(sandbox.instanceUrl, request.id);
    expect(second).toMatchObject({
      token: null,
      error: { __typename: "AuthenticationUserError", reason: "INVALID" },
    });
  });

  test("denied in the cloud: AuthenticationUserError DENIED", async () => {
    const request = await startFlow(sandbox.instanceUrl);
    const token = waitForToken(sandbox.instanceUrl, request.id);
    await sandbox.deny(request.userCode);
    expect(await token).toMatchObject({
      token: null,
      error: { __typename: "AuthenticationUserError", reason: "DENIED", code: "AUTHENTICATION" },
    });
  });

  test("denied in the pages: AuthenticationUserError DENIED", async () => {
    const request = await startFlow(sandbox.instanceUrl);
    const token = waitForToken(sandbox.instanceUrl, request.id);
    await decideWithPages(request.verificationUrl, { decision: "deny" });
    expect((await token).error).toMatchObject({ reason: "DENIED" });
  });

  test("another account after the owner: refused as INSTANCE_CLAIMED, owner unaffected", async () => {
    const bob = sandbox.accounts[1]!;
    const request = await startFlow(sandbox.instanceUrl);
    const token = waitForToken(sandbox.instanceUrl, request.id);
    await approveWithPat(sandbox.cloudUrl, bob.pat, request.userCode);
    expect(await token).toMatchObject({
      token: null,
      error: { __typename: "AuthenticationUserError", reason: "DENIED", code: "INSTANCE_CLAIMED" },
    });
    expect(logs).toContain("instance: revoked the refused account's tokens");
    // alice (the owner) still logs in.
    const again = await startFlow(sandbox.instanceUrl);
    const mine = waitForToken(sandbox.instanceUrl, again.id);
    await sandbox.approve(again.userCode);
    expect((await mine).token).not.toBeNull();
  });

  test("an unknown request id: AuthenticationUserError INVALID", async () => {
    expect(await waitForToken(sandbox.instanceUrl, "no-such-request")).toMatchObject({
      token: null,
      error: { reason: "INVALID" },
    });
  });

  test("authenticationState: no guests", async () => {
    const { body } = await graphql(sandbox.instanceUrl, "{ authenticationState { allowGuests } }");
    expect(body).toEqual({ data: { authenticationState: { allowGuests: false } } });
  });
});

test("a code nobody approves expires: AuthenticationUserError EXPIRED", async () => {
  const sandbox = await startSandbox({ codeTtl: 2 });
  try {
    const request = await startFlow(sandbox.instanceUrl);
    expect(Date.parse(request.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
    const started = Date.now();
    expect(await waitForToken(sandbox.instanceUrl, request.id)).toMatchObject({
      token: null,
      error: { __typename: "AuthenticationUserError", reason: "EXPIRED" },
    });
    expect(Date.now() - started).toBeLessThan(6000);
  } finally {
    await sandbox.close();
  }
});

test("bob first: bob owns the instance and alice is the one refused", async () => {
  const sandbox = await startSandbox({ autoApprove: false });
  try {
    const [alice, bob] = sandbox.accounts;
    const first = await startFlow(sandbox.instanceUrl);
    const token = waitForToken(sandbox.instanceUrl, first.id);
    await sandbox.approve(first.userCode, bob!.email);
    expect((await token).token).not.toBeNull();
    const second = await startFlow(sandbox.instanceUrl);
    const refused = waitForToken(sandbox.instanceUrl, second.id);
    await sandbox.approve(second.userCode, alice!.email);
    expect((await refused).error).toMatchObject({ code: "INSTANCE_CLAIMED" });
  } finally {
    await sandbox.close();
  }
});
