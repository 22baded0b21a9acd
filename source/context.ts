// What a command may touch of the outside world, passed in so tests can supply their own.
import type { Readable, Writable } from "node:stream";
import { debug, enableDebug } from "./debug.js";

export interface Io {
  stdout: Writable;
  stderr: Writable;
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

export function processContext(signal: AbortSignal, debugEnabled: boolean): Context {
  if (debugEnabled) enableDebug((line) => process.stderr.write(`${line}\n`));
  return {
    io: {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      stdinIsTTY: Boolean(process.stdin.isTTY),
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      stderrIsTTY: Boolean(process.stderr.isTTY),
    },
    env: process.env,
    signal,
    debug,
  };
}
