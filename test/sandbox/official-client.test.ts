// The official @caido/server-auth client, unmodified, logs in against the sandbox with a PAT,
// refreshes, and its token answers `viewer` with the approving account.
import { AuthClient, PATApprover } from "@caido/server-auth";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { graphql, VIEWER } from "./_instance.js";

let sandbox: Sandbox;

beforeAll(async () => {
  // Node 20 has no global WebSocket, and the official client's graphql-ws needs one.
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= (await import("ws")).default;
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

test("the official AuthClient + PATApprover log in, refresh, and viewer names the account", async () => {
  const alice = sandbox.accounts[0]!;
  const client = new AuthClient({
    instanceUrl: sandbox.instanceUrl,
    approver: new PATApprover({ pat: alice.pat, apiUrl: sandbox.cloudUrl }),
  });

  const token = await client.startAuthenticationFlow();
  expect(token.accessToken).toEqual(expect.any(String));
  expect(token.refreshToken).toEqual(expect.any(String));
  expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now());
  expect([...token.scopes].sort()).toEqual(["ASSISTANT", "OFFLINE", "PROFILE_READ"]);

  const refreshed = await client.refreshToken(token.refreshToken!);
  expect(refreshed.accessToken).not.toBe(token.accessToken);
  expect(refreshed.refreshToken).not.toBe(token.refreshToken);

  const { status, body } = await graphql(
    sandbox.instanceUrl,
    VIEWER,
    undefined,
    refreshed.accessToken,
  );
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.viewer).toMatchObject({
    __typename: "CloudUser",
    profile: { identity: { email: alice.email, name: alice.name } },
  });
  expect(body.data.viewer.profile.subscription.plan.name).toEqual(expect.any(String));
});
