// The checks every instance answer passes: the schema's types, our bounds, and a message that
// names the field but never repeats the value.
import { describe, expect, it } from "vitest";
import { InstanceFailure } from "../../source/instance/errors.js";
import {
  ANSWER_LIMITS,
  authenticationRequest,
  authenticationToken,
  checkAnswer,
  MalformedAnswer,
  viewer,
} from "../../source/instance/validate.js";

const goodToken = () => ({
  accessToken: "a.b-c_d~e+f/g=",
  refreshToken: "r".repeat(40),
  expiresAt: "2030-01-01T00:00:00.000Z",
  scopes: ["OFFLINE", "PROFILE_READ"],
});

const goodRequest = () => ({
  id: "req-1",
  userCode: "ABCD-EFGH",
  verificationUrl: "https://dashboard.caido.io/device?user_code=ABCD-EFGH",
  expiresAt: "2030-01-01T00:15:00+02:00",
});

function refusal(check: () => unknown): MalformedAnswer {
  let caught: unknown;
  try {
    check();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MalformedAnswer);
  return caught as MalformedAnswer;
}

describe("authenticationToken", () => {
  it("keeps a well-formed token as it is, and a null or missing refresh token as null", () => {
    expect(authenticationToken(goodToken())).toEqual(goodToken());
    expect(authenticationToken({ ...goodToken(), refreshToken: null }).refreshToken).toBeNull();
    const { refreshToken: _, ...withoutRefresh } = goodToken();
    expect(authenticationToken(withoutRefresh).refreshToken).toBeNull();
  });

  it("keeps scope names this version does not know, if they look like enum values", () => {
    expect(
      authenticationToken({ ...goodToken(), scopes: ["OFFLINE", "NEW_SCOPE_2"] }).scopes,
    ).toEqual(["OFFLINE", "NEW_SCOPE_2"]);
    expect(authenticationToken({ ...goodToken(), scopes: [] }).scopes).toEqual([]);
  });

  it.each([
    [
      "a numeric accessToken",
      { accessToken: 12345 },
      "token.accessToken is a number, not a string",
    ],
    ["an empty accessToken", { accessToken: "" }, "token.accessToken is empty"],
    ["a null expiresAt", { expiresAt: null }, "token.expiresAt is null, not a string"],
    ["an unparseable expiresAt", { expiresAt: "tomorrow" }, "token.expiresAt is not an RFC 3339"],
    [
      "a date without a zone",
      { expiresAt: "2030-01-01T00:00:00" },
      "token.expiresAt is not an RFC 3339",
    ],
    [
      "an impossible date",
      { expiresAt: "2030-13-01T00:00:00Z" },
      "token.expiresAt is not an RFC 3339",
    ],
    ['scopes: "ALL"', { scopes: "ALL" }, "token.scopes is a string, not a list"],
    [
      "a scope that is not a name",
      { scopes: ["OFFLINE", "rm -rf"] },
      "token.scopes[1] is not a scope name",
    ],
    ["a numeric scope", { scopes: [1] }, "token.scopes[0] is a number, not a string"],
    [
      "too many scopes",
      { scopes: Array(ANSWER_LIMITS.scopes + 1).fill("OFFLINE") },
      "token.scopes has 33 entries",
    ],
    ["a numeric refreshToken", { refreshToken: 7 }, "token.refreshToken is a number, not a string"],
    [
      "a 1 MB accessToken",
      { accessToken: "x".repeat(1_000_000) },
      "token.accessToken is 1000000 characters long (at most 8192)",
    ],
    [
      "CR LF in the accessToken",
      { accessToken: "abc\r\nX-Evil: 1" },
      "token.accessToken holds a space, a line break",
    ],
    [
      "a space in the refreshToken",
      { refreshToken: "abc def" },
      "token.refreshToken holds a space",
    ],
    ["non-ASCII in the accessToken", { accessToken: "abcé" }, "token.accessToken holds"],
  ])("refuses %s, naming the field", (_, change, message) => {
    const error = refusal(() => authenticationToken({ ...goodToken(), ...change }));
    expect(error.message).toContain(message);
    // The value itself never appears in the message.
    for (const value of Object.values(change)) {
      if (typeof value === "string" && value.length > 3) expect(error.message).not.toContain(value);
    }
  });

  it("refuses a token answer that is not an object", () => {
    expect(refusal(() => authenticationToken("token")).message).toBe(
      "token is a string, not an object",
    );
    expect(refusal(() => authenticationToken([goodToken()])).message).toBe(
      "token is a list, not an object",
    );
  });

  it("takes the longest token allowed, and not one character more", () => {
    const longest = "t".repeat(ANSWER_LIMITS.token);
    expect(authenticationToken({ ...goodToken(), accessToken: longest }).accessToken).toBe(longest);
    refusal(() => authenticationToken({ ...goodToken(), accessToken: `${longest}t` }));
  });
});

describe("authenticationRequest", () => {
  it("keeps a well-formed request", () => {
    expect(authenticationRequest(goodRequest())).toEqual(goodRequest());
  });

  it.each([
    [
      "a javascript: URL",
      { verificationUrl: "javascript:alert(1)" },
      "request.verificationUrl is not an http(s) URL",
    ],
    [
      "a file: URL",
      { verificationUrl: "file:///etc/passwd" },
      "request.verificationUrl is not an http(s) URL",
    ],
    [
      "credentials in the URL",
      { verificationUrl: "https://caido.io@evil.test/" },
      "carries a user name or password",
    ],
    [
      "an escape in the URL",
      { verificationUrl: "https://evil.test/\u001b]52;c;x\u0007" },
      "holds control characters",
    ],
    [
      "a 200 KB URL",
      { verificationUrl: `https://evil.test/${"a".repeat(200_000)}` },
      "at most 2048",
    ],
    ["not a URL", { verificationUrl: "caido" }, "request.verificationUrl is not a URL"],
    ["an escape in the user code", { userCode: "AB\u001b[1A\u001b[2K" }, "request.userCode holds"],
    [
      "a 100 KB user code",
      { userCode: "A".repeat(100_000) },
      "request.userCode is 100000 characters long (at most 64)",
    ],
    ["a numeric id", { id: 5 }, "request.id is a number"],
    ["an empty id", { id: "" }, "request.id is empty"],
    ["a bad expiresAt", { expiresAt: "soon" }, "request.expiresAt is not an RFC 3339"],
  ])("refuses %s", (_, change, message) => {
    expect(refusal(() => authenticationRequest({ ...goodRequest(), ...change })).message).toContain(
      message,
    );
  });
});

describe("viewer", () => {
  const cloudUser = () => ({
    __typename: "CloudUser",
    id: "u-1",
    profile: { identity: { email: "alice@example.test", name: "Alice Ünïcode" } },
  });

  it("keeps each member of the User union; a profile may be missing", () => {
    expect(viewer(cloudUser())).toEqual(cloudUser());
    expect(viewer({ __typename: "GuestUser", id: "g" })).toEqual({
      __typename: "GuestUser",
      id: "g",
    });
    expect(viewer({ __typename: "CloudUser", id: "u", profile: null })).toEqual({
      __typename: "CloudUser",
      id: "u",
    });
  });

  it.each([
    ["no typename", { __typename: undefined }, "viewer.__typename is not CloudUser"],
    ["a numeric id", { id: 1 }, "viewer.id is a number"],
    ["a profile without identity", { profile: {} }, "viewer.profile.identity is missing"],
    [
      "an escape in the name",
      { profile: { identity: { email: "a@b", name: "\u001b]0;pwned\u0007" } } },
      "viewer.profile.identity.name holds control characters",
    ],
    [
      "a numeric email",
      { profile: { identity: { email: 1, name: "A" } } },
      "viewer.profile.identity.email is a number",
    ],
    [
      "a huge name",
      { profile: { identity: { email: "a@b", name: "n".repeat(10_000) } } },
      "at most 256",
    ],
  ])("refuses %s", (_, change, message) => {
    expect(refusal(() => viewer({ ...cloudUser(), ...change })).message).toContain(message);
  });
});

describe("checkAnswer", () => {
  it("turns a refusal into an instance failure (exit 1) that says nothing was stored", () => {
    let caught: unknown;
    try {
      checkAnswer("http://i.test", "refreshAuthenticationToken", () =>
        authenticationToken({ ...goodToken(), accessToken: 42 }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InstanceFailure);
    expect(caught).toMatchObject({
      kind: "instance",
      exitCode: 1,
      message:
        "http://i.test sent a malformed answer to refreshAuthenticationToken: token.accessToken is a number, not a string.",
    });
    expect((caught as InstanceFailure).hint).toMatch(/^Nothing was stored\./);
  });

  it("lets other errors through as they are", () => {
    const other = new Error("boom");
    expect(() =>
      checkAnswer("http://i.test", "viewer", () => {
        throw other;
      }),
    ).toThrow(other);
  });
});
