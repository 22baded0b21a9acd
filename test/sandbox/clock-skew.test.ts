// An instance whose clock is off (instanceClockSkew, setInstanceClockSkew): over 5 minutes from
// the cloud's Date, a login is refused at token delivery and a refresh before it spends anything,
// with AuthenticationUserError STALE_DATE; tokens issued before are not touched.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { STALE_DATE } from "../../source/sandbox/instance/guesses.js";
import {
  approveWithPat,
  graphql,
  loginWithPat,
  REFRESH,
  startFlow,
  VIEWER,
  waitForToken,
} from "./_instance.js";

const STALE = { __typename: "AuthenticationUserError", ...STALE_DATE };

test.each([
  ["ahead", 600],
  ["behind", -600],
])(
  "a clock 10 minutes %s: the approved login answers STALE_DATE, and no token",
  async (_, skew) => {
    const logs: string[] = [];
    const sandbox = await startSandbox({
      instanceClockSkew: skew,
      requestInterval: 0,
      log: (line) => logs.push(line),
    });
    try {
      const request = await startFlow(sandbox.instanceUrl);
      const delivered = waitForToken(sandbox.instanceUrl, request.id);
      await approveWithPat(sandbox.cloudUrl, sandbox.accounts[0]!.pat, request.userCode);
      expect(await delivered).toEqual({ token: null, error: STALE });
      expect(STALE_DATE.reason).toBe("STALE_DATE");
      expect(logs.some((l) => /refused Date mismatch: this clock is -?\d+ s off/.test(l))).toBe(
        true,
      );
      expect(logs).toContain("instance: revoked the refused account's tokens");
    } finally {
      await sandbox.close();
    }
  },
);

test("a clock 2 minutes ahead still logs in, and its expiresAt shows the skew", async () => {
  const sandbox = await startSandbox({ instanceClockSkew: 120, requestInterval: 0 });
  try {
    const token = await loginWithPat(
      sandbox.instanceUrl,
      sandbox.cloudUrl,
      sandbox.accounts[0]!.pat,
    );
    // One hour by the cloud, stamped by a clock two minutes ahead.
    expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(3600_000 + 60_000);
  } finally {
    await sandbox.close();
  }
});

describe("the clock drifts after a login", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ requestInterval: 0 });
  });
  afterAll(() => sandbox?.close());

  test("refresh answers STALE_DATE and spends nothing; the stored tokens keep working", async () => {
    const alice = sandbox.accounts[0]!;
    const token = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice.pat);
    sandbox.setInstanceClockSkew(-900);
    try {
      const refused = await graphql(sandbox.instanceUrl, REFRESH, {
        refreshToken: token.refreshToken,
      });
      expect(refused.body.data.refreshAuthenticationToken).toEqual({
        token: null,
        error: {
          __typename: "AuthenticationUserError",
          code: STALE_DATE.code,
          authReason: "STALE_DATE",
        },
      });
      // A new login is refused too, and the stored session does not change.
      const request = await startFlow(sandbox.instanceUrl);
      const delivered = waitForToken(sandbox.instanceUrl, request.id);
      await approveWithPat(sandbox.cloudUrl, alice.pat, request.userCode);
      expect((await delivered).error).toEqual(STALE);
      const viewer = await graphql(sandbox.instanceUrl, VIEWER, undefined, token.accessToken);
      expect(viewer.body.data.viewer.profile.identity.email).toBe(alice.email);
    } finally {
      sandbox.setInstanceClockSkew(0);
    }
    // The same refresh token, never spent, refreshes once the clock is right.
    const refreshed = await graphql(sandbox.instanceUrl, REFRESH, {
      refreshToken: token.refreshToken,
    });
    expect(refreshed.body.data.refreshAuthenticationToken.error).toBeNull();
  });
});
