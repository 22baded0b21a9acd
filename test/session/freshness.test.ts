import { describe, expect, it } from "vitest";
import { isFreshEnough, issuedSince } from "../../source/session/freshness.js";
import type { StoredSession } from "../../source/store/format.js";

const now = Date.parse("2026-11-26T12:00:00Z");
const at = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString();
const session = (
  issuedAgo: number,
  expiresIn: number,
  extra: Partial<StoredSession> = {},
): StoredSession => ({
  accessToken: "t",
  scopes: [],
  obtainedAt: at(-issuedAgo),
  expiresAt: at(expiresIn),
  ...extra,
});

describe("isFreshEnough", () => {
  it.each([
    ["valid well beyond minValid", session(600, 3000), 60, true],
    ["valid exactly minValid", session(600, 60), 60, true],
    ["valid for less than minValid", session(3000, 30), 60, false],
    ["expired", session(3600, -1), 0, false],
    ["needs login", session(1, 3000, { needsLogin: true }), 0, false],
  ])("%s", (_name, s, minValid, want) => {
    expect(isFreshEnough(s, now, minValid)).toBe(want);
  });
});

describe("issuedSince", () => {
  it.each([
    ["obtained after the process started", session(1, 20), now - 5_000, true],
    ["obtained before the process started", session(10, 20), now - 5_000, false],
    [
      "refreshedAt counts over obtainedAt",
      session(900, 20, { refreshedAt: at(-1) }),
      now - 5_000,
      true,
    ],
  ])("%s", (_name, s, since, want) => {
    expect(issuedSince(s, since)).toBe(want);
  });
});
