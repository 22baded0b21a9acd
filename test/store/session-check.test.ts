// One malformed stored session costs only its own instance: every field is checked,
// a bad session reads as "needs login, malformed", and it stays in the file as it was.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuthRequiredError } from "../../source/base/errors.js";
import { ConfigStore } from "../../source/store/config-store.js";
import { endedSession, sessionProblem } from "../../source/store/session-check.js";

const good = {
  alias: "vps",
  accessToken: "eyJ.abc-_~+/=",
  refreshToken: "r1",
  expiresAt: "2030-01-01T00:00:00.000Z",
  scopes: ["PROFILE_READ", "OFFLINE"],
  account: { id: "u1", email: "a@example.test", name: "Alice" },
  obtainedAt: "2026-01-01T00:00:00Z",
  refreshedAt: "2026-01-02T00:00:00+01:00",
};

describe("sessionProblem", () => {
  it("accepts a complete session, and the optional fields absent or null", () => {
    expect(sessionProblem(good)).toBeUndefined();
    const { alias: _a, account: _b, refreshedAt: _c, obtainedAt: _d, ...bare } = good;
    expect(sessionProblem({ ...bare, refreshToken: null })).toBeUndefined();
    expect(sessionProblem({ ...good, refreshToken: undefined, laterField: 1 })).toBeUndefined();
    // What markNeedsLogin leaves: the pair cleared, the account kept.
    expect(
      sessionProblem({ ...good, accessToken: "", refreshToken: null, needsLogin: true }),
    ).toBeUndefined();
  });

  it.each([
    ["not an object", "garbage"],
    ["not an object", null],
    ["accessToken is not a token string", { ...good, accessToken: 12345 }],
    ["accessToken is not a token string", { ...good, accessToken: "abc\r\nX-Evil: 1" }],
    ["accessToken is not a token string", { ...good, accessToken: "t".repeat(8193) }],
    ["refreshToken is neither a token string nor null", { ...good, refreshToken: 7 }],
    ["expiresAt is not an RFC 3339 time", { ...good, expiresAt: null }],
    ["expiresAt is not an RFC 3339 time", { ...good, expiresAt: "tomorrow" }],
    ["expiresAt is not an RFC 3339 time", { ...good, expiresAt: "2030" }],
    ["expiresAt is not an RFC 3339 time", { ...good, expiresAt: "2030-02-31T00:00:00Z-" }],
    ["scopes is not a list of strings", { ...good, scopes: "ALL" }],
    ["scopes is not a list of strings", { ...good, scopes: [1] }],
    ["account is not an object", { ...good, account: "alice" }],
    ["account.id is not a string", { ...good, account: { email: "a@b" } }],
    ["account.name is not a string", { ...good, account: { id: "u", name: { x: 1 } } }],
    ["alias is not a short string", { ...good, alias: 5 }],
    ["obtainedAt is not an RFC 3339 time", { ...good, obtainedAt: 0 }],
    ["refreshedAt is not an RFC 3339 time", { ...good, refreshedAt: "soon" }],
    ["needsLogin is not a boolean", { ...good, needsLogin: "yes" }],
  ])("names %s", (problem, value) => {
    expect(sessionProblem(value)).toBe(problem);
  });
});

describe("a config with one malformed session", () => {
  const bad = { ...good, alias: "broken", accessToken: 42, scopes: "ALL" };

  function configWith(): string {
    const dir = join(mkdtempSync(join(tmpdir(), "caido-auth-check-")), "config");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const config = {
      version: 1,
      defaultInstance: "http://bad.test",
      sessions: { "http://good.test": good, "http://bad.test": bad, "http://null.test": null },
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config), { mode: 0o600 });
    return dir;
  }

  it("reads: the others as they are, the bad ones as needing a login, with the problem", () => {
    const data = new ConfigStore(configWith(), () => {}).read();
    expect(data.sessions["http://good.test"]).toEqual(good);
    const standIn = data.sessions["http://bad.test"];
    expect(standIn).toMatchObject({
      needsLogin: true,
      malformed: "accessToken is not a token string",
      alias: "broken", // still found by its alias
      account: good.account,
      accessToken: "",
      scopes: [],
    });
    expect(data.sessions["http://null.test"]?.malformed).toBe("not an object");
  });

  it("writes the malformed sessions back exactly as they were, until a login replaces one", async () => {
    const dir = configWith();
    const store = new ConfigStore(dir, () => {});
    await store.update((d) => {
      d.defaultInstance = "http://good.test";
      const g = d.sessions["http://good.test"];
      if (g) g.accessToken = "rotated";
    });
    let file = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(file.sessions["http://bad.test"]).toEqual(bad);
    expect(file.sessions["http://null.test"]).toBeNull();
    expect(file.sessions["http://good.test"].accessToken).toBe("rotated");

    await store.update((d) => {
      d.sessions["http://bad.test"] = { ...good, accessToken: "fresh-login" };
    });
    file = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(file.sessions["http://bad.test"].accessToken).toBe("fresh-login");
  });

  it("gives an exit-4 error that names the instance and the problem, never a value", () => {
    const data = new ConfigStore(configWith(), () => {}).read();
    const error = endedSession("http://bad.test", data.sessions["http://bad.test"] as never);
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe(
      "the stored session for http://bad.test is malformed (accessToken is not a token string); other instances are not affected.",
    );
    expect(error.hint).toBe("Log in again to replace it: caido-auth login http://bad.test");
    const ended = endedSession("http://good.test", { ...good, needsLogin: true });
    expect(ended.message).toBe("the session for http://good.test has ended.");
  });
});
