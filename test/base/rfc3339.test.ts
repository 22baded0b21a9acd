import { describe, expect, it } from "vitest";
import { isRfc3339 } from "../../source/base/rfc3339.js";

// The character reading stands for these patterns (rfc3339.ts says why it is not one).
const NINE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const ANY = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const old = (pattern: RegExp, text: string) =>
  pattern.test(text) && !Number.isNaN(Date.parse(text));

/** Variants of real times: each character replaced, dropped or doubled, fractions of every length. */
function samples(): string[] {
  const bases = [
    "2030-01-02T03:04:05Z",
    "2030-01-02t03:04:05.123+05:30",
    "2030-01-02 03:04:05-00:00",
  ];
  for (let digits = 0; digits <= 12; digits++)
    bases.push(`2030-01-02T03:04:05.${"7".repeat(digits)}z`);
  const swaps = ["0", "9", "a", "-", ":", ".", "+", "T", "t", " ", "Z", "", "\u0661"];
  const out = [...bases, "", "2030", "Tue, 1 Dec 2030 00:00:00 GMT", "2030-13-45T99:99:99Z"];
  for (const base of bases)
    for (let i = 0; i <= base.length; i++) {
      for (const swap of swaps) out.push(base.slice(0, i) + swap + base.slice(i + 1));
      out.push(base.slice(0, i) + base.slice(i, i + 1).repeat(2) + base.slice(i + 1));
    }
  return out;
}

describe("isRfc3339", () => {
  const all = samples();

  it("agrees with the pattern of at most nine fraction digits, and Date.parse", () => {
    expect(all.filter((s) => isRfc3339(s) !== old(NINE, s))).toEqual([]);
    expect(all.filter((s) => isRfc3339(s)).length).toBeGreaterThan(50); // both answers tried
  });

  it("agrees with the pattern of any fraction when asked for any", () => {
    const any = (s: string) => isRfc3339(s, Number.POSITIVE_INFINITY);
    expect(all.filter((s) => any(s) !== old(ANY, s))).toEqual([]);
    expect(any("2030-01-02T03:04:05.1234567890123Z")).toBe(true);
  });

  it("takes only strings", () => {
    expect(isRfc3339(20300102)).toBe(false);
    expect(isRfc3339(undefined)).toBe(false);
  });
});
