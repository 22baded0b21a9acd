// Once a command is over, Ctrl+C ends the process as usual: the CLI's own signal handlers
// (which let a running command stop cleanly) go with the command. Otherwise anything left
// holding the event loop, such as a server that failed half-way through its start, made a
// process that had reported its failure ignore Ctrl+C.

import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { baseEnv, CLI, collect, newConfigDir } from "./_cli.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

test("a process still held after its command ended dies on the first SIGINT", async () => {
  const configDir = newConfigDir();
  cleanups.push(() => rmSync(dirname(configDir), { recursive: true, force: true }));
  // Stands in for whatever might hold the event loop after the command.
  const holder = join(dirname(configDir), "hold.cjs");
  writeFileSync(holder, "setInterval(() => {}, 60_000);\n");
  // `status` without --json runs in the full CLI; with nothing stored it fails at once.
  const child = spawn(process.execPath, ["--require", holder, CLI, "status"], {
    env: baseEnv(configDir),
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (chunk.toString().includes("not logged in")) child.kill("SIGINT");
  });
  const result = await collect(child, "", 10_000);
  expect(result.stderr).toContain("not logged in");
  expect(result.signal).toBe("SIGINT");
});
