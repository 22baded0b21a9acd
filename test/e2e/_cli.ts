// Runs the built CLI (dist/cli.js) the way a user does: its own process, a temporary config
// directory, no TTY. `npm test` builds first.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

// CAIDO_AUTH_DIST picks another build (scripts/build.mjs DIR), so parallel work can test its own.
export const CLI = resolve(
  import.meta.dirname,
  "../..",
  process.env.CAIDO_AUTH_DIST ?? "dist",
  "bin.cjs",
);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

export function newConfigDir(): string {
  return join(mkdtempSync(join(tmpdir(), "caido-auth-e2e-")), "config");
}

/** A clean environment: nothing from the developer's own caido-auth setup leaks in. */
export function baseEnv(configDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // The run's temporary directory (test/_global-setup.ts), removed when the run ends.
    TMPDIR: process.env.TMPDIR,
    CAIDO_AUTH_CONFIG_DIR: configDir,
  };
  return { ...env, ...extra };
}

export function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does).`);
  return spawn(process.execPath, [CLI, ...args], {
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** What a child wrote and how it ended (closes stdin first; killed after `timeoutMs`). */
export function collect(child: ChildProcess, input = "", timeoutMs = 30_000): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  child.stdin?.end(input);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolvePromise) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return collect(startCli(args, options), options.input, options.timeoutMs);
}

/**
 * The full CLI's answer: dist/cli.js's runCli, as bin.cjs calls it when it does not answer
 * itself, for comparing bin.cjs's own answers with it.
 */
export function runFullCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const script =
    "const { runCli } = await import(process.argv[1]); await runCli(process.argv.slice(2));";
  const full = join(dirname(CLI), "cli.js");
  const argv = ["--input-type=module", "-e", script, full, ...args];
  return collect(spawn(process.execPath, argv, { env, stdio: ["ignore", "pipe", "pipe"] }));
}
