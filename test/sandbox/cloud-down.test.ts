// The cloud taken down for real (stopCloud: its port refuses connections) and brought back
// (startCloud: same URL, accounts and grants). Meanwhile the instance serves the tokens it knows
// until they expire, from what it learned about them; tokens it never saw, logins and refresh
// need the cloud; a token that ended is never served from that memory.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { CREATED_REQUEST, listen, until } from "./_data.js";
import {
  caidoError,
  GUEST_VIEWER,
  graphql,
  LOGIN_AS_GUEST,
  LOGOUT,
  loginWithPat,
  REFRESH,
  START,
  VIEWER,
} from "./_instance.js";

const INVALID_TOKEN = { code: "AUTHORIZATION", reason: "INVALID_TOKEN" };
const CLOUD_UNAVAILABLE = { code: "CLOUD", reason: "UNAVAILABLE" };
const COUNT = "{ requests { count { value } } }";

describe("one sandbox whose cloud goes down and comes back", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ allowGuests: true, seedRequests: 5, requestInterval: 0.05 });
  });
  afterEach(() => sandbox.startCloud());
  afterAll(() => sandbox?.close());

  const call = (query: string, variables?: Record<string, unknown>, token?: string) =>
    graphql(sandbox.instanceUrl, query, variables, token);
  const refresh = async (refreshToken: string) =>
    (await call(REFRESH, { refreshToken })).body.data.refreshAuthenticationToken;
  const aliceLogin = () =>
    loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, sandbox.accounts[0]!.pat);

  test("known tokens are served; unknown ones, logins and refresh get the cloud's absence", async () => {
    const alice = await aliceLogin();
    const guest = (await call(LOGIN_AS_GUEST)).body.data.loginAsGuest.token;
    await sandbox.stopCloud();
    await expect(fetch(`${sandbox.cloudUrl}/.well-known/openid-configuration`)).rejects.toThrow();

    // What the instance learned at login answers viewer, and the data API keeps serving.
    const viewer = await call(VIEWER, undefined, alice.accessToken);
    expect(viewer.body.errors).toBeUndefined();
    expect(viewer.body.data.viewer).toMatchObject({
      __typename: "CloudUser",
      profile: { identity: { email: "alice@example.test", name: "Alice" } },
    });
    const count = await call(COUNT, undefined, alice.accessToken);
    expect(count.body.data.requests.count.value).toBeGreaterThanOrEqual(5);
    const listening = listen(sandbox.instanceUrl, CREATED_REQUEST, alice.accessToken);
    await until(() => listening.events.length >= 2, "events while the cloud is down");
    expect(listening.events[0].errors).toBeUndefined();
    await listening.stop();

    // A token it never saw cannot be checked.
    const unknown = await call(VIEWER, undefined, "never-issued-anywhere");
    expect(unknown.body.data).toBeNull();
    expect(caidoError(unknown.body)).toEqual(CLOUD_UNAVAILABLE);

    // Logins and refresh need the cloud.
    expect((await call(START)).body.data.startAuthenticationFlow).toMatchObject({
      request: null,
      error: { __typename: "CloudUserError", cloudReason: "UNAVAILABLE" },
    });
    const asGuest = await call(LOGIN_AS_GUEST);
    expect(asGuest.body.data).toBeNull();
    expect(caidoError(asGuest.body)).toEqual(CLOUD_UNAVAILABLE);
    expect(await refresh(alice.refreshToken)).toMatchObject({
      token: null,
      error: { __typename: "CloudUserError", cloudReason: "UNAVAILABLE" },
    });
    // A user's logout too; the session stays as it was.
    expect((await call(LOGOUT, undefined, alice.accessToken)).body.data.logout).toEqual({
      success: false,
      error: { __typename: "CloudUserError" },
    });
    expect((await call(VIEWER, undefined, alice.accessToken)).body.data.viewer).toBeTruthy();

    // A guest's tokens are the instance's own: viewer and refresh work without the cloud.
    const guestViewer = await call(GUEST_VIEWER, undefined, guest.accessToken);
    expect(guestViewer.body.data.viewer.__typename).toBe("GuestUser");
    const guestRefresh = await refresh(guest.refreshToken);
    expect(guestRefresh.error).toBeNull();

    // Back: the refresh token issued before the outage still works, on the same URL.
    await sandbox.startCloud();
    const refreshed = await refresh(alice.refreshToken);
    expect(refreshed.error).toBeNull();
    const after = await call(VIEWER, undefined, refreshed.token.accessToken);
    expect(after.body.data.viewer.profile.identity.email).toBe("alice@example.test");
    expect((await call(START)).body.data.startAuthenticationFlow.request).not.toBeNull();
  });

  test("a token learned from a refresh is known too", async () => {
    const first = await aliceLogin();
    const second = await refresh(first.refreshToken);
    await sandbox.stopCloud();
    const viewer = await call(VIEWER, undefined, second.token.accessToken);
    expect(viewer.body.data.viewer.profile.identity.email).toBe("alice@example.test");
  });

  test("a logged-out token, or one whose login was revoked, is never served from memory", async () => {
    const loggedOut = await aliceLogin();
    const out = await call(LOGOUT, undefined, loggedOut.accessToken);
    expect(out.body.data.logout.success).toBe(true);

    // Reusing a spent refresh token revokes the whole login at the cloud.
    const first = await aliceLogin();
    const second = await refresh(first.refreshToken);
    expect((await refresh(first.refreshToken)).error).toMatchObject({ authReason: "INVALID" });

    const alive = await aliceLogin();
    await sandbox.stopCloud();
    for (const ended of [loggedOut.accessToken, first.accessToken, second.token.accessToken]) {
      expect(caidoError((await call(VIEWER, undefined, ended)).body)).toEqual(INVALID_TOKEN);
    }
    expect((await call(VIEWER, undefined, alive.accessToken)).body.data.viewer).toBeTruthy();
  });

  test("stopCloud() makes approve() fail until startCloud(); both may be called twice", async () => {
    await sandbox.stopCloud();
    await sandbox.stopCloud();
    await expect(sandbox.approve("ABCD-EFGH")).rejects.toThrow(/stopped/);
    await sandbox.startCloud();
    await sandbox.startCloud();
    const discovery = await fetch(`${sandbox.cloudUrl}/.well-known/openid-configuration`);
    expect((await discovery.json()).issuer).toBe(sandbox.cloudUrl);
  });
});

test("a known token past its expiry is refused, not served, while the cloud is down", async () => {
  const sandbox = await startSandbox({ accessTokenTtl: 1, requestInterval: 0 });
  try {
    const token = await loginWithPat(
      sandbox.instanceUrl,
      sandbox.cloudUrl,
      sandbox.accounts[0]!.pat,
    );
    await sandbox.stopCloud();
    const wait = Date.parse(token.expiresAt) - Date.now() + 100;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    const viewer = await graphql(sandbox.instanceUrl, VIEWER, undefined, token.accessToken);
    // Not CLOUD UNAVAILABLE: the instance knows this token, and knows it has expired.
    expect(caidoError(viewer.body)).toEqual(INVALID_TOKEN);

    await sandbox.startCloud();
    const { body } = await graphql(sandbox.instanceUrl, REFRESH, {
      refreshToken: token.refreshToken,
    });
    expect(body.data.refreshAuthenticationToken.error).toBeNull();
  } finally {
    await sandbox.close();
  }
});
