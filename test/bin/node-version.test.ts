// The installed command on a Node that package.json's engines leaves out says so in one line,
// with what to do, instead of failing later on what that Node lacks. Each version is faked
// (process.version and process.versions.node, set before the launcher runs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const LAUNCHER = join(ROOT, "bin/caido-auth.cjs");
const dir = mkdtempSync(join(tmpdir(), "caido-auth-node-version-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runAs(version: string) {
  const fake = join(dir, `node-${version}.cjs`);
  writeFileSync(
    fake,
    `Object.defineProperty(process, "version", { value: "v${version}" });
Object.defineProperty(process, "versions", { value: { ...process.versions, node: "${version}" } });\n`,
  );
  return spawnSync(process.execPath, ["--require", fake, LAUNCHER, "--version"], {
    env: { PATH: process.env.PATH, TMPDIR: dir },
    encoding: "utf8",
  });
}

test("engines is the rule the launcher checks", () => {
  const { engines } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  expect(engines.node).toBe("^20.19.0 || >=22.12.0");
});

test.each(["18.20.4", "20.18.3", "21.7.3", "22.0.0", "22.11.0"])("Node %s: refused", (version) => {
  const result = runAs(version);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(
    `caido-auth: needs Node.js 20.19 or later on 20, or 22.12 or later; this is v${version}. Install a current LTS from https://nodejs.org and run it again.\n`,
  );
});

test.each(["20.19.0", "22.12.0", "23.0.0", "24.0.0", "26.1.0"])("Node %s: runs", (version) => {
  const { version: ours } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const result = runAs(version);
  expect(result.stderr).toBe("");
  expect(result.stdout).toBe(`${ours}\n`);
  expect(result.status).toBe(0);
});
