// Cross-process locks: a file created atomically with its holder inside (pid, boot id, process
// start time, pid namespace), so a waiter can tell at once that a holder was killed instead of
// waiting for the lock to turn stale. A holder on another machine or in another pid
// namespace cannot be checked: its lock turns stale after STALE_MS without its heartbeat, as
// before. A lock that cannot be taken for any reason but another holder fails at once.
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  type FSWatcher,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  type Stats,
  unlinkSync,
  utimesSync,
  watch,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { CaidoAuthError, CancelledError } from "../base/errors.js";
import { ioFailure, StorageError } from "./files.js";

const STALE_MS = 5_000;
const WAIT_MS = 30_000;
/** A takeover is held for a few system calls: one this old was left by a killed process. */
const TAKEOVER_STALE_MS = 2_000;

export interface LockOptions {
  /** How long to wait for another holder before giving up (default 30 s). */
  waitMs?: number;
  /** A lock whose holder cannot be checked is taken over after this long without a heartbeat. */
  staleMs?: number;
  /** Aborts the wait (not the work) with CancelledError. */
  signal?: AbortSignal;
}

/** What the work gets: a way to make sure, before a step that cannot be undone, that the lock is still ours. */
export interface HeldLock {
  readonly path: string;
  /** Throws unless the lock file is still the one this process created. */
  check(): void;
  /** Removes the lock if it is still ours (once; later calls do nothing). */
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  boot?: string;
  pidns?: string;
  start?: string;
  at: string;
  /** Tells this lock from a later one that got the same inode number. */
  nonce?: string;
}

/** One refresh lock per instance, so refreshes of different instances never wait on each other. */
export function refreshLockPath(dir: string, instanceUrl: string): string {
  const id = createHash("sha256").update(instanceUrl).digest("hex").slice(0, 16);
  return join(dir, `refresh-${id}.lock`);
}

const tryRead = (read: () => string): string | undefined => {
  try {
    return read().trim();
  } catch {
    return undefined;
  }
};

/** The process start time in clock ticks since boot (field 22 of /proc/PID/stat). */
function startTime(pid: number): string | undefined {
  const stat = tryRead(() => readFileSync(`/proc/${pid}/stat`, "utf8"));
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

let self: Holder | undefined;
function me(): Holder {
  self ??= {
    pid: process.pid,
    host: hostname(),
    boot: tryRead(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8")),
    pidns: tryRead(() => readlinkSync("/proc/self/ns/pid")),
    start: startTime(process.pid),
    at: "",
  };
  return { ...self, at: new Date().toISOString() };
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Holder;
    return Number.isInteger(h?.pid) && h.pid > 0 && typeof h.host === "string" ? h : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

/** A lock judged dead, as it was seen: removed only if it is still exactly that. */
interface Dead {
  state: "dead";
  ino: number;
  dir: boolean;
  /** The file's content, or the directory's mtime. */
  seen: string;
}

type Verdict = { state: "gone" } | Dead | { state: "held"; by: string };

/** Whether the lock at `path` is held by a live process, and by whom. */
function judge(path: string, staleMs: number): Verdict {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "gone" };
    throw ioFailure(`check the lock ${path}`, error);
  }
  const stale = Date.now() - st.mtimeMs > staleMs;
  if (st.isDirectory()) {
    // An older caido-auth (proper-lockfile) locks with a directory and a heartbeat on its mtime.
    return stale
      ? { state: "dead", ino: st.ino, dir: true, seen: String(st.mtimeMs) }
      : { state: "held", by: "an older caido-auth" };
  }
  if (!st.isFile()) {
    throw new StorageError(
      `${path} is not a lock caido-auth made (a ${st.isSymbolicLink() ? "symbolic link" : "special file"}).`,
      "Remove it, then retry.",
    );
  }
  const text = tryRead(() => readFileSync(path, "utf8"));
  if (text === undefined) return { state: "gone" };
  const dead: Dead = { state: "dead", ino: st.ino, dir: false, seen: text };
  const holder = parseHolder(text);
  if (!holder) {
    // Written atomically with its holder, so this is a stray file: once it is old, it is in the way.
    return stale ? dead : { state: "held", by: "an unknown process" };
  }
  const here = me();
  const by = `process ${holder.pid}${holder.host === here.host ? "" : ` on ${holder.host}`} since ${holder.at}`;
  if (holder.host === here.host && holder.boot && here.boot) {
    if (holder.boot !== here.boot) return dead; // rebooted since
    if (holder.pidns && holder.pidns === here.pidns) {
      const alive =
        pidAlive(holder.pid) &&
        (holder.start === undefined || startTime(holder.pid) === holder.start);
      return alive ? { state: "held", by } : dead;
    }
  }
  return stale ? dead : { state: "held", by };
}

/** True when the lock at `path` is still exactly what was judged dead (same inode, same content). */
function unchanged(path: string, dead: Dead): boolean {
  const now = tryStat(path);
  if (now?.ino !== dead.ino) return false;
  if (dead.dir) return String(now.mtimeMs) === dead.seen;
  return tryRead(() => readFileSync(path, "utf8")) === dead.seen;
}

/** A holder file, linked to the lock's path to take it. */
function prepareLockFile(path: string): string {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const holder: Holder = { ...me(), nonce: randomBytes(8).toString("hex") };
  try {
    writeFileSync(temp, JSON.stringify(holder), { flag: "wx", mode: 0o600 });
  } catch (error) {
    throw ioFailure(`create the lock ${path}`, error);
  }
  return temp;
}

/** Puts the holder file `temp` at `path` in one step (it never exists half-written); false when taken. */
function link(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS")
      return createExclusive(path, readFileSync(temp, "utf8"));
    throw ioFailure(`create the lock ${path}`, error);
  }
}

function createAtomically(path: string): boolean {
  const temp = prepareLockFile(path);
  try {
    return link(temp, path);
  } finally {
    unlinkQuietly(temp);
  }
}

/** For file systems without hard links: exclusive create, then the holder. */
function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw ioFailure(`create the lock ${path}`, error);
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes a dead holder's lock, under a short takeover lock so two waiters never both do. */
function takeOver(path: string, dead: Dead): void {
  const takeover = `${path}.takeover`;
  if (!createAtomically(takeover)) {
    // Held for a few system calls; judged like any lock (its holder's pid, else its age).
    const verdict = judge(takeover, TAKEOVER_STALE_MS);
    if (verdict.state === "dead" && unchanged(takeover, verdict)) unlinkQuietly(takeover);
    return;
  }
  try {
    // Released, or taken over, meanwhile: a new lock may even have the same inode number.
    if (!unchanged(path, dead)) return;
    try {
      if (dead.dir) rmdirSync(path);
      else unlinkSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST") {
        throw new StorageError(
          `${path} is in the way of caido-auth's lock (a directory that is not empty).`,
          "Remove it, then retry.",
        );
      }
      if (code !== "ENOENT") throw ioFailure(`remove the dead lock ${path}`, error);
    }
  } finally {
    unlinkQuietly(takeover);
  }
}

function tryStat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}

/**
 * Sleeps up to `ms`, waking early when something changes in the lock's directory (the holder
 * saved config.json, or released the lock): at the hour's turn, dozens of waiters then take the
 * new token the moment it is stored. Without inotify (an exhausted limit, a network file
 * system) it is only the timer.
 */
class Waker {
  private watcher?: FSWatcher;
  private wake?: () => void;
  private failed = false;
  /** A change seen while nobody slept: the next sleep ends at once. */
  private changed = false;

  constructor(private readonly dir: string) {}

  sleep(ms: number): Promise<void> {
    this.start();
    if (this.changed) {
      this.changed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fire(false), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    this.watcher?.close();
  }

  private fire(change: boolean): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) wake();
    else if (change) this.changed = true;
  }

  private start(): void {
    if (this.watcher || this.failed) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.fire(true));
      this.watcher.on("error", () => this.close());
    } catch {
      this.failed = true;
    }
  }
}

/** Takes the lock at `path` (in an existing directory); the caller must release() it. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  return (await takeOrSkip(path, options, () => undefined)) as HeldLock;
}

/** What ends the wait without the lock: a value other than undefined, checked while it is held. */
type Skip<T> = () => T | undefined;
const skipped = Symbol("skipped");

/** The lock, or `skip`'s value once it has one (then the lock is never taken). */
async function takeOrSkip<T>(
  path: string,
  options: LockOptions,
  skip: Skip<T>,
): Promise<HeldLock | { [skipped]: T }> {
  const staleMs = options.staleMs ?? STALE_MS;
  const waitMs = options.waitMs ?? WAIT_MS;
  const started = Date.now();
  let ino: number;
  const temp = prepareLockFile(path);
  const mine = tryRead(() => readFileSync(temp, "utf8"));
  const waker = new Waker(dirname(path));
  try {
    for (;;) {
      if (link(temp, path)) {
        ino = lstatSync(path).ino;
        break;
      }
      const verdict = judge(path, staleMs);
      if (verdict.state === "dead") {
        takeOver(path, verdict);
        continue;
      }
      if (verdict.state === "gone") continue;
      const value = skip();
      if (value !== undefined) return { [skipped]: value };
      if (Date.now() - started > waitMs) {
        throw new CaidoAuthError(
          `could not lock ${path}: held by ${verdict.by} for more than ${Math.round(waitMs / 1000)} s.`,
          1,
          "Another caido-auth is still at work (or stuck): retry, or end that process.",
        );
      }
      if (options.signal?.aborted) throw new CancelledError();
      await waker.sleep(15 + Math.random() * 45);
    }
  } finally {
    waker.close();
    unlinkQuietly(temp);
  }

  const ours = () =>
    tryStat(path)?.ino === ino && tryRead(() => readFileSync(path, "utf8")) === mine;
  // The heartbeat: holders that cannot be checked by pid (other hosts, older versions) go by it.
  const heartbeat = setInterval(() => {
    if (!ours()) return;
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {}
  }, staleMs / 5);
  heartbeat.unref();
  let released = false;
  return {
    path,
    check() {
      if (!ours())
        throw new CaidoAuthError(
          `lost the lock ${path} (another process removed it).`,
          1,
          "Try again.",
        );
    },
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (ours()) unlinkQuietly(path);
    },
  };
}

/**
 * Takes the lock at `path` (in an existing directory), runs `work`, and releases it. With
 * `skip`: while another process holds the lock, a value other than undefined from it is the
 * answer, and the work is not run (a waiter that sees the holder's result needs no lock).
 */
export async function withLock<T>(
  path: string,
  work: (lock: HeldLock) => Promise<T>,
  options: LockOptions = {},
  skip: Skip<T> = () => undefined,
): Promise<T> {
  const taken = await takeOrSkip(path, options, skip);
  if (skipped in taken) return taken[skipped];
  const lock = taken;
  try {
    // Not checked again after the work: what it did (a rotated pair saved) stands either way.
    return await work(lock);
  } finally {
    lock.release();
  }
}
