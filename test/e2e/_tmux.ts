// A real terminal for end-to-end tests: one tmux server per session (its own socket, so tests
// never touch each other's or the developer's tmux), a fixed size, a clean environment,
// keys in, screen text out, and the command's exit status once it ends.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// remain-on-exit keeps the final screen and the exit status after the command ends; no status
// bar, so the pane is exactly the requested size.
const CONFIG = [
  "set -g remain-on-exit on",
  "set -g status off",
  'set -g default-terminal "tmux-256color"',
  "set -g history-limit 0",
].join("\n");

let configFile: string | undefined;
let counter = 0;

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
  readonly #target = "main";
  #closed = false;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  static async start(options: TmuxOptions): Promise<TmuxSession> {
    configFile ??= join(mkdtempSync(join(tmpdir(), "caido-auth-tmux-")), "tmux.conf");
    writeFileSync(configFile, CONFIG);
    const session = new TmuxSession(`caido-auth-e2e-${process.pid}-${counter++}`);
    const vars = Object.entries(options.env).flatMap(([k, v]) =>
      v === undefined ? [] : ["-e", `${k}=${v}`],
    );
    await session.tmux(
      "-f",
      configFile,
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

  /** The command's exit status once it has ended (the pane stays, remain-on-exit). */
  async exitCode(options: { timeoutMs?: number } = {}): Promise<number> {
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    while (Date.now() < deadline) {
      const out = await this.tmux(
        "display-message",
        "-p",
        "-t",
        this.#target,
        "#{pane_dead} #{pane_dead_status}",
      );
      const [dead, status] = out.trim().split(" ");
      if (dead === "1") return Number(status);
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
