// Keys as the terminal sends them in raw mode: Esc and Ctrl+C, and the sequences that start
// with ESC (arrows, function keys, Alt+key, terminal replies) read whole, never taken for Esc.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { KeyParser, listenForKeys } from "../../source/ui/keys.js";

const keys = (...chunks: string[]) => {
  const parser = new KeyParser();
  const out = chunks.flatMap((chunk) => parser.push(chunk));
  return [...out, ...parser.flush()];
};

describe("KeyParser", () => {
  it("printable keys, Ctrl+C, Esc", () => {
    expect(keys("q")).toEqual(["q"]);
    expect(keys("oc")).toEqual(["o", "c"]);
    expect(keys("\x03")).toEqual(["ctrl-c"]);
    expect(keys("\x1b")).toEqual(["escape"]);
    expect(keys("\x1b\x1b")).toEqual(["escape", "escape"]);
    // Other controls (Enter, Tab, Backspace) are no keys of this screen.
    expect(keys("\r\t\x7f")).toEqual([]);
  });

  it.each([
    ["an arrow key", "\x1b[A"],
    ["an arrow key in application mode", "\x1bOA"],
    ["Shift+arrow", "\x1b[1;2C"],
    ["a function key", "\x1b[15~"],
    ["a Linux console function key", "\x1b[[A"],
    ["Alt+q", "\x1bq"],
    ["Alt+arrow", "\x1b\x1b[A"],
    ["a terminal's reply (OSC)", "\x1b]11;rgb:0000/0000/0000\x07"],
    ["a focus event", "\x1b[I"],
  ])("%s is not Esc, nor any key", (_name, input) => {
    expect(keys(input)).toEqual([]);
    expect(keys(`${input}q`)).toEqual(["q"]);
  });

  it("a sequence split over two reads is still one sequence", () => {
    expect(keys("\x1b", "[A")).toEqual([]);
    expect(keys("\x1b[1;", "2C", "c")).toEqual(["c"]);
    expect(keys("q\x1b", "OB")).toEqual(["q"]);
  });

  it("holds an ESC at the end of a read until the next one, or until flushed", () => {
    const parser = new KeyParser();
    expect(parser.push("a\x1b")).toEqual(["a"]);
    expect(parser.pending).toBe(true);
    expect(parser.flush()).toEqual(["escape"]);
    expect(parser.pending).toBe(false);
    // A sequence cut short is dropped, not taken for Esc.
    parser.push("\x1b[1;");
    expect(parser.flush()).toEqual([]);
  });

  it("characters beyond ASCII are keys too (none of them this screen's)", () => {
    expect(keys("é😀")).toEqual(["é", "😀"]);
  });
});

class FakeStdin extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  flowing = false;
  setRawMode(on: boolean) {
    this.raw.push(on);
  }
  resume() {
    this.flowing = true;
  }
  pause() {
    this.flowing = false;
  }
}

describe("listenForKeys", () => {
  it("raw mode while listening, keys from Buffers, Esc after a moment; off again at stop", async () => {
    const stdin = new FakeStdin();
    const got: string[] = [];
    const stop = listenForKeys(stdin as unknown as NodeJS.ReadStream, (key) => got.push(key));
    expect(stdin.raw).toEqual([true]);
    expect(stdin.flowing).toBe(true);
    stdin.emit("data", Buffer.from("o"));
    stdin.emit("data", Buffer.from("\x1b[B"));
    expect(got).toEqual(["o"]);
    stdin.emit("data", Buffer.from("\x1b"));
    expect(got).toEqual(["o"]);
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(["o", "escape"]);
    stop();
    expect(stdin.raw).toEqual([true, false]);
    expect(stdin.flowing).toBe(false);
    stdin.emit("data", Buffer.from("q"));
    expect(got).toEqual(["o", "escape"]);
  });

  it("a UTF-8 character split over two reads is one key", () => {
    const stdin = new FakeStdin();
    const got: string[] = [];
    const stop = listenForKeys(stdin as unknown as NodeJS.ReadStream, (key) => got.push(key));
    const bytes = Buffer.from("é");
    stdin.emit("data", bytes.subarray(0, 1));
    stdin.emit("data", bytes.subarray(1));
    stop();
    expect(got).toEqual(["é"]);
  });
});
