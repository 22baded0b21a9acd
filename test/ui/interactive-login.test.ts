// The interactive login's start-up, write by write, on a fake terminal with real Ink: the code
// first, then the whole frame (QR code, keys) over it, then Ink's own frame over that, never
// a "Requesting" frame in between and never a line erased before it is drawn again.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../source/errors.js";
import { runInteractiveLogin } from "../../source/ui/interactive-login.js";
import { FakeClock, fakeDeps, makeRequest } from "../session/_fake-login.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { plain } from "./_screen.js";

/** Terminal writes and raw-mode switches, in the order they happened. */
let events: string[] = [];

class FakeTerminal extends EventEmitter {
  isTTY = true;
  writes: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string) => {
    this.writes.push(chunk);
    events.push(chunk.includes("\x1b[?25l") ? "ink" : "write");
    return true;
  };
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  private data: string | null = null;
  press(data: string) {
    this.data = data;
    this.emit("readable");
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setRawMode(on: boolean) {
    this.raw.push(on);
    events.push(`raw ${on}`);
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

async function login(columns: number, rows: number) {
  events = [];
  const clock = new FakeClock();
  const fake = fakeDeps(clock);
  const stderr = new FakeTerminal(columns, rows);
  const stdin = new FakeKeyboard();
  const done = runInteractiveLogin(fake.deps, {
    env: {},
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    signal: new AbortController().signal,
  });
  done.catch(() => {});
  // While the code is on its way, Ctrl+C stays a signal: nothing reads keys yet.
  expect(stdin.raw).toEqual([]);
  const request = makeRequest(1, clock);
  fake.starts[0]!.resolve(request);
  // Until Ink has drawn (it hides the cursor first): its module loads in between.
  for (let i = 0; i < 500 && !stderr.writes.some((w) => w.includes("\x1b[?25l")); i++)
    await new Promise((r) => setTimeout(r, 10));
  // Once the code is shown, keys wait for Ink unechoed: raw before Ink has drawn anything.
  expect(events.indexOf("raw true")).toBeGreaterThan(events.indexOf("write"));
  expect(events.indexOf("raw true")).toBeLessThan(events.indexOf("ink"));
  return { stderr, stdin, done, request };
}

/** The rows a frame write moves up to draw over (CPL), if it starts with that. */
const upBy = (write: string) => Number(/^\x1b\[(\d+)F/.exec(write)?.[1] ?? Number.NaN);

describe("runInteractiveLogin", () => {
  it("100x30: the code, then the QR code and keys over it, then Ink's frame over that", async () => {
    const t = await login(100, 30);
    const [early, whole] = t.stderr.writes;
    expect(plain(early)).toContain("A B C D - E F G H");
    expect(plain(early)).toContain(t.request.verificationUrl);
    expect(plain(early)).not.toMatch(/[▀▄█]|q cancel/);

    // The whole frame from the early frame's first row, erasing only what it does not cover.
    const earlyRows = early!.split("\n").length - 1;
    expect(upBy(whole!)).toBe(earlyRows);
    expect(whole).not.toMatch(/\x1b\[2K|\x1b\[2J/);
    const screen = plain(whole).split("\n");
    expect(screen.join("\n")).toMatch(/A B C D - E F G H[\s\S]*q cancel/);
    expect(decodeQrFromText(screen)).toBe(t.request.verificationUrl);

    // Ink's first frame: the same waiting screen, from the whole frame's first row.
    const ink = t.stderr.writes.find((w) => /^\x1b\[\d+F/.test(w) && w !== whole)!;
    expect(upBy(ink)).toBe(whole!.split("\n").length - 1);
    expect(plain(ink)).toContain("A B C D - E F G H");
    expect(t.stderr.writes.join("")).not.toContain("Requesting a login code");

    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("40 columns, where only Ink can lay the screen out: the plain preview, then Ink over it", async () => {
    const t = await login(40, 24);
    const [preview] = t.stderr.writes;
    expect(preview).toContain("    A B C D - E F G H\n");
    expect(preview).not.toMatch(/\x1b/);
    // Its first line wraps at 40 columns: Ink goes up the rows it really took.
    const rows = preview!.split("\n").length - 1;
    const ink = t.stderr.writes.find((w) => /^\x1b\[\d+F/.test(w))!;
    expect(upBy(ink)).toBeGreaterThan(rows);
    expect(plain(ink)).toContain("A B C D - E F G H");
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });
});
