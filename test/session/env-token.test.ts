import { describe, expect, it } from "vitest";
import { AuthRequiredError, UsageError } from "../../source/base/errors.js";
import {
  checkTokenValue,
  envExpiry,
  envToken,
  envTokenInstance,
} from "../../source/session/env-token.js";
import type { ConfigData } from "../../source/store/format.js";

const s = (alias?: string) => ({
  alias,
  accessToken: "stored",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: [],
  obtainedAt: "2026-01-01T00:00:00Z",
});
const A = "http://a.test:8080";
const B = "https://b.test";
const two: ConfigData = { version: 1, sessions: { [A]: s("a"), [B]: s() } };
const withDefault: ConfigData = { ...two, defaultInstance: B };
const none: ConfigData = { version: 1, sessions: {} };
const T = { CAIDO_ACCESS_TOKEN: "tok" };

describe("envTokenInstance: which instance the env token is for", () => {
  it.each([
    ["unset: never", two, undefined, { CAIDO_INSTANCE: A }, undefined],
    ["CAIDO_INSTANCE, nothing named", two, undefined, { ...T, CAIDO_INSTANCE: A }, A],
    ["the same instance named by alias", two, "a", { ...T, CAIDO_INSTANCE: A }, A],
    [
      "the same instance, URL spelt otherwise",
      two,
      "HTTP://A.test:8080/",
      { ...T, CAIDO_INSTANCE: "a" },
      A,
    ],
    ["another instance named", two, B, { ...T, CAIDO_INSTANCE: A }, undefined],
    ["CAIDO_INSTANCE unstored still owns it", none, undefined, { ...T, CAIDO_INSTANCE: A }, A],
    ["no CAIDO_INSTANCE: the default", withDefault, undefined, T, B],
    ["no CAIDO_INSTANCE: the default named", withDefault, B, T, B],
    ["no CAIDO_INSTANCE: another named", withDefault, A, T, undefined],
    ["no CAIDO_INSTANCE, two stored, one named", two, A, T, undefined],
    ["empty CAIDO_INSTANCE is unset", withDefault, undefined, { ...T, CAIDO_INSTANCE: "" }, B],
  ])("%s", (_name, config, argument, env, want) => {
    expect(envTokenInstance(config as ConfigData, argument, env)).toBe(want);
  });

  it("set with no instance to tell is a usage error saying to set CAIDO_INSTANCE", () => {
    for (const config of [none, two]) {
      expect(() => envTokenInstance(config, undefined, T)).toThrow(UsageError);
      expect(() => envTokenInstance(config, undefined, T)).toThrow(/no instance is named for it/);
    }
  });

  it("an unknown alias in CAIDO_INSTANCE is reported as such", () => {
    expect(() => envTokenInstance(two, undefined, { ...T, CAIDO_INSTANCE: "nope" })).toThrow(
      /no instance is named "nope"/,
    );
  });
});

describe("checkTokenValue", () => {
  it.each(["a\r", "a\nb", "a b", "t\u00f6k", "t\u20acn", "\t", "x".repeat(8193)])(
    "refuses %j without echoing it",
    (value) => {
      let error: unknown;
      try {
        checkTokenValue(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).not.toContain(value);
    },
  );
  it("takes a JWT-like value", () => {
    expect(() => checkTokenValue("eyJhbGciOi.J9-_~+/=.abc")).not.toThrow();
  });
});

describe("envExpiry", () => {
  it.each([
    [undefined, null],
    ["", null],
    ["2030-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
    ["2030-01-01T00:00:00.123+02:00", "2030-01-01T00:00:00.123+02:00"],
  ])("%j", (raw, want) => {
    expect(envExpiry({ CAIDO_ACCESS_TOKEN_EXPIRES_AT: raw })).toBe(want);
  });
  it.each(["tomorrow", "1700000000", "2030-01-01", "2030-13-45T99:00:00Z"])(
    "%j is a usage error",
    (raw) => {
      expect(() => envExpiry({ CAIDO_ACCESS_TOKEN_EXPIRES_AT: raw })).toThrow(UsageError);
    },
  );
});

describe("envToken", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  const env = (expiresAt?: string) => ({
    ...T,
    CAIDO_INSTANCE: A,
    ...(expiresAt ? { CAIDO_ACCESS_TOKEN_EXPIRES_AT: expiresAt } : {}),
  });
  const warnings: string[] = [];
  const options = (extra = {}) => ({ warn: (m: string) => warnings.push(m), now, ...extra });

  it("the token, its URL and expiry", () => {
    expect(envToken(two, "a", env("2026-06-01T13:00:00Z"), options())).toEqual({
      instanceUrl: A,
      accessToken: "tok",
      expiresAt: "2026-06-01T13:00:00Z",
    });
    expect(envToken(two, B, env(), options())).toBeUndefined();
  });

  it("expired (or expiring this second) is exit 4 with what to do", () => {
    for (const at of ["2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z"]) {
      expect(() => envToken(two, undefined, env(at), options())).toThrow(AuthRequiredError);
    }
    expect(() => envToken(two, undefined, env("2026-06-01T11:00:00Z"), options())).toThrow(
      /expired at/,
    );
  });

  it("--force-refresh is a usage error; another instance's is not ours to refuse", () => {
    expect(() => envToken(two, undefined, env(), options({ forceRefresh: true }))).toThrow(
      /--force-refresh cannot refresh CAIDO_ACCESS_TOKEN/,
    );
    expect(envToken(two, B, env(), options({ forceRefresh: true }))).toBeUndefined();
  });

  it("short of a given --min-valid: handed out with one warning; unknown expiry: silent", () => {
    warnings.length = 0;
    expect(
      envToken(two, undefined, env("2026-06-01T12:01:00Z"), options({ minValid: 300 })),
    ).toBeDefined();
    expect(warnings).toEqual([
      expect.stringMatching(/valid for 60 s more, less than --min-valid 300/),
    ]);
    warnings.length = 0;
    envToken(two, undefined, env("2026-06-01T12:01:00Z"), options());
    envToken(two, undefined, env(), options({ minValid: 300 }));
    expect(warnings).toEqual([]);
  });
});
