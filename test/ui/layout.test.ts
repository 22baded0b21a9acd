import { describe, expect, it } from "vitest";
import { clockTime, formatCountdown, spacedCode } from "../../source/ui/format.js";
import { placeQr } from "../../source/ui/layout.js";
import { hyperlink, osc52Copy, terminalCaps } from "../../source/ui/terminal.js";

const qr = { columns: 33, rows: 17 };
const lines = { headerLines: 2, textLines: 10, footerLines: 2 };

describe("placeQr", () => {
  it("beside the text on 80x24", () => {
    expect(placeQr({ columns: 80, rows: 24, qr, ...lines })).toEqual({
      place: "beside",
      textColumns: 45,
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
  it("NO_COLOR and TERM=dumb turn styling off", () => {
    expect(terminalCaps({})).toEqual({ color: true, hyperlinks: true });
    expect(terminalCaps({ NO_COLOR: "1" })).toEqual({ color: false, hyperlinks: false });
    expect(terminalCaps({ TERM: "dumb" })).toEqual({ color: false, hyperlinks: false });
    expect(terminalCaps({}, { hyperlinks: false })).toEqual({ color: true, hyperlinks: false });
  });
});
