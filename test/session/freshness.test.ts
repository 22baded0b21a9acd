import { describe, expect, it } from "vitest";
import {
  isFreshEnough,
  issuedSince,
  lifetimeSeconds,
  requiredSeconds,
  shortfall,
} from "../../source/session/freshness.js";
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

describe("a --min-valid beyond the token lifetime", () => {
  // Issued 45 minutes ago for an hour: lifetime 3600 s, 900 s left.
  const aged = session(2700, 900);
  const justRefreshed = session(1, 3599);

  it("is capped at 90% of the lifetime, so a fresh token is not refreshed again", () => {
    expect(lifetimeSeconds(aged)).toBe(3600);
    expect(requiredSeconds(aged, 4000)).toBe(3240);
    expect(isFreshEnough(aged, now, 4000)).toBe(false);
    expect(isFreshEnough(justRefreshed, now, 4000)).toBe(true);
    expect(requiredSeconds(aged, 60)).toBe(60);
  });

  it("says why a token goes out short of it", () => {
    expect(shortfall("http://i", justRefreshed, now, 4000)).toBe(
      "the access token is valid for 3599 s, less than --min-valid 4000: http://i grants access tokens for 3600 s, which cannot satisfy it.",
    );
    expect(shortfall("http://i", justRefreshed, now, 3599)).toBeUndefined();
    expect(shortfall("http://i", session(400, 3200), now, 3500)).toMatch(
      /valid for 3200 s, less than --min-valid 3500: .* 3600 s, and one with 90% of that left is not refreshed/,
    );
  });

  it("an unknown lifetime leaves minValid as it is", () => {
    const odd = session(0, 100, { obtainedAt: "not a date" });
    expect(lifetimeSeconds(odd)).toBeUndefined();
    expect(requiredSeconds(odd, 4000)).toBe(4000);
  });
});
