import { describe, expect, it } from "vitest";
import { clockTime, formatCountdown, spacedCode } from "../../source/ui/format.js";
import { displayWidth, placeQr, wrappedLines } from "../../source/ui/layout.js";
import { hyperlink, osc52Copy, terminalCaps } from "../../source/ui/terminal.js";

const qr = { columns: 33, rows: 17 };
const lines = { headerLines: 2, textLines: 10, footerLines: 2 };

describe("placeQr", () => {
  it("beside the text on 80x24", () => {
    expect(placeQr({ columns: 80, rows: 24, qr, ...lines })).toEqual({
      place: "beside",
      textColumns: 45,
      linkAbove: false,
    });
  });
  it("below on a tall narrow terminal", () => {
    expect(placeQr({ columns: 40, rows: 40, qr, ...lines })).toEqual({ place: "below" });
  });
  it("nowhere on 40x24, saying what size would do", () => {
    expect(placeQr({ columns: 40, rows: 24, qr, ...lines })).toEqual({
      place: "none",
      need: { columns: 65, rows: 22 },
    });
  });
  it("nowhere when too short", () => {
    expect(placeQr({ columns: 120, rows: 20, qr, ...lines }).place).toBe("none");
  });
  it("nowhere without a code", () => {
    expect(placeQr({ columns: 200, rows: 80, qr: null, ...lines })).toEqual({
      place: "none",
      need: null,
    });
  });
});

describe("placeQr and the link", () => {
  const link = (linkColumns: number) => ({ qr, ...lines, linkColumns });

  it("a link that fits the column beside the code stays in it", () => {
    expect(placeQr({ columns: 80, rows: 24, ...link(45) })).toEqual({
      place: "beside",
      textColumns: 45,
      linkAbove: false,
    });
  });
  it("a wider link goes above, on its own full-width line, when two more rows fit", () => {
    expect(placeQr({ columns: 80, rows: 24, ...link(46) })).toEqual({
      place: "beside",
      textColumns: 45,
      linkAbove: true,
    });
    // 2 header + 2 footer + 1 spare + instructions and link + 17 rows of code.
    expect(placeQr({ columns: 80, rows: 23, ...link(46) }).place).toBe("none");
  });
  it("a link wider than the terminal takes the rows it wraps to", () => {
    expect(placeQr({ columns: 80, rows: 24, ...link(81) }).place).toBe("none");
    expect(placeQr({ columns: 80, rows: 25, ...link(81) }).place).toBe("beside");
  });
  it("the size named in the note is one that shows the code", () => {
    const at = (columns: number, rows: number) => placeQr({ columns, rows, ...link(50) });
    const none = at(60, 20);
    if (none.place !== "none" || !none.need) throw new Error("expected a size to name");
    expect(at(none.need.columns, none.need.rows).place).toBe("beside");
    expect(at(none.need.columns - 1, none.need.rows).place).not.toBe("beside");
    expect(at(none.need.columns, none.need.rows - 1).place).not.toBe("beside");
  });
  it("header lines counted at the width named in the note", () => {
    const header = (columns: number) => (columns < 70 ? 4 : 2);
    const none = placeQr({ columns: 60, rows: 20, ...link(10), headerLines: header });
    expect(none).toEqual({ place: "none", need: { columns: 65, rows: 24 } });
  });
});

describe("widths", () => {
  it("counts wide characters twice", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("山田")).toBe(4);
    expect(displayWidth("…é")).toBe(2);
    expect(displayWidth("▀▄█ ⠋╭─╮")).toBe(8);
    expect(displayWidth("a😀b🙂")).toBe(6);
    expect(displayWidth("\u{20000}x\ud800")).toBe(4);
  });
  it("agrees with counting character by character in the wide blocks", () => {
    const wide: [number, number][] = [
      [0x1100, 0x115f],
      [0x231a, 0x231b],
      [0x2e80, 0x303e],
      [0x3041, 0x33ff],
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xa000, 0xa4cf],
      [0xac00, 0xd7a3],
      [0xf900, 0xfaff],
      [0xfe30, 0xfe4f],
      [0xff00, 0xff60],
      [0xffe0, 0xffe6],
      [0x1f300, 0x1f64f],
      [0x1f900, 0x1f9ff],
      [0x20000, 0x3fffd],
    ];
    const byChar = (text: string) =>
      Array.from(text).reduce((w, ch) => {
        const c = ch.codePointAt(0)!;
        return w + (wide.some(([a, b]) => c >= a && c <= b) ? 2 : 1);
      }, 0);
    // Every range's edges and neighbours, and some characters in between.
    const points = wide.flatMap(([a, b]) => [a - 1, a, b, b + 1, (a + b) >> 1]);
    for (const p of [...points, 0x41, 0xe9, 0x2580, 0xd7ff, 0xe000, 0x10ffff]) {
      const ch = String.fromCodePoint(p);
      expect(displayWidth(`x${ch}y${ch}`), p.toString(16)).toBe(byChar(`x${ch}y${ch}`));
    }
  });
  it("wraps at word boundaries as Ink does, breaking words longer than a line", () => {
    expect(wrappedLines("", 10)).toBe(1);
    expect(wrappedLines("aaaa bbbb", 9)).toBe(1);
    expect(wrappedLines("aaaa bbbbb", 9)).toBe(2);
    expect(wrappedLines("a".repeat(25), 10)).toBe(3);
    expect(wrappedLines(`xx ${"a".repeat(25)}`, 10)).toBe(4);
  });
});

describe("formats", () => {
  it.each([
    [900_000, "15:00"],
    [899_001, "15:00"],
    [61_000, "01:01"],
    [0, "00:00"],
    [-5, "00:00"],
    [7_200_000, "120:00"],
  ])("countdown %i → %s", (ms, want) => expect(formatCountdown(ms)).toBe(want));

  it("spaces the code", () => expect(spacedCode("ABCD-EFGH")).toBe("A B C D - E F G H"));
  it("clock time is HH:MM:SS", () => expect(clockTime(Date.now())).toMatch(/^\d\d:\d\d:\d\d$/));
});

describe("terminal", () => {
  it("OSC 8 and OSC 52", () => {
    expect(hyperlink("https://x.io/a", "t")).toBe("\x1b]8;;https://x.io/a\x07t\x1b]8;;\x07");
    expect(osc52Copy("ABCD-EFGH")).toBe(`\x1b]52;c;${btoa("ABCD-EFGH")}\x07`);
  });
  it("no OSC 8 around a target that could end it early", () => {
    expect(hyperlink("https://x.io/\x07\x1b]0;t\x07", "t")).toBe("t");
    expect(hyperlink("https://x.io/a b", "t")).toBe("t");
    expect(hyperlink("", "t")).toBe("t");
  });
  it("NO_COLOR and TERM=dumb turn styling off", () => {
    expect(terminalCaps({})).toEqual({ color: true, hyperlinks: true });
    expect(terminalCaps({ NO_COLOR: "1" })).toEqual({ color: false, hyperlinks: false });
    expect(terminalCaps({ TERM: "dumb" })).toEqual({ color: false, hyperlinks: false });
    expect(terminalCaps({}, { hyperlinks: false })).toEqual({ color: true, hyperlinks: false });
  });
});
