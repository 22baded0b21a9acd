import { describe, expect, it } from "vitest";
import { hasUnsafeText, SAFE_TEXT_MAX, safeText } from "../../source/base/safe-text.js";

// Anything a terminal acts on: C0, DEL, C1 (CSI 0x9b, OSC 0x9d), separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

describe("safeText", () => {
  it("keeps ordinary text, accents, CJK and emoji sequences", () => {
    for (const text of [
      "WBQJ-NVRD",
      "Zoë Ðura",
      "山田 太郎",
      "👩‍💻 dev",
      "https://caido.io/x?a=1&b=2",
    ]) {
      expect(safeText(text)).toBe(text);
      expect(hasUnsafeText(text)).toBe(false);
    }
  });

  it.each([
    ["\u001b[1A\u001b[2K", "\\x1b[1A\\x1b[2K"],
    ["\u001b]0;pwned\u0007", "\\x1b]0;pwned\\x07"],
    ["\u001b]52;c;Y3VybCBldmlsfHNo\u001b\\", "\\x1b]52;c;Y3VybCBldmlsfHNo\\x1b\\"],
    ["\u009b31m", "\\x9b31m"],
    ["\u009d0;t\u009c", "\\x9d0;t\\x9c"],
    ["a\u007fb", "a\\x7fb"],
    ["a\u0000b", "a\\x00b"],
    ["line\nnext\r\ttab", "line\\nnext\\r\\ttab"],
    ["evil\u202eoi.odiac", "evil\\u202eoi.odiac"],
    ["\u2066x\u2069\u200f\u061c", "\\u2066x\\u2069\\u200f\\u061c"],
    ["zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"],
    ["soft\u00adhyphen", "soft\\xadhyphen"],
    ["sep\u2028par\u2029", "sep\\u2028par\\u2029"],
    ["tag\u{e0041}", "tag\\u{e0041}"],
    ["lone\ud800x", "lone\\ud800x"],
  ])("shows %j visibly", (input, want) => {
    expect(safeText(input)).toBe(want);
    expect(safeText(input)).not.toMatch(CONTROL);
    expect(hasUnsafeText(input)).toBe(true);
  });

  it("never lets any code point below U+00A0 through as a control", () => {
    let all = "";
    for (let c = 0; c < 0xa0; c++) all += String.fromCharCode(c);
    const shown = safeText(all, 10_000);
    expect(shown).not.toMatch(CONTROL);
    expect(shown).toContain(' !"#$%&');
    expect(shown).toContain("~\\x7f\\x80");
  });

  it("cuts to maxLength code points with an ellipsis", () => {
    expect(safeText("abcdef", 6)).toBe("abcdef");
    expect(safeText("abcdefg", 6)).toBe("abcde…");
    expect(safeText("山田太郎山田太郎", 4)).toBe("山田太…");
    expect(Array.from(safeText("x".repeat(10_000))).length).toBe(SAFE_TEXT_MAX);
  });

  it("never splits an escape when cutting", () => {
    expect(safeText("ab\u001b", 6)).toBe("ab\\x1b");
    expect(safeText("ab\u001bc", 6)).toBe("ab…");
    expect(safeText("\u001b\u001b\u001b", 9)).toBe("\\x1b\\x1b…");
  });

  it("reads only what it keeps: a 50 MB string costs nothing", () => {
    const huge = "\u001b".repeat(50 * 1024 * 1024);
    const shown = safeText(huge, 100);
    expect(shown.endsWith("…")).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(100);
  });

  it("treats a maxLength below 1 as 1", () => {
    expect(safeText("abc", 0)).toBe("…");
    expect(safeText("a", 0)).toBe("a");
  });
});
