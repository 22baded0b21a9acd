// The frame writer, fed frames on a model terminal (test/ui/_vt.ts): what it writes is small
// (only what changed), and once written the terminal shows the new frame cell by cell (text,
// colours, links, wide characters), nothing of the old one left, the cursor resting under it.
import { describe, expect, it } from "vitest";
import { CLEAR_SCREEN, FrameWriter } from "../../source/ui/frame-writer.js";
import { drawnAlone, VirtualTerminal } from "./_vt.js";

function terminal(columns = 40, rows = 12) {
  const vt = new VirtualTerminal(columns, rows);
  let written = "";
  const writer = new FrameWriter(
    (text) => {
      written += text;
      vt.write(text);
    },
    { columns, rows },
  );
  /** Draws a frame; returns what was written for it. */
  const draw = (lines: string[], size = { columns, rows }) => {
    written = "";
    writer.draw(lines, size);
    return written;
  };
  return { vt, writer, draw };
}

/** The terminal shows the frame from row `top`, blank below, the cursor under its last line. */
function shows(vt: VirtualTerminal, lines: string[], top = 0) {
  lines.forEach((line, i) => {
    expect(vt.cells(top + i), `row ${top + i}`).toEqual(drawnAlone(line, vt.columns));
  });
  for (let r = top + lines.length; r < vt.rows; r++) expect(vt.cells(r), `row ${r}`).toEqual([]);
  expect([vt.row, vt.column]).toEqual([top + lines.length, 0]);
  expect(vt.clampedMoves).toBe(0);
}

const CYAN = (s: string) => `\x1b[36m${s}\x1b[39m`;
const BOLD = (s: string) => `\x1b[1m${s}\x1b[22m`;
const DIM = (s: string) => `\x1b[2m${s}\x1b[22m`;
const PAPER = (s: string) => `\x1b[38;5;16m\x1b[48;5;231m${s}\x1b[49m\x1b[39m`;
const LINK = (url: string, s: string) => `\x1b]8;;${url}\x07${s}\x1b]8;;\x07`;
const ESC = /\x1b/;

const waitingFrame = (countdown: string, spinner = "⠋") => [
  `Logging in to ${BOLD("http://127.0.0.1:8080")}`,
  "",
  `\x1b[34m${LINK("https://caido.io/d", "https://caido.io/d")}\x1b[39m`,
  `${CYAN("╭───────╮")}        ${PAPER(" ▀▄█ ▄▀ ")}`,
  `${CYAN("│")}  ${BOLD("A B")}  ${CYAN("│")}        ${PAPER(" █▄▀▀ █ ")}`,
  `${CYAN(spinner)} Waiting · expires in ${countdown}  ${PAPER(" ▄ █▀▄▀ ")}`,
  "",
  DIM("c copy code · q cancel"),
];

describe("FrameWriter", () => {
  it("draws the first frame whole, then only the countdown", () => {
    const t = terminal();
    t.draw(waitingFrame("14:55"));
    shows(t.vt, waitingFrame("14:55"));
    expect(t.vt.cursorVisible).toBe(false);

    const written = t.draw(waitingFrame("14:54", "⠙"));
    shows(t.vt, waitingFrame("14:54", "⠙"));
    // Up to the line, the spinner in its colour, the changed digit, back down.
    expect(written).toBe("\x1b[3A\x1b[36m⠙\x1b[39m\x1b[28G4\x1b[3B\r");
    expect(t.draw(waitingFrame("14:54", "⠙"))).toBe("");
  });

  it("a change inside styled text draws it in that style, and leaves the terminal plain", () => {
    const t = terminal();
    const line = (word: string) => `a ${BOLD(`b ${CYAN(word)} c`)} d`;
    t.draw([line("one"), "x"]);
    const written = t.draw([line("owe"), "x"]);
    shows(t.vt, [line("owe"), "x"]);
    expect(written).toBe("\x1b[2A\x1b[6G\x1b[1;36mw\x1b[22;39m\x1b[2B\r");
  });

  it("a change inside a link draws it inside the link", () => {
    const t = terminal();
    const line = (n: string) => `see ${LINK(`https://x.test/${n}`, `link ${n}`)} here`;
    t.draw([line("1")]);
    const written = t.draw([line("2")]);
    shows(t.vt, [line("2")]);
    expect(written).toContain("\x1b]8;;https://x.test/2\x07");
    expect(written).toContain("\x1b]8;;\x07");
  });

  it("wide characters: a change after them, and wide ones swapped for narrow ones and back", () => {
    const t = terminal();
    const frames = [
      ["名前: 山田 count 10", "ab山cd"],
      ["名前: 山田 count 09", "abxycd"],
      ["名前: 山中 count 09", "ab山cd"],
      ["名前:x山中 count 09", "a山山cd"],
      ["名前", "山"],
      ["x名前", "xy山"],
    ];
    t.draw(frames[0]!);
    for (const [i, frame] of frames.slice(1).entries()) {
      const written = t.draw(frame);
      shows(t.vt, frame);
      // The lines' changed parts, not the lines.
      if (i < 3) expect(written).not.toMatch(/名前|count/);
    }
  });

  it("lines that shrink and grow; lines added and removed at the bottom", () => {
    const t = terminal();
    const frames = [
      ["first line, long", CYAN("second"), "third"],
      ["first", CYAN("second line, now longer"), "third", "fourth", DIM("fifth")],
      ["first line again", ""],
      [""],
      ["one", "two", "three"],
    ];
    for (const frame of frames) {
      t.draw(frame);
      shows(t.vt, frame);
    }
  });

  it("a line cut short erases the rest of its row once, however far apart its old parts were", () => {
    const t = terminal();
    t.draw([`waiting 10${" ".repeat(20)}${PAPER("▀▄█")}`]);
    const written = t.draw(["done"]);
    shows(t.vt, ["done"]);
    expect(written.match(/\x1b\[K/g)).toHaveLength(1);
  });

  it("a line as wide as the terminal keeps its last cell", () => {
    const t = terminal(20, 6);
    const full = (c: string) => `${"x".repeat(19)}${c}`;
    t.draw([full("a"), "short", CYAN(full("b"))]);
    shows(t.vt, [full("a"), "short", CYAN(full("b"))]);
    for (const frame of [
      [full("c"), "shorter", CYAN(full("b"))],
      [full("c"), "s", CYAN("x".repeat(10))],
      ["y".repeat(20), full("d"), CYAN(full("e"))],
    ]) {
      t.draw(frame);
      shows(t.vt, frame);
    }
  });

  it("takes over a frame already drawn: nothing written where nothing changed", () => {
    const vt = new VirtualTerminal(40, 12);
    vt.write("$ caido-auth login\n");
    // As show-code.ts writes it, before the screen has loaded.
    vt.write(`${waitingFrame("14:55").join("\n")}\n`);
    let written = "";
    const writer = new FrameWriter(
      (text) => {
        written += text;
        vt.write(text);
      },
      { columns: 40, rows: 12 },
    );
    writer.adopt(waitingFrame("14:55"));
    writer.draw(waitingFrame("14:55"), { columns: 40, rows: 12 });
    expect(written).toBe("\x1b[?25l");
    writer.draw(waitingFrame("14:54"), { columns: 40, rows: 12 });
    shows(vt, waitingFrame("14:54"), 1);
    expect(vt.text()[0]).toBe("$ caido-auth login");
    expect(written.length).toBeLessThan(30);
    writer.end();
    expect(vt.cursorVisible).toBe(true);
  });

  it("draws over rows it does not know (a preview whose lines wrapped), leaving none of them", () => {
    const vt = new VirtualTerminal(20, 12);
    const preview = ["Logging in to http://127.0.0.1:8080 (Caido 0.56.0)", "", "    A B C D"];
    vt.write(`${preview.join("\n")}\n`);
    const writer = new FrameWriter((text) => vt.write(text), { columns: 20, rows: 12 });
    writer.adoptRows(vt.row);
    const frame = ["Logging in to", "http://127.0.0.1", "", CYAN("│ A B C D │")];
    writer.draw(frame, { columns: 20, rows: 12 });
    shows(vt, frame);
  });

  it("narrower: clears the screen and draws the whole frame; wider: only what changed", () => {
    const t = terminal(40, 12);
    t.draw(waitingFrame("14:55"));
    const narrower = t.draw(waitingFrame("14:54"), { columns: 30, rows: 12 });
    expect(narrower).toContain(CLEAR_SCREEN);
    expect(narrower).toContain("Logging in to");
    shows(t.vt, waitingFrame("14:54"));
    const wider = t.draw(waitingFrame("14:53"), { columns: 50, rows: 12 });
    expect(wider).not.toContain(CLEAR_SCREEN);
    expect(wider).not.toContain("Logging in to");
  });

  it("clearFirst: the next frame clears the screen and starts at its top", () => {
    const vt = new VirtualTerminal(40, 12);
    vt.write("old\nlines\nhere\n");
    const writer = new FrameWriter((text) => vt.write(text), { columns: 40, rows: 12 });
    writer.clearFirst();
    writer.draw(["new frame"], { columns: 40, rows: 12 });
    shows(vt, ["new frame"]);
  });

  it("taller than the terminal: rows scrolled away are never reached for; drawn whole when needed", () => {
    const t = terminal(30, 10);
    const frame = (last: string, first = "top") => [
      first,
      ...Array.from({ length: 12 }, (_, i) => `line ${i}`),
      last,
    ];
    t.draw(frame("end 1"));
    // The last nine lines are on the screen, the cursor on the row below them.
    expect(t.vt.text().slice(0, 9)).toEqual(frame("end 1").slice(-9));
    const visible = t.draw(frame("end 2"));
    expect(visible).not.toContain(CLEAR_SCREEN);
    expect(t.vt.text()[8]).toBe("end 2");
    // The first line went up into the scrollback: changing it means drawing it all anew.
    const gone = t.draw(frame("end 2", "new top"));
    expect(gone).toContain(CLEAR_SCREEN);
    expect(t.vt.clampedMoves).toBe(0);
    // Short enough again: all of it on the screen, from the top.
    t.draw(["short", "frame"]);
    shows(t.vt, ["short", "frame"]);
  });

  it("a line with widths it cannot be sure of (emoji) is drawn whole from its start", () => {
    const t = terminal();
    t.draw(["✨ done in 10", "plain"]);
    const written = t.draw(["✨ done in 09", "plain"]);
    expect(written).toBe("\x1b[2A✨ done in 09\x1b[K\x1b[2B\r");
    expect(t.vt.text().slice(0, 2)).toEqual(["✨ done in 09", "plain"]);
  });

  it("random frames one after another: always the new frame, never more than drawing it whole", () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const chars = ["a", "b", " ", "─", "█", "山", "·"];
    const pens = ["", "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[1;34m", "\x1b[38;5;16;48;5;231m"];
    const columns = 30;
    const line = () => {
      let out = "";
      let width = 0;
      const target = random(columns + 1);
      while (width < target) {
        const pen = pens[random(pens.length)]!;
        const link = random(5) === 0 ? `https://x.test/${random(3)}` : undefined;
        let text = "";
        for (let n = random(6) + 1; n > 0; n--) {
          const c = chars[random(chars.length)]!;
          const w = c === "山" ? 2 : 1;
          if (width + w > target) break;
          text += c;
          width += w;
        }
        const body = pen ? `${pen}${text}\x1b[0m` : text;
        out += link ? `\x1b]8;;${link}\x07${body}\x1b]8;;\x07` : body;
        if (text === "") break;
      }
      return out;
    };
    const t = terminal(columns, 12);
    let frame = Array.from({ length: 6 }, line);
    t.draw(frame);
    for (let step = 0; step < 300; step++) {
      const next = [...frame];
      for (let n = random(3) + 1; n > 0; n--) next[random(next.length)] = line();
      if (random(4) === 0 && next.length < 10) next.push(line());
      if (random(4) === 0 && next.length > 1) next.pop();
      const written = t.draw(next);
      shows(t.vt, next);
      const whole = next.map((l) => `${l}\x1b[K\r\n`).join("").length;
      expect(written.length).toBeLessThanOrEqual(whole + 60);
      frame = next;
    }
    expect(ESC.test(t.vt.text().join(""))).toBe(false);
  });
});
