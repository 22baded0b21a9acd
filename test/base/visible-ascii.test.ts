import { describe, expect, it } from "vitest";
import { isVisibleAscii } from "../../source/base/visible-ascii.js";

// The loop stands for this pattern (visible-ascii.ts says why it is not one).
const pattern = /^[\x21-\x7e]+$/;

describe("isVisibleAscii", () => {
  it("agrees with /^[\\x21-\\x7e]+$/ on every character up to U+FFFF, alone and in a token", () => {
    const disagree: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      for (const text of [char, `abc${char}`, `${char}xyz`])
        if (isVisibleAscii(text) !== pattern.test(text)) disagree.push(code);
    }
    expect(disagree).toEqual([]);
  });

  it("refuses the empty string and takes a plain token", () => {
    expect(isVisibleAscii("")).toBe(false);
    expect(isVisibleAscii("eyJhbGciOi.J9-_~+/=")).toBe(true);
    expect(isVisibleAscii("\u{1F600}")).toBe(false);
  });
});
