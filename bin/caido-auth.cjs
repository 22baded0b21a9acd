#!/usr/bin/env node
// The installed command. It runs the built program (dist/bin.cjs). `npm i -g ./a-clone`
// links the folder without building it, so a missing dist/ is built once, here.
//
// First it turns on Node's compile cache (Node 22.1 and later): the program is one file of
// a few hundred KB, and reading V8's saved compilation of it instead of compiling it anew is
// most of what keeps `caido-auth token` as quick as a bare Node start. The cache lives in a
// folder of this user's own under the temporary directory, which is checked before each use:
// a cache another account could write to would run that account's code with our tokens. As
// Node's own switches say: NODE_COMPILE_CACHE picks the folder, NODE_DISABLE_COMPILE_CACHE=1
// turns it off.
const { existsSync, lstatSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");

/** os.tmpdir() on POSIX, without loading node:os (a measurable part of a 20 ms call). */
function tmpdir() {
  const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || "/tmp";
  return dir.length > 1 && dir.endsWith("/") ? dir.slice(0, -1) : dir;
}

/** This user's own folder (0700, not a link) under the temporary directory, or undefined. */
function privateCacheDir() {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = join(tmpdir(), `caido-auth-${uid}`);
  // Made once; later calls only look (a failed mkdir would build an error each time).
  if (!lstatSync(dir, { throwIfNoEntry: false })) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if (error.code !== "EEXIST") return undefined;
    }
  }
  const stat = lstatSync(dir);
  const ours = stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
  return ours ? join(dir, "compile-cache") : undefined;
}

function enableCompileCache() {
  const { enableCompileCache } = require("node:module");
  if (typeof enableCompileCache !== "function" || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    const dir = process.env.NODE_COMPILE_CACHE ? undefined : privateCacheDir();
    if (dir !== undefined || process.env.NODE_COMPILE_CACHE) enableCompileCache(dir);
  } catch {
    // Only an optimisation: without it the program runs the same, a little slower.
  }
}

enableCompileCache();
const program = join(__dirname, "..", "dist", "bin.cjs");
if (!existsSync(program)) {
  const { execFileSync } = require("node:child_process");
  process.stderr.write("caido-auth: first run from a source folder: building dist/…\n");
  execFileSync(process.execPath, [join(__dirname, "..", "scripts", "prepare.mjs")], {
    cwd: join(__dirname, ".."),
    stdio: ["ignore", 2, 2],
  });
}
require(program);
