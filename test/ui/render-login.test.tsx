// renderLogin end to end with real Ink on fake terminal streams and fake driver deps.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../source/errors.js";
import { codeExpired } from "../../source/instance/errors.js";
import { renderLogin } from "../../source/ui/render-login.js";
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

function start(env: NodeJS.ProcessEnv = {}) {
  const clock = new FakeClock();
  const fake = fakeDeps(clock);
  const stderr = new FakeTerminal();
  const stdin = new FakeKeyboard();
  const done = renderLogin(fake.deps, {
    env,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
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
});
