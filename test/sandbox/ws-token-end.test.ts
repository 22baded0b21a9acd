// A WebSocket listening with an access token is closed (TOKEN_ENDED_CLOSE) when that token
// expires or is revoked, and a fresh token on a new socket listens again.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { TOKEN_ENDED_CLOSE } from "../../source/sandbox/instance/guesses.js";
import { CREATED_REQUEST, listen, until } from "./_data.js";
import { graphql, LOGOUT, loginWithPat, REFRESH } from "./_instance.js";

describe("short access tokens", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seedRequests: 0, requestInterval: 0.05, accessTokenTtl: 2 });
  });
  afterAll(() => sandbox?.close());

  test("the socket closes when its token expires; a refreshed token listens again", async () => {
    const alice = sandbox.accounts[0]!;
    const before = Date.now();
    const token = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice.pat);
    const loginTook = Date.now() - before;
    const expiresAt = Date.parse(token.expiresAt);
    const listening = listen(sandbox.instanceUrl, CREATED_REQUEST, token.accessToken);

    const ended = (await listening.ended) as { code?: number; reason?: string };
    // It lived until expiry: the token's exp is in whole seconds, from when the cloud issued
    // it; the instance's expiresAt counts from when the answer reached it (a loaded CI
    // machine closed it 1,003 ms before expiresAt).
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 1000 - loginTook);
    expect(ended.code).toBe(TOKEN_ENDED_CLOSE.code);
    expect(ended.reason).toBe(TOKEN_ENDED_CLOSE.expired);
    expect(listening.closes).toEqual([
      { code: TOKEN_ENDED_CLOSE.code, reason: TOKEN_ENDED_CLOSE.expired },
    ]);
    expect(listening.events.length).toBeGreaterThan(0);
    expect(listening.events.every((e) => e.errors === undefined)).toBe(true);
    await listening.stop();

    const { body } = await graphql(sandbox.instanceUrl, REFRESH, {
      refreshToken: token.refreshToken,
    });
    const fresh = body.data.refreshAuthenticationToken.token.accessToken;
    const again = listen(sandbox.instanceUrl, CREATED_REQUEST, fresh);
    await until(() => again.events.length >= 2, "events with the refreshed token");
    expect(again.events[0].errors).toBeUndefined();
    expect(again.closes).toEqual([]);
    await again.stop();
  });
});

describe("long access tokens", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seedRequests: 0, requestInterval: 0.05 });
  });
  afterAll(() => sandbox?.close());

  test("logout revokes the token and closes the socket that listens with it", async () => {
    const alice = sandbox.accounts[0]!;
    const token = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice.pat);
    const other = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice.pat);
    const listening = listen(sandbox.instanceUrl, CREATED_REQUEST, token.accessToken);
    const bystander = listen(sandbox.instanceUrl, CREATED_REQUEST, other.accessToken);
    await until(() => listening.events.length >= 1, "a first event");

    const { body } = await graphql(sandbox.instanceUrl, LOGOUT, undefined, token.accessToken);
    expect(body.data.logout.success).toBe(true);
    const ended = (await listening.ended) as { code?: number; reason?: string };
    expect(ended.code).toBe(TOKEN_ENDED_CLOSE.code);
    expect(ended.reason).toBe(TOKEN_ENDED_CLOSE.revoked);
    await listening.stop();

    // Another session's socket keeps listening.
    const seen = bystander.events.length;
    await until(() => bystander.events.length > seen + 2, "the other socket's events");
    expect(bystander.closes).toEqual([]);
    await bystander.stop();
  });
});
