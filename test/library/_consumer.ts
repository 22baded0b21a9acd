// A project of its own with caido-auth installed as a user gets it: the real package.json and
// the build under test as its dist/ (its own package.json stops TypeScript and Node from
// resolving "caido-auth" to this repository by self-reference), plus the official SDK.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CLI } from "../e2e/_cli.js";

export const ROOT = resolve(import.meta.dirname, "../..");
/** The build under test (CAIDO_AUTH_DIST, else dist/). */
export const BUILD = dirname(CLI);

export interface Consumer {
  dir: string;
  write(file: string, text: string): void;
  remove(): void;
}

export function makeConsumer(): Consumer {
  const dir = mkdtempSync(join(tmpdir(), "caido-auth-consumer-"));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const link = (name: string, target: string) => {
    mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
    symlinkSync(target, join(dir, "node_modules", name));
  };
  write("package.json", JSON.stringify({ name: "consumer", type: "module", private: true }));
  mkdirSync(join(dir, "node_modules/caido-auth"), { recursive: true });
  copyFileSync(join(ROOT, "package.json"), join(dir, "node_modules/caido-auth/package.json"));
  link("caido-auth/dist", BUILD);
  link("@caido/sdk-client", join(ROOT, "node_modules/@caido/sdk-client"));
  link("@types/node", join(ROOT, "node_modules/@types/node"));
  return {
    dir,
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node file` in the project, without blocking this process (it may serve the sandbox). */
export function runNode(consumer: Consumer, file: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, [file], { cwd: consumer.dir, env, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdin.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) => {
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
