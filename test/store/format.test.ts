// The config format's checks: pending logins are checked one by one, never the whole file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigStore } from "../../source/store/config-store.js";
import { formatProblem, pendingLoginProblem } from "../../source/store/format.js";

const pending = {
  requestId: "3f0e9c1a-1111-4222-8333-944455556666",
  userCode: "ABCD-EFGH",
  verificationUrl: "https://dashboard.caido.io/device?user_code=ABCD-EFGH",
  expiresAt: "2030-01-01T00:10:00.000Z",
  startedAt: "2030-01-01T00:00:00.000Z",
  alias: "vps",
  makeDefault: true,
};

describe("pendingLoginProblem", () => {
  it("accepts a complete entry, with or without --name and --default", () => {
    expect(pendingLoginProblem(pending)).toBeUndefined();
    const { alias: _a, makeDefault: _d, ...bare } = pending;
    expect(pendingLoginProblem(bare)).toBeUndefined();
    expect(pendingLoginProblem({ ...pending, laterField: [1] })).toBeUndefined();
  });

  it.each([
    ["not an object", ["x"]],
    ["bad request id", { ...pending, requestId: 42 }],
    ["bad request id", { ...pending, requestId: "r".repeat(257) }],
    ["bad user code", { ...pending, userCode: "" }],
    ["bad user code", { ...pending, userCode: "ABCD EFGH" }],
    ["bad user code", { ...pending, userCode: "A".repeat(65) }],
    ["bad verification URL", { ...pending, verificationUrl: "not a url" }],
    ["bad verification URL", { ...pending, verificationUrl: "javascript:alert(1)" }],
    ["bad verification URL", { ...pending, verificationUrl: `https://x.test/${"a".repeat(2048)}` }],
    ["bad expiresAt", { ...pending, expiresAt: "tomorrow" }],
    ["bad expiresAt", { ...pending, expiresAt: undefined }],
    ["bad startedAt", { ...pending, startedAt: 1 }],
    ["bad alias", { ...pending, alias: "" }],
    ["bad makeDefault", { ...pending, makeDefault: "yes" }],
  ])("refuses an entry with %s", (problem, value) => {
    expect(pendingLoginProblem(value)).toBe(problem);
  });
});

describe("formatProblem", () => {
  it("does not let a pending login, however broken, make the file unreadable", () => {
    const base = { version: 1, sessions: {} };
    for (const pendingLogins of [
      { "http://a.test": pending },
      { "http://a.test": { requestId: 42 } },
      "garbage",
      null,
    ]) {
      expect(formatProblem({ ...base, pendingLogins })).toBeUndefined();
    }
  });

  it("leaves a malformed session to session-check: it costs its own instance, not the file", () => {
    expect(formatProblem({ version: 1, sessions: { "http://a.test": {} } })).toBeUndefined();
    expect(formatProblem({ version: 1, sessions: [] })).toBe("no sessions object");
  });
});

describe("a config with pending logins", () => {
  it("keeps them through an update that does not touch them (what older versions do)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "caido-auth-format-")), "config");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const written = {
      version: 1,
      sessions: {},
      pendingLogins: { "http://a.test": pending, "http://b.test": { requestId: 42 } },
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(written), { mode: 0o600 });
    await new ConfigStore(dir, () => {}).update((d) => {
      d.defaultInstance = "http://a.test";
    });
    const after = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    rmSync(dirname(dir), { recursive: true, force: true });
    expect(after.pendingLogins).toEqual(written.pendingLogins);
  });
});
