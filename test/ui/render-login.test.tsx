// renderLogin end to end on fake terminal streams (what it writes shown on a model terminal,
// test/ui/_vt.ts) with fake driver deps: keys, outcomes, resizes, the take-over of a code shown
// already, and how little it writes while the code waits.
import { EventEmitter } from "node:events";
import chalk from "chalk";
import { describe, expect, it, onTestFinished } from "vitest";
import { CancelledError } from "../../source/base/errors.js";
import { codeExpired } from "../../source/instance/errors.js";
import { firstFrame } from "../../source/ui/first-frame.js";
import { CODE_MAX, formatCountdown } from "../../source/ui/format.js";
import { CLEAR_SCREEN } from "../../source/ui/frame-writer.js";
import { type RenderLoginOptions, renderLogin } from "../../source/ui/render-login.js";
import { FakeClock, fakeDeps, flush, makeRequest, success } from "../session/_fake-login.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { plain, tick } from "./_screen.js";
import { drawnAlone, VirtualTerminal } from "./_vt.js";

class FakeTerminal extends EventEmitter {
  isTTY = true;
  written = "";
  vt: VirtualTerminal;
  constructor(
    public columns = 80,
    public rows = 24,
  ) {
    super();
    this.vt = new VirtualTerminal(columns, rows);
  }
  write = (chunk: string) => {
    this.written += chunk;
    this.vt.write(chunk);
    return true;
  };
  /** The window dragged to a new size: the terminal first, then the SIGWINCH. */
  resize(columns: number, rows: number) {
    Object.assign(this, { columns, rows });
    this.vt.resize(columns, rows);
    this.emit("resize");
  }
  /** What a person sees. */
  screen() {
    return this.vt.text().join("\n");
  }
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  press(data: string) {
    this.emit("data", Buffer.from(data));
  }
  setRawMode(on: boolean) {
    this.raw.push(on);
  }
  resume() {}
  pause() {}
}

function start(
  env: NodeJS.ProcessEnv = {},
  size?: { columns: number; rows: number },
  extra: (clock: FakeClock, stderr: FakeTerminal) => Partial<RenderLoginOptions> = () => ({}),
) {
  const clock = new FakeClock();
  const fake = fakeDeps(clock);
  const stderr = new FakeTerminal(size?.columns, size?.rows);
  const stdin = new FakeKeyboard();
  const done = renderLogin(fake.deps, {
    env,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    ...extra(clock, stderr),
  });
  done.catch(() => {});
  return { clock, ...fake, stderr, stdin, done };
}

const settle = async () => {
  await flush();
  await tick();
};

/** Polls the screen until it shows the text (an Esc waits a moment for a sequence's rest). */
async function shows(t: { stderr: FakeTerminal }, text: string) {
  for (let i = 0; i < 100 && !t.stderr.screen().includes(text); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return t.stderr.screen();
}

describe("renderLogin", () => {
  it("draws on stderr, shows a scannable QR, and resolves with the session", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    const screen = await shows(t, "A B C D - E F G H");
    expect(screen).toContain("A B C D - E F G H");
    expect(decodeQrFromText(screen.split("\n"))).toBe("https://caido.io/device?user_code=code1");
    t.completes[0]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
    expect(t.stderr.screen()).toContain("Logged in to http://127.0.0.1:8080 as Ada Lovelace");
    // The final screen stays, the cursor under it and shown again, raw mode off.
    expect(t.stderr.vt.cursorVisible).toBe(true);
    expect(t.stderr.vt.column).toBe(0);
    expect(t.stdin.raw).toEqual([true, false]);
  });

  it("while the code waits, each second writes the countdown's change and nothing else", async () => {
    // In colour (as on a terminal): the spinner's step comes with its colour.
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => {
      chalk.level = level;
    });
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await shows(t, "expires in 15:00");
    // Past a minute's turn too (14:00 → 13:59), where four cells change.
    for (let second = 1; second <= 61; second++) {
      const left = 15 * 60 - second;
      const countdown = formatCountdown(left * 1000);
      t.stderr.written = "";
      t.clock.advance(1_000);
      expect(t.stderr.screen()).toContain(`expires in ${countdown}`);
      const bytes = Buffer.byteLength(t.stderr.written);
      expect(bytes, JSON.stringify(t.stderr.written)).toBeLessThan(40);
      expect(plain(t.stderr.written)).not.toMatch(/Logging|Waiting|[▀▄█]/);
      expect(t.stderr.written).toContain("\x1b[36m");
    }
    // The whole screen still there, as drawn anew it would be.
    expect(decodeQrFromText(t.stderr.screen().split("\n"))).toBe(
      "https://caido.io/device?user_code=code1",
    );
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("q cancels with exit 130 and aborts the wait", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await settle();
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
    expect(t.completes[0]!.signal.aborted).toBe(true);
    expect(t.stderr.screen()).toContain("Login cancelled");
  });

  it.each([
    ["Ctrl+C", "\x03"],
    ["Esc", "\x1b"],
  ])("%s goes through the same cancel path", async (_name, key) => {
    const t = start();
    await settle();
    t.stdin.press(key);
    await expect(t.done).rejects.toMatchObject({ exitCode: 130 });
  });

  it("an arrow key is not Esc: the login goes on", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await settle();
    t.stdin.press("\x1b[A");
    t.stdin.press("\x1b[");
    t.stdin.press("B");
    await new Promise((r) => setTimeout(r, 100));
    t.completes[0]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
  });

  it("c writes the code to the clipboard with OSC 52 and says so", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await settle();
    t.stdin.press("c");
    expect(await shows(t, "Code sent to your clipboard.")).toContain("Code sent");
    expect(t.stderr.vt.clipboard).toEqual(["ABCD-EFGH"]);
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("c copies no more than a code's worth of a hostile code", async () => {
    const t = start();
    const userCode = `A\x1b]0;t\x07${"B".repeat(999)}`;
    t.starts[0]!.resolve({ ...makeRequest(1, t.clock), userCode });
    await settle();
    t.stdin.press("c");
    await settle();
    expect(t.stderr.vt.clipboard).toEqual([`A\\x1b]0;t\\x07${"B".repeat(CODE_MAX - 14)}…`]);
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("an expired code waits for r, then a new code logs in", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await settle();
    t.completes[0]!.d.reject(codeExpired("http://127.0.0.1:8080", "caido-auth login"));
    expect(await shows(t, "Press r for a new code")).toContain("Press r for a new code");
    t.stdin.press("r");
    await settle();
    t.starts[1]!.resolve(makeRequest(2, t.clock));
    expect(await shows(t, "W X Y Z - 2 3 4 5")).toContain("W X Y Z - 2 3 4 5");
    expect(t.stderr.screen()).not.toContain("Code expired");
    t.completes[1]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
  });

  it("a failure rejects with the typed error after showing it", async () => {
    const t = start({ NO_COLOR: "1" });
    t.starts[0]!.reject(codeExpired("http://127.0.0.1:8080", "caido-auth login"));
    await expect(t.done).rejects.toMatchObject({ kind: "expired", exitCode: 4 });
    expect(t.stderr.screen()).toContain("Code expired");
  });

  it("opens a page on a trusted host by itself, once", async () => {
    const t = start();
    const request = makeRequest(1, t.clock);
    t.starts[0]!.resolve(request);
    await shows(t, "Opened in your browser.");
    expect(t.opened).toEqual([request.verificationUrl]);
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("never opens a warned-about page by itself; o opens it once the warning was read", async () => {
    const t = start({}, { columns: 120, rows: 40 });
    const url = "https://evil.example/device?user_code=ABCD-EFGH";
    t.starts[0]!.resolve({ ...makeRequest(1, t.clock), verificationUrl: url });
    expect(await shows(t, "Warning: the sign-in page is on evil.example")).toContain(
      "Press o to open it in your browser.",
    );
    await settle();
    expect(t.opened).toEqual([]);
    t.stdin.press("o");
    await settle();
    expect(t.opened).toEqual([url]);
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it.each([
    ["file:///etc/passwd", "a file: URL"],
    ["javascript:alert(1)//caido.io", "a javascript: URL"],
  ])("never opens %s, not even with o, and names what it is", async (url, what) => {
    const t = start({}, { columns: 120, rows: 40 });
    t.starts[0]!.resolve({ ...makeRequest(1, t.clock), verificationUrl: url });
    const screen = await shows(t, "not a web page on caido.io");
    expect(screen).toContain(`Warning: the sign-in link is ${what}, not a web page on caido.io.`);
    expect(screen).not.toContain("o open browser");
    t.stdin.press("o");
    await settle();
    expect(t.opened).toEqual([]);
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("narrowed: clears the screen and draws the whole frame anew for the new width", async () => {
    const t = start({}, { columns: 100, rows: 30 });
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await shows(t, "A B C D - E F G H");
    await settle();
    t.stderr.written = "";
    t.stderr.resize(80, 24);
    const after = await shows(t, "q cancel");
    // Cleared first, in the same write as the frame: never a blank screen in between.
    expect(t.stderr.written).toMatch(/^(\x1b\[\?2026h)?(\x1b\[\?25l)?\x1b\[2J\x1b\[H/);
    expect(after).toContain("A B C D - E F G H");
    // Laid out for 80 columns: a wider line would wrap on the terminal.
    for (const line of plain(t.stderr.written).split(/\r?\n/))
      expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(decodeQrFromText(after.split("\n"))).toBe("https://caido.io/device?user_code=code1");

    // Wider or taller: nothing to clear, only what changed is drawn.
    t.stderr.written = "";
    t.stderr.resize(120, 40);
    await shows(t, "q cancel");
    expect(t.stderr.written).not.toContain("\x1b[2J");
    expect(plain(t.stderr.written)).not.toContain("Logging in to");
    expect(decodeQrFromText(t.stderr.screen().split("\n"))).toBe(
      "https://caido.io/device?user_code=code1",
    );
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("a 200 KB link and a 100 KB code: drawn bounded, and q still ends the login", async () => {
    const t = start();
    t.starts[0]!.resolve({
      ...makeRequest(1, t.clock),
      userCode: "B".repeat(100 * 1024),
      verificationUrl: `https://caido.io/device?c=${"a".repeat(200 * 1024)}`,
    });
    await shows(t, "far too long");
    expect(t.stderr.written.length).toBeLessThan(50_000);
    expect(t.opened).toEqual([]);
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });

  it("with the code shown already: its frame is the first, taken over without a write", async () => {
    let request: ReturnType<typeof makeRequest> | undefined;
    let lines: string[] = [];
    const t = start({}, { columns: 100, rows: 30 }, (clock, stderr) => {
      request = makeRequest(1, clock);
      // What show-code.ts printed before the screen loaded: this very frame.
      const frame = firstFrame({
        instanceUrl: "http://127.0.0.1:8080",
        instanceVersion: "0.56.0",
        request,
        now: clock.t,
        columns: 100,
        rows: 30,
        qr: true,
        color: true,
        hyperlinks: true,
        canOpenBrowser: true,
        styled: chalk.level > 0,
      });
      lines = frame!.whole!();
      stderr.write("$ caido-auth login\n");
      stderr.write(`${lines.join("\n")}\n`);
      stderr.written = "";
      return { shown: { request, rows: lines.length, columns: 100, lines } };
    });
    // Nothing to draw: the cursor hidden, and that is all.
    expect(t.stderr.written).toBe("\x1b[?25l");
    lines.forEach((line, i) => {
      expect(t.stderr.vt.cells(i + 1)).toEqual(drawnAlone(line, 100));
    });
    t.starts[0]!.resolve(request!);
    await settle();
    expect(plain(t.stderr.written)).not.toContain("Requesting a login code");
    t.clock.advance(1_000);
    expect(await shows(t, "expires in 14:59")).toContain("$ caido-auth login\nLogging in to");
    t.completes[0]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
  });

  it("with the code shown on a terminal resized since: clears the screen and draws it anew", async () => {
    const t = start({}, { columns: 80, rows: 24 }, (clock, stderr) => {
      stderr.write("Logging in to http://127.0.0.1:8080\nan old frame\n");
      return { shown: { request: makeRequest(1, clock), rows: 2, columns: 100 } };
    });
    // The rows above were reflowed by the narrower terminal: counting up would miss some.
    expect(t.stderr.written).toContain(CLEAR_SCREEN);
    expect(t.stderr.written).not.toMatch(/\x1b\[\d*A/);
    expect(t.stderr.screen()).toMatch(/^Logging in to/);
    expect(t.stderr.screen()).not.toContain("an old frame");
    expect(t.stderr.screen()).toContain("A B C D - E F G H");
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });
});
