// The installed command (bin/caido-auth.cjs) keeps its caches (V8's code of dist/bin.cjs, and
// Node's compile cache of the full CLI) only in a folder of the user's own: 0700, owned by
// them, not a link. Anything else (another account's folder, one others may write to, a link)
// runs the program without a cache, never with that folder. A cache of another build, or a
// damaged one, is made again; the program runs the same.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const LAUNCHER = resolve(import.meta.dirname, "../../bin/caido-auth.cjs");
const HAS_CACHE =
  typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const uid = process.getuid?.() ?? 0;

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(
  tmp: string,
  extra: NodeJS.ProcessEnv = {},
  args = ["--version"],
  launcher = LAUNCHER,
) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, TMPDIR: tmp, ...extra };
  return spawnSync(process.execPath, [launcher, ...args], { env, encoding: "utf8" });
}

/** The code caches in a folder: one per install of the program (and Node version). */
const codeCaches = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.endsWith(`-${process.version}-${process.arch}.v8`))
        .map((name) => join(folder, name))
    : [];
/** The one code cache in a folder. */
function codeCache(folder: string): string {
  const files = codeCaches(folder);
  expect(files).toHaveLength(1);
  return files[0] as string;
}
/** The cache's header lines: format, program, its identity, the commands it was made after. */
const header = (file: string) => readFileSync(file, "utf8").split("\n").slice(0, 4);
const PROGRAM = join(dirname(LAUNCHER), "..", "dist", "bin.cjs");

function newTmp(): { tmp: string; folder: string } {
  const tmp = mkdtempSync(join(tmpdir(), "caido-auth-launcher-"));
  temps.push(tmp);
  return { tmp, folder: join(tmp, `caido-auth-${uid}`) };
}

describe.skipIf(process.platform === "win32")("the launcher's compile cache", () => {
  it("lives in a 0700 folder of this user's own under TMPDIR: V8's code of the program, 0600", () => {
    const { tmp, folder } = newTmp();
    const result = run(tmp);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(codeCache(folder)).mode & 0o777).toBe(0o600);
    expect(header(codeCache(folder)).slice(0, 2)).toEqual(["caido-auth code cache 2", PROGRAM]);
    // Node's compile cache is for the full CLI: a call bin.cjs answers alone never turns it on.
    expect(existsSync(join(folder, "compile-cache"))).toBe(false);
  });

  it("is used by the next call of the same command, not made again", () => {
    const { tmp, folder } = newTmp();
    expect(run(tmp).status).toBe(0);
    const made = statSync(codeCache(folder));
    const again = run(tmp);
    expect(again.status, again.stderr).toBe(0);
    // A rejected cache would be written anew: a new file (renamed in place), a new inode.
    expect(statSync(codeCache(folder)).ino).toBe(made.ino);
  });

  it("is made by `exec` too, which replaces the process (execve, where Node has it) before any exit", () => {
    const { tmp, folder } = newTmp();
    const token = { CAIDO_ACCESS_TOKEN: "a-token", CAIDO_INSTANCE: "http://127.0.0.1:9" };
    const result = run(tmp, token, ["exec", "--", "true"]);
    expect(result.status, result.stderr).toBe(0);
    expect(header(codeCache(folder))[3]).toBe("exec");
  });

  it("ends a call through process.exit with all of the program's output and its exit code", () => {
    const { tmp } = newTmp();
    const env = { PATH: process.env.PATH, TMPDIR: tmp };
    // The longest output there is, through a pipe, and a usage error (exit 2).
    for (const args of [["completion", "zsh"], ["tokn"]]) {
      const direct = spawnSync(process.execPath, [PROGRAM, ...args], { env, encoding: "utf8" });
      for (let call = 0; call < 2; call++) {
        const launched = run(tmp, {}, args);
        expect(launched.status).toBe(direct.status);
        expect(launched.stdout).toBe(direct.stdout);
        expect(launched.stderr).toBe(direct.stderr);
      }
    }
    expect(spawnSync(process.execPath, [PROGRAM, "tokn"], { env }).status).toBe(2);
  });

  it("is one per install: two copies of the program called in turn each keep their own", () => {
    const { tmp, folder } = newTmp();
    const copy = join(tmp, "another-install");
    mkdirSync(join(copy, "bin"), { recursive: true });
    mkdirSync(join(copy, "dist"));
    const copied = join(copy, "bin", "caido-auth.cjs");
    copyFileSync(LAUNCHER, copied);
    copyFileSync(PROGRAM, join(copy, "dist", "bin.cjs"));
    const inTurn = () => {
      for (const launcher of [LAUNCHER, copied]) {
        const result = run(tmp, {}, ["--version"], launcher);
        expect(result.status, result.stderr).toBe(0);
      }
      return codeCaches(folder).map((file) => statSync(file).ino);
    };
    const made = inTurn();
    expect(made).toHaveLength(2);
    // Sharing one file, each call would find the other's cache and write its own anew.
    expect(inTurn()).toEqual(made);
  });

  it("of an install that is gone, or of an older format, goes when another cache is written", () => {
    const { tmp, folder } = newTmp();
    const copy = join(tmp, "removed-install");
    mkdirSync(join(copy, "bin"), { recursive: true });
    mkdirSync(join(copy, "dist"));
    copyFileSync(LAUNCHER, join(copy, "bin", "caido-auth.cjs"));
    copyFileSync(PROGRAM, join(copy, "dist", "bin.cjs"));
    expect(run(tmp, {}, ["--version"], join(copy, "bin", "caido-auth.cjs")).status).toBe(0);
    const removed = codeCache(folder);
    rmSync(copy, { recursive: true });
    const older = join(folder, `bin-${process.version}-${process.arch}.v8`);
    writeFileSync(older, "caido-auth code cache 1\n1:2:3:4:5\n-\n", { mode: 0o600 });
    const unrelated = join(folder, "notes.txt");
    writeFileSync(unrelated, "not a cache");
    expect(run(tmp).status).toBe(0); // writes this install's cache
    const left = codeCache(folder); // only one
    expect(left).not.toBe(removed);
    expect(header(left)[1]).toBe(PROGRAM);
    expect(existsSync(older)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
  });

  it("is made again after a command it was not made after, keeping the commands it had", () => {
    const { tmp, folder } = newTmp();
    expect(run(tmp).status).toBe(0);
    // completion goes on to the full CLI (ES modules) through the launcher's import.
    const completion = run(tmp, {}, ["completion", "bash"]);
    expect(completion.status, completion.stderr).toBe(0);
    expect(completion.stdout).toContain("caido-auth");
    expect(header(codeCache(folder))[3]).toBe("-,completion");
    if (HAS_CACHE) expect(readdirSync(join(folder, "compile-cache")).length).toBeGreaterThan(0);
  });

  it.each([
    [
      "of another build",
      (bytes: Buffer) => bytes.toString("latin1").replace(/(\n[^\n]*\n)[^\n]*/, "$11:2:3:4:5"),
    ],
    [
      "damaged",
      (bytes: Buffer) =>
        Buffer.concat([bytes.subarray(0, bytes.indexOf("\n-\n") + 3), Buffer.alloc(4096, 7)]),
    ],
  ])("is made again when it is %s, and the program runs the same", (_, spoil) => {
    const { tmp, folder } = newTmp();
    const first = run(tmp);
    expect(first.status).toBe(0);
    const file = codeCache(folder);
    const good = header(file);
    writeFileSync(file, spoil(readFileSync(file)));
    const spoiled = statSync(file).ino;
    const result = run(tmp);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(first.stdout);
    expect(statSync(file).ino).not.toBe(spoiled);
    expect(header(file)).toEqual(good);
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
    for (const place of [folder, join(tmp, "elsewhere")]) {
      expect(existsSync(join(place, "compile-cache"))).toBe(false);
      expect(codeCaches(place)).toEqual([]);
    }
  });

  it("is off with NODE_DISABLE_COMPILE_CACHE=1", () => {
    const { tmp, folder } = newTmp();
    expect(run(tmp, { NODE_DISABLE_COMPILE_CACHE: "1" }).status).toBe(0);
    expect(run(tmp, { NODE_DISABLE_COMPILE_CACHE: "1" }, ["completion", "bash"]).status).toBe(0);
    expect(existsSync(join(folder, "compile-cache"))).toBe(false);
    expect(codeCaches(folder)).toEqual([]);
  });
});
