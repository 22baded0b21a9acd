// The instance's HTTP answers (start, refresh, viewer, logout) from a hostile server on
// 127.0.0.1: each wrong type or size is refused whole, naming the field, never the value.
import { afterEach, describe, expect, it } from "vitest";
import { CaidoAuthError } from "../../source/base/errors.js";
import {
  getViewer,
  logout,
  refreshAuthenticationToken,
  startAuthenticationFlow,
} from "../../source/instance/auth.js";
import { InstanceFailure } from "../../source/instance/errors.js";
import { request } from "../../source/instance/http.js";
import {
  goodToken,
  type HostileInstance,
  type HostileOptions,
  startHostileInstance,
} from "../e2e/_hostile-server.js";

const servers: HostileInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function hostile(options: HostileOptions): Promise<HostileInstance> {
  const server = await startHostileInstance(options);
  servers.push(server);
  return server;
}

async function rejection(promise: Promise<unknown>): Promise<CaidoAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaidoAuthError);
  return error as CaidoAuthError;
}

describe("refreshAuthenticationToken", () => {
  it("returns a well-formed token", async () => {
    const server = await hostile({});
    expect(await refreshAuthenticationToken(server.url, "r")).toEqual(
      expect.objectContaining({
        accessToken: "hostile-access-token",
        scopes: ["OFFLINE", "PROFILE_READ"],
      }),
    );
  });

  it.each([
    [
      "a numeric accessToken",
      { accessToken: 12345 },
      "token.accessToken is a number, not a string",
    ],
    ["a null expiresAt", { expiresAt: null }, "token.expiresAt is null, not a string"],
    ['scopes: "ALL"', { scopes: "ALL" }, "token.scopes is a string, not a list"],
    [
      "an unparseable expiresAt",
      { expiresAt: "next week" },
      "token.expiresAt is not an RFC 3339 date-time",
    ],
    [
      "a 1 MB accessToken",
      { accessToken: "x".repeat(1_000_000) },
      "token.accessToken is 1000000 characters long (at most 8192)",
    ],
    [
      "CR LF in the accessToken",
      { accessToken: "abc\r\ndef" },
      "token.accessToken holds a space, a line break or a character outside visible ASCII, which no token has",
    ],
  ])("refuses an answer with %s: exit 1, the field named", async (_, change, detail) => {
    const server = await hostile({ token: { ...goodToken(), ...change } });
    const error = await rejection(refreshAuthenticationToken(server.url, "r"));
    expect(error).toBeInstanceOf(InstanceFailure);
    expect(error).toMatchObject({
      kind: "instance",
      exitCode: 1,
      message: `${server.url} sent a malformed answer to refreshAuthenticationToken: ${detail}.`,
    });
  });

  it("refuses a payload that is not an object", async () => {
    const server = await hostile({ token: "a-token" });
    expect((await rejection(refreshAuthenticationToken(server.url, "r"))).message).toBe(
      `${server.url} sent a malformed answer to refreshAuthenticationToken: token is a string, not an object.`,
    );
  });
});

describe("startAuthenticationFlow", () => {
  const request = (change: Record<string, unknown>) => ({
    id: "r-1",
    userCode: "ABCD-EFGH",
    verificationUrl: "https://dashboard.caido.io/device",
    expiresAt: "2030-01-01T00:00:00Z",
    ...change,
  });

  it.each([
    [{ verificationUrl: "javascript:alert(1)" }, "request.verificationUrl is not an http(s) URL"],
    [
      { userCode: "\u001b[1A\u001b[2K" },
      "request.userCode holds a space or a character outside visible ASCII",
    ],
    [{ expiresAt: 1893456000 }, "request.expiresAt is a number, not a string"],
  ])("refuses %j", async (change, detail) => {
    const server = await hostile({ request: request(change) });
    expect((await rejection(startAuthenticationFlow(server.url))).message).toBe(
      `${server.url} sent a malformed answer to startAuthenticationFlow: ${detail}.`,
    );
  });
});

describe("getViewer and logout", () => {
  it("refuses a viewer whose name holds terminal escapes", async () => {
    const server = await hostile({
      viewer: {
        __typename: "CloudUser",
        id: "u",
        profile: { identity: { email: "a@b.test", name: "\u001b]52;c;Y3VybCBldmlsfHNo\u0007" } },
      },
    });
    expect((await rejection(getViewer(server.url, "t"))).message).toBe(
      `${server.url} sent a malformed answer to viewer: viewer.profile.identity.name holds control characters.`,
    );
  });

  it("never sends a bearer token that holds CR or LF: refused before any request", async () => {
    const server = await hostile({});
    const error = await rejection(getViewer(server.url, "tok\r\nX-Injected: 1"));
    expect(error).toMatchObject({ kind: "invalid-token", exitCode: 4 });
    expect(error.message).not.toContain("X-Injected");
    expect(server.calls).not.toContain("viewer");
  });

  it("a logout the instance does not confirm is an error; success: true is not", async () => {
    const confirmed = await hostile({});
    await expect(logout(confirmed.url, "t")).resolves.toBeUndefined();
    const unconfirmed = await hostile({ logout: { success: "yes", error: null } });
    expect((await rejection(logout(unconfirmed.url, "t"))).message).toBe(
      `${unconfirmed.url} sent a malformed answer to logout: success is a string, not a boolean.`,
    );
  });
});

describe("request", () => {
  it("a header Node cannot send fails at once and leaves no timer that fails later", async () => {
    const server = await hostile({});
    const error = await rejection(
      request(
        `${server.url}/health`,
        { headers: { authorization: "Bearer a\r\nb" } },
        { target: server.url, step: "GET /health", timeoutMs: 50 },
      ),
    );
    expect(error.message).toMatch(
      /^cannot send a request to .*: Invalid character in header content/,
    );
    // The old code's deadline fired here and threw a ReferenceError outside any promise,
    // which vitest reports as an unhandled error and fails the run.
    await new Promise((r) => setTimeout(r, 200));
  });
});
