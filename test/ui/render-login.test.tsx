// renderLogin end to end with real Ink on fake terminal streams and fake driver deps.
import { EventEmitter } from "node:events";
import chalk from "chalk";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../source/errors.js";
import { codeExpired } from "../../source/instance/errors.js";
import { firstFrame } from "../../source/ui/first-frame.js";
import { type RenderLoginOptions, renderLogin } from "../../source/ui/render-login.js";
import { FakeClock, fakeDeps, flush, makeRequest, success } from "../session/_fake-login.js";
import { decodeQrFromText } from "./_qr-decode.js";
import { plain, tick } from "./_screen.js";

class FakeTerminal extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = "";
  write = (chunk: string) => {
    this.written += chunk;
    return true;
  };
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  press(data: string) {
    this.data = data;
    this.emit("readable");
    this.emit("data", data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

function start(
  env: NodeJS.ProcessEnv = {},
  size?: { columns: number; rows: number },
  extra: (clock: FakeClock) => Partial<RenderLoginOptions> = () => ({}),
) {
  const clock = new FakeClock();
  const fake = fakeDeps(clock);
  const stderr = new FakeTerminal();
  if (size) Object.assign(stderr, size);
  const stdin = new FakeKeyboard();
  const done = renderLogin(fake.deps, {
    env,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    ...extra(clock),
  });
  done.catch(() => {});
  return { clock, ...fake, stderr, stdin, done };
}

const settle = async () => {
  await flush();
  await tick();
};

/** Ink throttles frames (~30 fps): poll the screen instead of guessing a delay. */
async function shows(t: { stderr: FakeTerminal }, text: string) {
  for (let i = 0; i < 100 && !plain(t.stderr.written).includes(text); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return plain(t.stderr.written);
}

describe("renderLogin", () => {
  it("draws on stderr, shows a scannable QR, and resolves with the session", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    const screen = await shows(t, "A B C D - E F G H");
    expect(screen).toContain("A B C D - E F G H");
    const lastFrame = screen.split("Logging in to").at(-1)!.split("\n");
    expect(decodeQrFromText(lastFrame)).toBe("https://caido.io/device?user_code=code1");
    t.completes[0]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
    expect(plain(t.stderr.written)).toContain("Logged in to http://127.0.0.1:8080 as Ada Lovelace");
  });

  it("q cancels with exit 130 and aborts the wait", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await settle();
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
    expect(t.completes[0]!.signal.aborted).toBe(true);
  });

  it("Ctrl+C goes through the same cancel path", async () => {
    const t = start();
    await settle();
    t.stdin.press("\x03");
    await expect(t.done).rejects.toMatchObject({ exitCode: 130 });
  });

  it("c writes the code to the clipboard with OSC 52", async () => {
    const t = start();
    t.starts[0]!.resolve(makeRequest(1, t.clock));
    await settle();
    t.stdin.press("c");
    await settle();
    expect(t.stderr.written).toContain(`\x1b]52;c;${btoa("ABCD-EFGH")}\x07`);
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
    t.completes[1]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
  });

  it("a failure rejects with the typed error after showing it", async () => {
    const t = start({ NO_COLOR: "1" });
    t.starts[0]!.reject(codeExpired("http://127.0.0.1:8080", "caido-auth login"));
    await expect(t.done).rejects.toMatchObject({ kind: "expired", exitCode: 4 });
    expect(t.stderr.written).toContain("Code expired");
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
    const t = start();
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
    const t = start();
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
    Object.assign(t.stderr, { columns: 80, rows: 24 });
    t.stderr.emit("resize");
    const after = await shows(t, "q cancel");
    expect(t.stderr.written.startsWith("\x1b[2J\x1b[H")).toBe(true);
    const frame = after.split("Logging in to").at(-1)!;
    expect(frame).toContain("A B C D - E F G H");
    // Every frame written since, not only the last, is laid out for 80 columns: a wider one
    // would wrap on the terminal and leave rows Ink does not know to erase.
    for (const line of after.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(decodeQrFromText(frame.split("\n"))).toBe("https://caido.io/device?user_code=code1");

    // Wider or taller: nothing to clear, the next frame replaces the last in place.
    t.stderr.written = "";
    Object.assign(t.stderr, { columns: 120, rows: 40 });
    t.stderr.emit("resize");
    await shows(t, "q cancel");
    expect(t.stderr.written).not.toContain("\x1b[2J");
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

  it("with the code shown already: its first frame is the waiting screen, drawn over it", async () => {
    let request: ReturnType<typeof makeRequest> | undefined;
    const t = start({}, { columns: 100, rows: 30 }, (clock) => {
      request = makeRequest(1, clock);
      return { shown: { request, rows: 7, columns: 100 } };
    });
    // What interactive-login.ts printed before Ink loaded: this very frame.
    const expected = firstFrame({
      instanceUrl: "http://127.0.0.1:8080",
      instanceVersion: "0.56.0",
      request: request!,
      now: t.clock.t,
      columns: 100,
      rows: 30,
      qr: true,
      color: true,
      hyperlinks: true,
      canOpenBrowser: true,
      styled: chalk.level > 0,
    });
    expect(expected).toBeDefined();
    // Ink's first write with a line break is its frame: in one write, from 7 rows up, each
    // line's leftover erased after it (a full-width line has none), and the rest below.
    const frameWrite = t.stderr.written.slice(t.stderr.written.indexOf("\x1b[7F"));
    const frame = frameWrite.slice(0, frameWrite.indexOf("\x1b[J") + 3);
    expect(frame.startsWith("\x1b[7F")).toBe(true);
    expect(frame.endsWith("\x1b[K\x1b[J")).toBe(true);
    expect(frame.slice(4, -3).replaceAll("\x1b[K", "")).toBe(`${expected!.whole!().join("\n")}\n`);
    t.starts[0]!.resolve(request!);
    await settle();
    expect(plain(t.stderr.written)).not.toContain("Requesting a login code");
    expect(t.stderr.written.match(/\x1b\[7F/g)).toHaveLength(1);
    t.completes[0]!.d.resolve(success);
    await expect(t.done).resolves.toBe(success);
  });

  it("with the code shown on a terminal resized since: clears the screen, draws nothing over", async () => {
    const t = start({}, { columns: 80, rows: 24 }, (clock) => ({
      shown: { request: makeRequest(1, clock), rows: 7, columns: 100 },
    }));
    // The rows above were reflowed by the narrower terminal: counting up would miss some.
    expect(t.stderr.written.startsWith("\x1b[2J\x1b[H")).toBe(true);
    expect(t.stderr.written).not.toContain("\x1b[7F");
    expect(plain(t.stderr.written)).toContain("A B C D - E F G H");
    t.stdin.press("q");
    await expect(t.done).rejects.toBeInstanceOf(CancelledError);
  });
});
