// A real terminal for end-to-end tests: one tmux server per session (its own socket, so tests
// never touch each other's or the developer's tmux), a fixed size, a clean environment,
// keys in, screen text out, and the command's exit status once it ends.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// No status bar, so the pane is exactly the requested size. set-clipboard on: an OSC 52 from
// the command lands in a paste buffer, so a test can see whether one was written.
const CONFIG = [
  "set -g status off",
  'set -g default-terminal "tmux-256color"',
  "set -g history-limit 0",
  "set -g set-clipboard on",
].join("\n");

let directory: string | undefined;
let counter = 0;
let recordings = 0;

export interface TmuxOptions {
  columns: number;
  rows: number;
  /** argv of the command, run directly (no shell). */
  command: string[];
  /** The command's whole environment, apart from what tmux adds (TERM, TMUX, TMUX_PANE). */
  env: NodeJS.ProcessEnv;
}

export interface WaitOptions {
  /** Only to avoid hanging: fails the wait, never asserts a speed. */
  timeoutMs?: number;
  /** Capture with colours and other escapes (-e). */
  escapes?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TmuxSession {
  readonly #socket: string;
  readonly #exitFile: string;
  readonly #target = "main";
  #closed = false;

  private constructor(socket: string, exitFile: string) {
    this.#socket = socket;
    this.#exitFile = exitFile;
  }

  static async start(options: TmuxOptions): Promise<TmuxSession> {
    if (!directory) {
      directory = mkdtempSync(join(tmpdir(), "caido-auth-tmux-"));
      // Written once: a server starting while another test rewrote it could read half a file.
      writeFileSync(join(directory, "tmux.conf"), CONFIG);
    }
    const id = `${process.pid}-${counter++}`;
    const session = new TmuxSession(`caido-auth-e2e-${id}`, join(directory, `exit-${id}`));
    const vars = Object.entries(options.env).flatMap(([k, v]) =>
      v === undefined ? [] : ["-e", `${k}=${v}`],
    );
    await session.tmux(
      "-f",
      join(directory, "tmux.conf"),
      "new-session",
      "-d",
      "-s",
      session.#target,
      "-x",
      String(options.columns),
      "-y",
      String(options.rows),
      ...vars,
      "--",
      // The exit status goes to a file (tmux 3.3a's remain-on-exit sometimes never fills in
      // pane_dead_status), written then renamed so a poll never reads half of it. The shell
      // then keeps the final screen up, and ends on its own should close() never come.
      "sh",
      "-c",
      '"$@"; echo $? > "$0.tmp" && mv "$0.tmp" "$0"; exec sleep 300',
      session.#exitFile,
      ...options.command,
    );
    return session;
  }

  async tmux(...args: string[]): Promise<string> {
    // The server inherits this environment: keep the caller's variables out of the pane.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    if (process.env.TMUX_TMPDIR) env.TMUX_TMPDIR = process.env.TMUX_TMPDIR;
    const { stdout } = await run("tmux", ["-L", this.#socket, ...args], { env });
    return stdout;
  }

  /** tmux key names: "C-c", "Escape", "r", "Enter". */
  async sendKeys(...keys: string[]): Promise<void> {
    await this.tmux("send-keys", "-t", this.#target, ...keys);
  }

  /** The visible screen; with escapes, the SGR sequences that colour it too. */
  async capture(options: { escapes?: boolean } = {}): Promise<string> {
    return this.tmux("capture-pane", "-p", ...(options.escapes ? ["-e"] : []), "-t", this.#target);
  }

  /** Polls the screen until it contains the text (or matches) and returns it. */
  async waitFor(
    expected: string | RegExp | ((screen: string) => boolean),
    options: WaitOptions = {},
  ): Promise<string> {
    const test =
      typeof expected === "function"
        ? expected
        : typeof expected === "string"
          ? (s: string) => s.includes(expected)
          : (s: string) => expected.test(s);
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.capture({ escapes: options.escapes });
      if (test(screen)) return screen;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${String(expected)}; the screen was:\n${screen}`);
  }

  /** Resizes the terminal, as a person dragging the window's corner does (one SIGWINCH). */
  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux("resize-window", "-t", this.#target, "-x", String(columns), "-y", String(rows));
  }

  /**
   * From now on, every byte the command writes to the pane is appended to a file (tmux
   * pipe-pane): returns how many have been written since, and the bytes themselves.
   */
  async record(): Promise<{ bytes(): number; text(): string }> {
    const file = `${this.#exitFile}.pane-${recordings++}`;
    writeFileSync(file, "");
    // The file name is ours (the tests' temporary directory): no quoting to get wrong.
    await this.tmux("pipe-pane", "-o", "-t", this.#target, `cat >> '${file}'`);
    return { bytes: () => statSync(file).size, text: () => readFileSync(file, "latin1") };
  }

  /** The pane's title, which OSC 0 and OSC 2 set. */
  async title(): Promise<string> {
    return (await this.tmux("display-message", "-p", "-t", this.#target, "#{pane_title}")).trim();
  }

  /** The paste buffers (an OSC 52 clipboard write makes one): their names and sizes, or "". */
  async buffers(): Promise<string> {
    return (await this.tmux("list-buffers")).trim();
  }

  /** The command's process id (the pane's shell runs it as its one child), once it runs. */
  async pid(): Promise<number> {
    const shell = (
      await this.tmux("display-message", "-p", "-t", this.#target, "#{pane_pid}")
    ).trim();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const children = readFileSync(`/proc/${shell}/task/${shell}/children`, "utf8").trim();
      if (children) return Number(children.split(/\s+/)[0]);
      await sleep(50);
    }
    throw new Error("the command never started");
  }

  /** The command's exit status once it has ended (its final screen stays). */
  async exitCode(options: { timeoutMs?: number } = {}): Promise<number> {
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    while (Date.now() < deadline) {
      if (existsSync(this.#exitFile)) return Number(readFileSync(this.#exitFile, "utf8"));
      await sleep(100);
    }
    throw new Error(`the command did not exit; the screen was:\n${await this.capture()}`);
  }

  /** Stops the server, and with it the command if it still runs. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.tmux("kill-server").catch(() => {});
  }
}
