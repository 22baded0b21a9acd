import { describe, expect, it } from "vitest";
import { UsageError } from "../../source/base/errors.js";
import { hasScheme, looksLikeUrl, normaliseInstanceUrl } from "../../source/store/url.js";

describe("normaliseInstanceUrl", () => {
  it.each([
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["HTTP://MY-VPS.Example.COM:8080/", "http://my-vps.example.com:8080"],
    ["https://caido.example.com:443/", "https://caido.example.com"],
    ["http://host:80", "http://host"],
    ["127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["https://host/caido//", "https://host/caido"],
    ["https://host/?x=1#y", "https://host"],
    ["http://[::1]:8080", "http://[::1]:8080"],
  ])("%s → %s", (input, want) => {
    expect(normaliseInstanceUrl(input)).toBe(want);
  });

  it.each(["ftp://host", "http://user:pass@host", "http://"])(
    "refuses %s with a usage error",
    (input) => {
      expect(() => normaliseInstanceUrl(input)).toThrow(UsageError);
    },
  );
});

// The character tests stand for these patterns (store/url.ts says why they are not patterns).
describe("hasScheme and looksLikeUrl, against the patterns they replace", () => {
  const alphabet = [..."aZh09+.-:/_ é", "\u017f", "\u212a"];
  const samples = ["", "localhost", "http://x", "HTTP://x", "a+b.c-d://", "1http://", "h:/", "h//"];
  let seed = 1;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed sequence: the same every run
    return seed % n;
  };
  for (let i = 0; i < 5000; i++) {
    const length = random(9);
    const text = Array.from({ length }, () => alphabet[random(alphabet.length)]).join("");
    const at = random(length + 1); // half of them with a "://" somewhere, for both answers
    samples.push(i % 2 ? text : `${text.slice(0, at)}://${text.slice(at)}`);
  }

  it("hasScheme agrees with /^[a-z][a-z0-9+.-]*:\\/\\//i", () => {
    const pattern = /^[a-z][a-z0-9+.-]*:\/\//i;
    const disagree = samples.filter((s) => hasScheme(s) !== pattern.test(s));
    expect(disagree).toEqual([]);
    expect(samples.filter(hasScheme).length).toBeGreaterThan(20); // both answers are tried
  });

  it("looksLikeUrl agrees with the patterns it replaces", () => {
    const old = (s: string) =>
      /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /[.:/]/.test(s) || s === "localhost";
    expect(samples.filter((s) => looksLikeUrl(s) !== old(s))).toEqual([]);
  });
});
