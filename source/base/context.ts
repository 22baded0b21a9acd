// What a command may touch of the outside world, passed in so tests can supply their own.
// The process's own streams are made only when first used: creating process.stdout on a pipe
// costs about as much as all the rest of `caido-auth token` (it loads Node's stream and net
// code), so a command that prints one answer writes it with one write(2) instead.
import { writeSync } from "node:fs";
import type { Readable } from "node:stream";
import { debug, enableDebug } from "./debug.js";

/** The part of an output stream commands use. */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  stdin: Readable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export interface Context {
  io: Io;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Diagnostics for --debug, redacted on the way out. */
  debug: (message: string) => void;
}

/**
 * stdout, written at once with write(2) while nothing else uses it. A pipe that is full or
 * gone (EAGAIN, EPIPE) gets the rest through process.stdout, which then takes over.
 */
let stdoutStreamed = false;
export const stdoutOutput: Output = {
  write(chunk) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let done = 0;
    // Once the stream has bytes of ours, all go through it: they must stay in order.
    if (!stdoutStreamed) {
      try {
        while (done < bytes.length) done += writeSync(1, bytes, done);
        return true;
      } catch {
        stdoutStreamed = true;
      }
    }
    return process.stdout.write(bytes.subarray(done));
  },
  once: (event, listener) => process.stdout.once(event, listener),
  removeListener: (event, listener) => process.stdout.removeListener(event, listener),
};

/** process.stderr, made when something is written to it. */
export const stderrOutput: Output = {
  write: (chunk) => process.stderr.write(chunk),
  once: (event, listener) => process.stderr.once(event, listener),
  removeListener: (event, listener) => process.stderr.removeListener(event, listener),
};

const isatty = (fd: number) => process.getBuiltinModule("node:tty").isatty(fd);

export function processContext(
  signal: AbortSignal | (() => AbortSignal),
  debugEnabled: boolean,
): Context {
  if (debugEnabled) enableDebug((line) => process.stderr.write(`${line}\n`));
  return {
    io: {
      stdout: stdoutOutput,
      stderr: stderrOutput,
      get stdin() {
        return process.stdin;
      },
      get stdinIsTTY() {
        return isatty(0);
      },
      get stdoutIsTTY() {
        return isatty(1);
      },
      get stderrIsTTY() {
        return isatty(2);
      },
    },
    env: process.env,
    get signal() {
      return typeof signal === "function" ? signal() : signal;
    },
    debug,
  };
}
