import { describe, expect, it } from "vitest";
import { isFreshEnough } from "../../source/session/freshness.js";
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
    ["valid for less than minValid, issued long ago", session(3000, 30), 60, false],
    ["expired", session(3600, -1), 60, false],
    ["issued a moment ago, instance grants less than minValid", session(2, 18), 3600, true],
    ["issued a while ago relative to a short lifetime", session(15, 5), 3600, false],
    ["needs login", session(1, 3000, { needsLogin: true }), 0, false],
    ["refreshedAt counts over obtainedAt", session(9000, 20, { refreshedAt: at(-1) }), 3600, true],
  ])("%s", (_name, s, minValid, want) => {
    expect(isFreshEnough(s, now, minValid)).toBe(want);
  });
});
