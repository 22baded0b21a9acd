import { describe, expect, it } from "vitest";
import { AuthRequiredError, UsageError } from "../../source/base/errors.js";
import { InstanceFailure } from "../../source/instance/errors.js";
import {
  findPending,
  pendingInstances,
  removePending,
  requestOf,
  resolvePendingInstance,
  setPending,
  toPending,
} from "../../source/session/pending-login.js";
import type { ConfigData, PendingLogin } from "../../source/store/format.js";

const NOW = Date.parse("2030-01-01T00:00:00.000Z");
const request = (n: number) => ({
  id: `req-${n}`,
  userCode: `CODE-000${n}`,
  verificationUrl: `https://dashboard.caido.io/device?user_code=CODE-000${n}`,
  expiresAt: "2030-01-01T00:10:00.000Z",
});
const entry = (n: number, alias?: string): PendingLogin =>
  toPending("http://x.test", request(n), { alias, makeDefault: false, now: NOW });
const session = (alias?: string) => ({
  alias,
  accessToken: "t",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: [],
  obtainedAt: "2026-01-01T00:00:00Z",
});

describe("toPending", () => {
  it("keeps what resume needs, and --name/--default only when given", () => {
    expect(
      toPending("http://a.test", request(1), { alias: "vps", makeDefault: true, now: NOW }),
    ).toEqual({
      requestId: "req-1",
      userCode: "CODE-0001",
      verificationUrl: "https://dashboard.caido.io/device?user_code=CODE-0001",
      expiresAt: "2030-01-01T00:10:00.000Z",
      startedAt: "2030-01-01T00:00:00.000Z",
      alias: "vps",
      makeDefault: true,
    });
    expect(Object.keys(entry(1))).not.toContain("alias");
    expect(Object.keys(entry(1))).not.toContain("makeDefault");
    expect(requestOf(entry(1))).toEqual({
      id: "req-1",
      userCode: "CODE-0001",
      verificationUrl: "https://dashboard.caido.io/device?user_code=CODE-0001",
      expiresAt: Date.parse("2030-01-01T00:10:00.000Z"),
    });
  });

  it("refuses an instance answer it should not store", () => {
    const bad = { ...request(1), verificationUrl: "file:///etc/passwd" };
    expect(() => toPending("http://a.test", bad, { makeDefault: false, now: NOW })).toThrow(
      InstanceFailure,
    );
    const huge = { ...request(1), id: "x".repeat(10_000) };
    expect(() => toPending("http://a.test", huge, { makeDefault: false, now: NOW })).toThrow(
      /unusable login request \(bad request id\)/,
    );
  });
});

describe("setPending, findPending, removePending", () => {
  it("holds one per instance; a new one replaces the old", () => {
    const data: ConfigData = { version: 1, sessions: {} };
    setPending(data, "http://a.test", entry(1));
    setPending(data, "http://a.test", entry(2));
    setPending(data, "http://b.test", entry(3));
    expect(pendingInstances(data)).toEqual(["http://a.test", "http://b.test"]);
    expect(findPending(data, "http://a.test")).toEqual({ state: "pending", pending: entry(2) });
    expect(findPending(data, "http://c.test")).toEqual({ state: "none" });
  });

  it("removes only the request it is told about, and the key once empty", () => {
    const data: ConfigData = { version: 1, sessions: {} };
    setPending(data, "http://a.test", entry(2));
    removePending(data, "http://a.test", "req-1");
    expect(findPending(data, "http://a.test").state).toBe("pending");
    removePending(data, "http://a.test", "req-2");
    expect(data.pendingLogins).toBeUndefined();
    setPending(data, "http://a.test", entry(2));
    removePending(data, "http://a.test");
    expect(data.pendingLogins).toBeUndefined();
  });

  it("reports a malformed entry, and recovers from a mangled pendingLogins", () => {
    const data: ConfigData = {
      version: 1,
      sessions: {},
      pendingLogins: { "http://a.test": { requestId: 42 } },
    };
    expect(findPending(data, "http://a.test")).toEqual({
      state: "malformed",
      problem: "bad request id",
    });
    // toString is not an instance with a pending login.
    expect(findPending(data, "toString")).toEqual({ state: "none" });
    const mangled: ConfigData = { version: 1, sessions: {}, pendingLogins: ["x"] as never };
    expect(pendingInstances(mangled)).toEqual([]);
    setPending(mangled, "http://a.test", entry(1));
    expect(mangled.pendingLogins).toEqual({ "http://a.test": entry(1) });
  });
});

describe("resolvePendingInstance", () => {
  const config: ConfigData = {
    version: 1,
    defaultInstance: "http://s.test",
    sessions: { "http://s.test": session("stored") },
    pendingLogins: { "http://a.test": entry(1, "vps"), "http://b.test": entry(2) },
  };

  it.each([
    ["a URL", "HTTP://B.test/", {}, "http://b.test"],
    ["the --name given to --no-wait", "vps", {}, "http://a.test"],
    ["a stored session's alias", "stored", {}, "http://s.test"],
    ["CAIDO_INSTANCE", undefined, { CAIDO_INSTANCE: "vps" }, "http://a.test"],
  ])("takes %s", (_name, argument, env, url) => {
    expect(resolvePendingInstance(config, argument, env)).toBe(url);
  });

  it("without a name: the only pending login, not the default instance", () => {
    const one = { ...config, pendingLogins: { "http://b.test": entry(2) } };
    expect(resolvePendingInstance(one, undefined, {})).toBe("http://b.test");
  });

  it("several pending: a usage error listing them; none: exit 4 saying how to start", () => {
    expect(() => resolvePendingInstance(config, undefined, {})).toThrow(UsageError);
    expect(() => resolvePendingInstance(config, undefined, {})).toThrow(/more than one login/);
    const none = { ...config, pendingLogins: undefined };
    expect(() => resolvePendingInstance(none, undefined, {})).toThrow(AuthRequiredError);
    expect(() => resolvePendingInstance(none, "nobody", {})).toThrow(/no instance is named/);
  });
});
