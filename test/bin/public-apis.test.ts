// Public Node APIs only: nothing that ships (our code and every bundled dependency) reaches
// into Node's internals, which change without notice between Node lines (process.binding
// aborted `exec` on Node 24). Checked on the built bundles, so a dependency counts too.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../e2e/_cli.js";

const INTERNALS = [
  /\bprocess\.binding\s*\(/,
  /\binternalBinding\s*\(/,
  /\bprocess\._linkedBinding\s*\(/,
  /--expose-internals/,
  /\brequire\(\s*["']internal\//,
  /\bprocess\.reallyExit\b/,
];

const dist = dirname(CLI);
const shipped = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) =>
  /\.(c?js|mjs)$/.test(f),
);

describe("the shipped bundles", () => {
  it("are found", () => {
    expect(shipped).toContain("bin.cjs");
    expect(shipped).toContain("cli.js");
  });

  for (const pattern of INTERNALS)
    it(`never use ${pattern.source}`, () => {
      const users = shipped.filter((f) => pattern.test(readFileSync(join(dist, f), "utf8")));
      expect(users).toEqual([]);
    });

  it("the check itself sees such a call", () => {
    expect(INTERNALS.some((p) => p.test("const w = process.binding('process_wrap');"))).toBe(true);
  });
});
