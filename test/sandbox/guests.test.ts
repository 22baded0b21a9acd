// Guest login (Caido's --allow-guests): the instance issues a guest's tokens itself, refreshes
// them locally with rotation and reuse detection, serves viewer (GuestUser), the data API and
// graphql-ws to them, and ends the session on logout. Without guests: an error, no token.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { GUESTS_NOT_ALLOWED, TOKEN_ENDED_CLOSE } from "../../source/sandbox/instance/guesses.js";
import { CREATED_REQUEST, listen, until } from "./_data.js";
import { caidoError, GUEST_VIEWER, graphql, LOGIN_AS_GUEST, LOGOUT, REFRESH } from "./_instance.js";

const COUNT = "{ requests { count { value } } }";
const INVALID_TOKEN = { code: "AUTHORIZATION", reason: "INVALID_TOKEN" };

describe("an instance that allows guests", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ allowGuests: true, seedRequests: 30, requestInterval: 0.05 });
  });
  afterAll(() => sandbox?.close());

  const login = async () => {
    const { body } = await graphql(sandbox.instanceUrl, LOGIN_AS_GUEST);
    expect(body.errors).toBeUndefined();
    expect(body.data.loginAsGuest.error).toBeNull();
    return body.data.loginAsGuest.token;
  };
  const refresh = async (refreshToken: string) =>
    (await graphql(sandbox.instanceUrl, REFRESH, { refreshToken })).body.data
      .refreshAuthenticationToken;

  test("authenticationState says so, and loginAsGuest issues opaque tokens with an expiry", async () => {
    const state = await graphql(sandbox.instanceUrl, "{ authenticationState { allowGuests } }");
    expect(state.body).toEqual({ data: { authenticationState: { allowGuests: true } } });
    const token = await login();
    expect(token).toEqual({
      accessToken: expect.stringMatching(/^[\w-]{40,}$/),
      refreshToken: expect.stringMatching(/^[\w-]{40,}$/),
      expiresAt: expect.any(String),
      scopes: ["OFFLINE"],
    });
    // The sandbox's access token TTL (default one hour).
    const lifetime = Date.parse(token.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    const other = await login();
    expect(other.accessToken).not.toBe(token.accessToken);
  });

  test("viewer answers a GuestUser, one id per guest, and the data API serves guests", async () => {
    const one = await login();
    const two = await login();
    const first = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, one.accessToken);
    const second = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, two.accessToken);
    expect(first.body.data.viewer).toEqual({ __typename: "GuestUser", id: expect.any(String) });
    expect(second.body.data.viewer.id).not.toBe(first.body.data.viewer.id);
    const count = await graphql(sandbox.instanceUrl, COUNT, undefined, one.accessToken);
    expect(count.body.data.requests.count.value).toBeGreaterThanOrEqual(30);
  });

  test("refresh rotates locally; the spent refresh token coming back ends that guest's session", async () => {
    const first = await login();
    const who = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, first.accessToken);
    const second = await refresh(first.refreshToken);
    expect(second.error).toBeNull();
    expect(second.token.accessToken).not.toBe(first.accessToken);
    expect(second.token.refreshToken).not.toBe(first.refreshToken);
    expect(second.token.scopes).toEqual(["OFFLINE"]);
    const same = await graphql(
      sandbox.instanceUrl,
      GUEST_VIEWER,
      undefined,
      second.token.accessToken,
    );
    expect(same.body.data.viewer).toEqual(who.body.data.viewer);

    const bystander = await login();
    expect(await refresh(first.refreshToken)).toMatchObject({
      token: null,
      error: { __typename: "AuthenticationUserError", authReason: "INVALID" },
    });
    for (const dead of [first.accessToken, second.token.accessToken]) {
      const viewer = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, dead);
      expect(caidoError(viewer.body)).toEqual(INVALID_TOKEN);
    }
    expect(await refresh(second.token.refreshToken)).toMatchObject({
      token: null,
      error: { authReason: "INVALID" },
    });
    // Another guest is not touched.
    const fine = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, bystander.accessToken);
    expect(fine.body.data.viewer.__typename).toBe("GuestUser");
  });

  test("a guest listens over graphql-ws; logout ends the session and closes the socket", async () => {
    const token = await login();
    const listening = listen(sandbox.instanceUrl, CREATED_REQUEST, token.accessToken);
    await until(() => listening.events.length >= 2, "events for the guest");
    expect(listening.events[0].errors).toBeUndefined();

    const out = await graphql(sandbox.instanceUrl, LOGOUT, undefined, token.accessToken);
    expect(out.body).toEqual({ data: { logout: { success: true, error: null } } });
    const ended = (await listening.ended) as { code?: number; reason?: string };
    expect(ended).toMatchObject({
      code: TOKEN_ENDED_CLOSE.code,
      reason: TOKEN_ENDED_CLOSE.revoked,
    });
    await listening.stop();

    const viewer = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, token.accessToken);
    expect(caidoError(viewer.body)).toEqual(INVALID_TOKEN);
    expect(await refresh(token.refreshToken)).toMatchObject({
      token: null,
      error: { authReason: "INVALID" },
    });
    const again = listen(sandbox.instanceUrl, CREATED_REQUEST, token.accessToken);
    expect(await again.ended).toBe("complete");
    expect(again.events[0].errors[0].extensions.CAIDO).toEqual(INVALID_TOKEN);
    await again.stop();
  });
});

test("a guest token expires with the sandbox's access token TTL; its refresh token still works", async () => {
  const sandbox = await startSandbox({ allowGuests: true, accessTokenTtl: 1, requestInterval: 0 });
  try {
    const { body } = await graphql(sandbox.instanceUrl, LOGIN_AS_GUEST);
    const token = body.data.loginAsGuest.token;
    const expiresAt = Date.parse(token.expiresAt);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    const late = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, token.accessToken);
    expect(caidoError(late.body)).toEqual(INVALID_TOKEN);
    const refreshed = await graphql(sandbox.instanceUrl, REFRESH, {
      refreshToken: token.refreshToken,
    });
    const fresh = refreshed.body.data.refreshAuthenticationToken.token;
    const viewer = await graphql(sandbox.instanceUrl, GUEST_VIEWER, undefined, fresh.accessToken);
    expect(viewer.body.data.viewer.__typename).toBe("GuestUser");
  } finally {
    await sandbox.close();
  }
});

test("guests not allowed: allowGuests false, and loginAsGuest answers an error and no token", async () => {
  const sandbox = await startSandbox({ requestInterval: 0 });
  try {
    const state = await graphql(sandbox.instanceUrl, "{ authenticationState { allowGuests } }");
    expect(state.body.data.authenticationState.allowGuests).toBe(false);
    const { status, body } = await graphql(sandbox.instanceUrl, LOGIN_AS_GUEST);
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        loginAsGuest: {
          token: null,
          error: { __typename: "PermissionDeniedUserError", ...GUESTS_NOT_ALLOWED },
        },
      },
    });
    expect(GUESTS_NOT_ALLOWED.reason).toBe("GUEST_USER");
  } finally {
    await sandbox.close();
  }
});
