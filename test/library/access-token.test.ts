// getAccessToken in a long-running script: each call after an expiry gets a new, unexpired
// token. (The CLI takes any token stored after its process started as new; a script that
// started an hour ago must not take its own expired token for one.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccessToken } from "../../source/index.js";
import { logIn, untilExpired, type Watched, watchedSandbox } from "./_session.js";

describe("getAccessToken in a long-running process", () => {
  let watched: Watched;
  beforeAll(async () => {
    watched = await watchedSandbox({ accessTokenTtl: 3 });
  });
  afterAll(() => watched?.sandbox.close());

  it("refreshes after every expiry, once each time", async () => {
    const session = await logIn(watched.sandbox);
    const seen = new Set([session.stored().accessToken]);
    for (let expiry = 1; expiry <= 2; expiry++) {
      await untilExpired(session);
      const before = watched.refreshes();
      const token = await getAccessToken({ env: session.env, minValid: 1 });
      expect(token.refreshed).toBe(true);
      expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
      expect(seen.has(token.accessToken), `expiry ${expiry}: a new token`).toBe(false);
      expect(watched.refreshes() - before).toBe(1);
      seen.add(token.accessToken);
      // Fresh now: asking again takes it from the store.
      await expect(getAccessToken({ env: session.env, minValid: 1 })).resolves.toMatchObject({
        accessToken: token.accessToken,
        refreshed: false,
      });
    }
  });
});
