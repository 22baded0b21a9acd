// The interactive login's start-up, write by write, on a fake terminal (shown on a model
// terminal, test/ui/_vt.ts): the code first, then the whole frame (QR code, keys) over it, then
// the screen, which starts from that very frame and writes only what differs; never a
// "Requesting" frame in between and never a line erased before it is drawn again.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../source/base/errors.js";
import { runInteractiveLogin } from "../../source/ui/interactive-login.js";
import { FakeClock, fakeDeps, makeRequest } from "../session/_fake-login.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { plain } from "./_screen.js";
import { VirtualTerminal } from "./_vt.js";

/** Terminal writes and raw-mode switches, in the order they happened. */
let events: string[] = [];

/** The screen's first write hides the cursor. */
const HIDE_CURSOR = "\x1b[?25l";

class FakeTerminal extends EventEmitter {
  isTTY = true;
  writes: string[] = [];
  vt: VirtualTerminal;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
    this.vt = new VirtualTerminal(columns, rows);
  }
  write = (chunk: string) => {
    this.writes.push(chunk);
    this.vt.write(chunk);
    events.push(chunk.includes(HIDE_CURSOR) ? "screen" : "write");
    return true;
  };
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  press(data: string) {
    this.emit("data", Buffer.from(data));
  }
  setRawMode(on: boolean) {
    this.raw.push(on);
    events.push(`raw ${on}`);
  }
  resume() {}
  pause() {}
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
  // Until the screen has drawn (it hides the cursor first): its module loads in between.
  for (let i = 0; i < 500 && !stderr.writes.some((w) => w.includes(HIDE_CURSOR)); i++)
    await new Promise((r) => setTimeout(r, 10));
  // Once the code is shown, keys wait for the screen unechoed: raw before it has drawn.
  expect(events.indexOf("raw true")).toBeGreaterThan(events.indexOf("write"));
  expect(events.indexOf("raw true")).toBeLessThan(events.indexOf("screen"));
  return { stderr, stdin, done, request };
}

/** The rows a frame write moves up to draw over (CPL), if it starts with that. */
const upBy = (write: string) => Number(/^\x1b\[(\d+)F/.exec(write)?.[1] ?? Number.NaN);

describe("runInteractiveLogin", () => {
  it("100x30: the code, then the QR code and keys over it, then the screen from that frame", async () => {
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

    // The screen starts from that frame: nothing to draw (the cursor hidden), and from there
    // only what changes (the browser opening), never the frame anew.
    expect(t.stderr.writes[2]).toBe(HIDE_CURSOR);
    const since = t.stderr.writes.slice(3).join("");
    expect(since.length, JSON.stringify(since)).toBeLessThan(200);
    expect(plain(since)).not.toContain("Logging in to");
    const shown = t.stderr.vt.text();
    expect(shown.filter((l) => l.startsWith("Logging in to"))).toHaveLength(1);
    expect(decodeQrFromText(shown)).toBe(t.request.verificationUrl);
    expect(shown.join("\n")).not.toContain("Requesting a login code");

    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("40 columns, where only Ink can lay the screen out: the plain preview, then the screen over it", async () => {
    const t = await login(40, 24);
    const [preview] = t.stderr.writes;
    expect(preview).toContain("    A B C D - E F G H\n");
    expect(preview).not.toMatch(/\x1b/);
    // Its first line wraps at 40 columns: the screen goes up the rows it really took.
    const rows = preview!.split("\n").length - 1;
    const up = /\x1b\[(\d+)A/.exec(t.stderr.writes.slice(1).join(""));
    expect(Number(up?.[1])).toBeGreaterThan(rows);
    // Nothing of the preview is left: the screen alone, from the preview's first row.
    const shown = t.stderr.vt.text();
    expect(shown[0]).toMatch(/^Logging in to/);
    expect(shown.join("\n")).toContain("A B C D - E F G H");
    expect(shown).not.toContain("    A B C D - E F G H");
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });
});
