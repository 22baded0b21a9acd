// The installed command (bin/caido-auth.cjs) keeps Node's compile cache only in a folder of the
// user's own: 0700, owned by them, not a link. Anything else (another account's folder, one
// others may write to, a link) runs the program without a cache, never with that folder.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const LAUNCHER = resolve(import.meta.dirname, "../../bin/caido-auth.cjs");
const HAS_CACHE =
  typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const uid = process.getuid?.() ?? 0;

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(tmp: string, extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, TMPDIR: tmp, ...extra };
  return spawnSync(process.execPath, [LAUNCHER, "--version"], { env, encoding: "utf8" });
}

function newTmp(): { tmp: string; folder: string } {
  const tmp = mkdtempSync(join(tmpdir(), "caido-auth-launcher-"));
  temps.push(tmp);
  return { tmp, folder: join(tmp, `caido-auth-${uid}`) };
}

describe.skipIf(process.platform === "win32")("the launcher's compile cache", () => {
  it("lives in a 0700 folder of this user's own under TMPDIR, where Node has one", () => {
    const { tmp, folder } = newTmp();
    const result = run(tmp);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
    if (!HAS_CACHE) {
      expect(existsSync(folder)).toBe(false);
      return;
    }
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(folder, "compile-cache")).length).toBeGreaterThan(0);
  });

  type Prepare = (folder: string, tmp: string) => void;
  const unsafe: [string, Prepare][] = [
    [
      "others may write to it",
      (folder) => {
        mkdirSync(folder);
        chmodSync(folder, 0o777);
      },
    ],
    [
      "it is a link",
      (folder, tmp) => {
        mkdirSync(join(tmp, "elsewhere"), { mode: 0o700 });
        symlinkSync(join(tmp, "elsewhere"), folder);
      },
    ],
  ];
  // Root can hand a folder to another account.
  if (uid === 0)
    unsafe.push([
      "another account owns it",
      (folder) => {
        mkdirSync(folder, { mode: 0o700 });
        chownSync(folder, 65534, 65534);
      },
    ]);
  it.each(unsafe)("is not used when %s, and the program runs the same", (_, prepare) => {
    const { tmp, folder } = newTmp();
    prepare(folder, tmp);
    const result = run(tmp);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(folder, "compile-cache"))).toBe(false);
    expect(existsSync(join(tmp, "elsewhere", "compile-cache"))).toBe(false);
  });

  it("is off with NODE_DISABLE_COMPILE_CACHE=1", () => {
    const { tmp, folder } = newTmp();
    expect(run(tmp, { NODE_DISABLE_COMPILE_CACHE: "1" }).status).toBe(0);
    expect(existsSync(join(folder, "compile-cache"))).toBe(false);
  });
});
