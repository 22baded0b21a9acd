#!/usr/bin/env node
// The installed command. It runs the built program (dist/bin.cjs). `npm i -g ./a-clone`
// links the folder without building it, so a missing dist/ is built once, here.
//
// It runs the program from V8's code of it as an earlier call left it (node:vm's cachedData):
// `caido-auth token` should cost about a bare Node start, and compiling the program anew is
// most of what stands between the two. Node's own compile cache (`module.enableCompileCache`)
// saves only what V8 compiles before the file runs, so each call still compiled every
// function it ran; a cache made after the run holds those too (a tenth of a `token` call, in
// bench/token.mjs). Node's compile cache stays on for the full CLI's ES modules.
//
// Both caches live in a folder of this user's own under the temporary directory, checked
// before each use: a cache another account could write to would run that account's code with
// our tokens. As Node's own switches say: NODE_DISABLE_COMPILE_CACHE=1 turns both off,
// NODE_COMPILE_CACHE picks the folder of Node's.
// package.json's engines, said plainly rather than as a TypeError from deep inside: 22.0-22.11
// lack what the program and its sandbox call (process.getBuiltinModule, URL.parse), and 21 is
// a line of its own that nobody supports.
const [nodeMajor, nodeMinor] = process.versions.node.split(".").map(Number);
if (nodeMajor === 20 ? nodeMinor < 19 : nodeMajor < 22 || (nodeMajor === 22 && nodeMinor < 12)) {
  process.stderr.write(
    `caido-auth: needs Node.js 20.19 or later on 20, or 22.12 or later; this is ${process.version}. Install a current LTS from https://nodejs.org and run it again.\n`,
  );
  process.exit(1);
}
// Node's built-ins by process.getBuiltinModule where there is one (Node >= 20.16): require()
// also builds a module's ES module facade on its first load, a measurable part of a `token`.
const builtin = (id) => process.getBuiltinModule?.(id) ?? require(id);
const {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = builtin("node:fs");
const { dirname, join } = builtin("node:path");

/** os.tmpdir() on POSIX, without loading node:os (a measurable part of a 20 ms call). */
function tmpdir() {
  const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || "/tmp";
  return dir.length > 1 && dir.endsWith("/") ? dir.slice(0, -1) : dir;
}

/** This user's own folder (0700, not a link) under the temporary directory, or undefined. */
function privateCacheDir() {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  // Joined by hand (POSIX only, as getuid is): the two path.join calls of a `token` made V8
  // compile Node's path code, 0.4 ms in-process (Node 24).
  const dir = `${tmpdir()}/caido-auth-${uid}`;
  try {
    // Made once; later calls only look (a failed mkdir would build an error each time).
    let stat = lstatSync(dir, { throwIfNoEntry: false });
    if (!stat) {
      try {
        mkdirSync(dir, { mode: 0o700 });
      } catch (error) {
        if (error.code !== "EEXIST") return undefined;
      }
      stat = lstatSync(dir);
    }
    const ours = stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
    return ours ? dir : undefined;
  } catch {
    return undefined; // only an optimisation: the program runs the same without
  }
}

function enableCompileCache(dir) {
  const { enableCompileCache } = builtin("node:module");
  if (typeof enableCompileCache !== "function") return;
  try {
    if (process.env.NODE_COMPILE_CACHE) enableCompileCache();
    else if (dir !== undefined) enableCompileCache(join(dir, "compile-cache"));
  } catch {
    // Only an optimisation: without it the program runs the same, a little slower.
  }
}

// A cache file's header lines: this format, the program's path, its identity, the commands.
const CODE_CACHE_FORMAT = "caido-auth code cache 2";
// Each command runs functions of its own; a cache is made again when a call runs a command it
// was not made after (it keeps what it had), a bounded number of times.
const MOST_COMMANDS = 16;

/** What sets a file apart from any other one at that path: a rebuild or reinstall changes it. */
function identity(stat) {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** A short name for a path (FNV-1a, 32 bits): each install of the program keeps its own cache. */
function pathTag(path) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** A command's name as argv gives it (/^[a-z][a-z-]{0,30}$/, without compiling a pattern). */
function isCommandName(word) {
  const first = word[0];
  if (word.length > 31 || !(first >= "a" && first <= "z")) return false;
  for (const char of word) if (char !== "-" && !(char >= "a" && char <= "z")) return false;
  return true;
}

/** The first count header lines of a cache file's bytes and where they end, or undefined. */
function headerLines(bytes, count) {
  const lines = [];
  let start = 0;
  while (lines.length < count) {
    const end = bytes.indexOf(10, start);
    if (end < 0) return undefined;
    lines.push(bytes.toString("utf8", start, end));
    start = end + 1;
  }
  return lines[0] === CODE_CACHE_FORMAT ? { lines, end: start } : undefined;
}

/** The saved code cache of that program and identity: { commands, data }, or undefined. */
function readCodeCache(file, program, programIdentity) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = headerLines(bytes, 4);
  if (!header || header.lines[1] !== program || header.lines[2] !== programIdentity)
    return undefined;
  return { commands: header.lines[3].split(","), data: bytes.subarray(header.end) };
}

/** Replaces the saved cache whole (a rename), so parallel calls read one or the other. */
function writeCodeCache(file, program, programIdentity, commands, script) {
  try {
    const header = `${CODE_CACHE_FORMAT}\n${program}\n${programIdentity}\n${commands.join(",")}\n`;
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(header), script.createCachedData()]), {
      mode: 0o600,
    });
    renameSync(temporary, file);
    removeStaleCaches(file);
  } catch {
    // Only an optimisation: the next call makes it again.
  }
}

/** The program a cache file was made for, or undefined for a file of another format. */
function cachedProgram(file) {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(8192); // the format and a path: PATH_MAX is 4096
    return headerLines(head.subarray(0, readSync(fd, head)), 2)?.lines[1];
  } finally {
    closeSync(fd);
  }
}

/**
 * Each install has a cache of its own: once one is written, those of installs that are gone
 * (their program no longer exists: a removed prefix, a deleted clone) and of older formats go.
 */
function removeStaleCaches(written) {
  const dir = dirname(written);
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (file === written || !name.startsWith("bin-") || !name.endsWith(".v8")) continue;
    const program = cachedProgram(file);
    if (program === undefined || !statSync(program, { throwIfNoEntry: false })) unlinkSync(file);
  }
}

/** require(program), from and into the code cache in dir; programStat is the program's. */
function runFromCodeCache(program, programStat, dir) {
  const vm = builtin("node:vm");
  const file = `${dir}/bin-${pathTag(program)}-${process.version}-${process.arch}.v8`;
  // Stat'ed before the source is read, once: a program replaced during a long call (a login)
  // must not get a cache, made from the old source, under its new identity.
  const programIdentity = identity(programStat);
  const saved = readCodeCache(file, program, programIdentity);
  // The file is built wrapped as Node wraps a CommonJS module (scripts/build.mjs): its value,
  // run as a script, is that function.
  const source = readFileSync(program, "utf8");
  const script = new vm.Script(source, { filename: program, cachedData: saved?.data });
  const command = isCommandName(process.argv[2] ?? "") ? process.argv[2] : "-";
  const known = saved && !script.cachedDataRejected ? saved.commands : [];
  // Written once: at exit, or when the program is about to replace the process (`exec`, by
  // execve), which leaves no exit to write it at.
  let unsaved = !known.includes(command) && known.length < MOST_COMMANDS;
  const saveCodeCache = () => {
    if (!unsaved) return;
    unsaved = false;
    writeCodeCache(file, program, programIdentity, [...known, command], script);
  };
  if (unsaved) process.once("exit", saveCodeCache);
  // Code run by node:vm has no module loader for import(): the program loads the full CLI
  // (ES modules, which Node's compile cache is for) through this one of ours.
  const importCli = () => {
    enableCompileCache(dir);
    return import(builtin("node:url").pathToFileURL(join(dirname(program), "cli.js")));
  };
  const module = { exports: {}, importCli, saveCodeCache };
  // The program requires Node's own modules (and tries supports-color, which it does without):
  // they resolve alike from here.
  const programRequire = (id) => (id.startsWith("node:") ? builtin(id) : require(id));
  script.runInThisContext()(module.exports, programRequire, module, program, dirname(program));
}

// Once a call has nothing left to do, it ends through process.exit: Node's own end of a process
// first frees its whole environment and heap, a point of a `token` here (1.061x to 1.052x
// `node -e 0`, medians of 100 alternating runs, Node 24).
// Nothing is cut short: "beforeExit" comes only when no write, timer or socket is pending, and
// the "exit" handlers (this cache, Node's compile cache) run as ever.
process.once("beforeExit", () => process.exit());

const program = join(__dirname, "..", "dist", "bin.cjs");
const statProgram = () => statSync(program, { bigint: true, throwIfNoEntry: false });
let programStat = statProgram();
if (!programStat) {
  const { execFileSync } = builtin("node:child_process");
  process.stderr.write("caido-auth: first run from a source folder: building dist/…\n");
  execFileSync(process.execPath, [join(__dirname, "..", "scripts", "prepare.mjs")], {
    cwd: join(__dirname, ".."),
    stdio: ["ignore", 2, 2],
  });
  programStat = statProgram();
}
const cachesOff = Boolean(process.env.NODE_DISABLE_COMPILE_CACHE);
const cacheDir = cachesOff ? undefined : privateCacheDir();
if (cacheDir !== undefined) runFromCodeCache(program, programStat, cacheDir);
else {
  if (!cachesOff) enableCompileCache(undefined); // NODE_COMPILE_CACHE's folder, if it names one
  require(program);
}
