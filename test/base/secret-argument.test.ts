// The rule for arguments that look like a PAT or a token: never echoed, never an instance.
import { describe, expect, it } from "vitest";
import { looksLikeSecret, shownArgument } from "../../source/base/secret-argument.js";

describe("looksLikeSecret", () => {
  it.each([
    ["a Caido PAT", "caido_xwHrDQXE6gUCY-Q4m0e1vVO0AXckArTY"],
    ["a short caido_ value", "caido_x"],
    ["the prefix in another case", "CAIDO_abc"],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"],
    ["an unsigned JWT", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."],
    ["43 characters of base64url", "q7Vd2LkP9sXw4RtY8mNb3HcZ6JfGa1Ue5Oi0-_ab7Qz"],
    ["base64 with padding", "dGhpcyBpcyBhIHNlY3JldCB0b2tlbiAxMjM0NTY3OA=="],
    ["40 hex digits", "0123456789abcdef0123456789abcdef01234567"],
  ])("%s is a token", (_, value) => {
    expect(looksLikeSecret(value)).toBe(true);
    expect(shownArgument(value)).toBe("[a token, not shown]");
  });

  it.each([
    ["a URL", "http://127.0.0.1:8080"],
    ["an https URL with a long path", "https://caido.example.com/Some/Path/With/Digits/123456"],
    ["a host and port", "caido.internal.example.com:8080"],
    ["an alias", "my-vps"],
    ["a long one-case alias", "production-eu-west-1-instance-42"],
    ["a long CamelCase alias with a digit", "ProductionInstanceForTheWholeTeam2"],
    ["localhost", "localhost"],
    ["a flag-like word", "--json"],
    ["31 random characters", "q7Vd2LkP9sXw4RtY8mNb3HcZ6JfGa1U"],
  ])("%s is not", (_, value) => {
    expect(looksLikeSecret(value)).toBe(false);
    expect(shownArgument(value)).toBe(`"${value}"`);
  });

  it("catches random base64 of 32 characters or more, nearly always", () => {
    // mulberry32, seeded, so the figure is the same on every run (about 99.5% for 32
    // characters by the rule's design; crypto-random samples of 100000 agree).
    let seed = 42;
    const next = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (t ^ (t >>> 14)) >>> 0;
    };
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sample = (length: number) =>
      Array.from({ length }, () => alphabet[next() >>> 26]).join("");
    for (const [length, least] of [
      [32, 980],
      [43, 990],
    ] as const) {
      let caught = 0;
      for (let n = 0; n < 1000; n++) if (looksLikeSecret(sample(length))) caught++;
      expect({ length, caught: caught >= least }).toEqual({ length, caught: true });
    }
  });

  it("shows other arguments made safe", () => {
    expect(shownArgument("my\x1b[2Jvps")).toBe('"my\\x1b[2Jvps"');
  });
});
