// dist/bin.cjs, the program every `token` call reads and compiles from its cache, must stay a
// string V8 allocates among its ordinary objects. The launcher reads it into one string, and
// V8 puts a string over 128 KiB (its largest regular object, header included) in its
// large-object space instead, pages of their own: measured, a `token` call then took ~0.8 ms
// longer, a tenth of what it spends beyond a bare Node start. A bin.cjs that grows past this
// must leave something to the full CLI, as it does the proxy agent libraries (instance/proxy.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI } from "../e2e/_cli.js";

const LARGE_OBJECT = 128 * 1024;
// Room for the string's header and for chance: the measured cliff lay past 129,078 bytes.
const BUDGET = LARGE_OBJECT - 1024;

describe("the size of dist/bin.cjs", () => {
  const bytes = readFileSync(CLI);

  it("is ASCII only: one byte per character in V8 (esbuild's default charset)", () => {
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it(`stays under ${BUDGET} bytes`, () => {
    expect(bytes.length).toBeLessThan(BUDGET);
  });
});
