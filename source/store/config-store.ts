// Read-modify-write of config.json, always under the config lock, so parallel writers never
// lose each other's sessions; each write goes to a temporary file renamed over config.json.
// Not conf any more: its writes follow a symbolic link and cannot use space reserved before a
// refresh. The format stays the one conf wrote.
import { lstatSync, renameSync, type Stats } from "node:fs";
import {
  checkDir,
  checkOwner,
  ioFailure,
  readOwnFile,
  StorageError,
  symlinkRefused,
} from "./files.js";
import { type ConfigData, emptyConfig } from "./format.js";
import { acquireLock, type HeldLock, type LockOptions, withLock } from "./lock.js";
import { configFile, configLockPath } from "./paths.js";
import { BrokenConfigError, readConfig } from "./read.js";
import { ReservedFile } from "./reserved-file.js";
import { serialiseConfig, TOKEN_MAX } from "./session-check.js";

/** Room for a refreshed session beyond the current file: two tokens at their longest, and more. */
const RESERVE_MARGIN = 2 * TOKEN_MAX + 4096;

/**
 * What a save after a refresh needs, made before the refresh: the config lock, held until the
 * save (no wait for it, and nobody else's write, once the old refresh token is spent), the
 * config as read under it, and the new file's space.
 */
export class Reservation {
  constructor(
    readonly lock: HeldLock,
    readonly data: ConfigData,
    readonly file: ReservedFile,
  ) {}

  /** Gives the space and the lock back (the file stays once update() has used it). */
  discard(): void {
    this.file.discard();
    this.lock.release();
  }
}

export interface UpdateOptions {
  /** Move an unreadable file aside (with a warning) instead of stopping. Only for login. */
  moveBroken?: boolean;
  /** Made beforehand (reserve()): its lock and data are used, the new file written in its space. */
  reservation?: Reservation;
  /** Waiting for the config lock (tests shorten it). */
  lock?: LockOptions;
}

export class ConfigStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.file = configFile(dir);
  }

  /** The current config; an empty one when there is no file. */
  read(): ConfigData {
    return readConfig(this.dir, this.warn) ?? emptyConfig();
  }

  /**
   * Everything a save needs, checked before anything is asked of an instance or the cloud (a
   * login's approval, a refresh's rotation): the directory (created if missing) is a directory
   * of ours, config.json is not a link nor another user's, the config lock can be taken, and a
   * file can be created there and renamed over config.json (config.json is rewritten as it is:
   * an immutable file or a read-only mount shows now, not after the refresh token is spent).
   * Throws StorageError naming the path and the cause.
   */
  async checkWritable(lock: LockOptions = {}): Promise<void> {
    this.ensureDir();
    this.checkFile();
    ReservedFile.create(this.file, 1, false).discard();
    await withLock(configLockPath(this.dir), async () => this.rewriteAsItIs(), lock);
  }

  private rewriteAsItIs(): void {
    const read = readOwnFile(this.file, this.warn);
    if (read === undefined || "error" in read) return; // nothing there yet, or read() will say
    ReservedFile.create(this.file, Buffer.byteLength(read.text)).commit(
      read.text,
      this.file,
      false,
    );
  }

  /**
   * checkWritable, keeping the config lock, with the config read under it and a temporary file
   * as large as config.json will be after a refresh: saving the rotated pair then needs no lock,
   * no read and no new space. Hold it briefly (one request); pass it to update() or discard() it.
   */
  async reserve(lock: LockOptions = {}): Promise<Reservation> {
    this.ensureDir();
    this.checkFile();
    const held = await acquireLock(configLockPath(this.dir), lock);
    try {
      const data = this.read();
      this.rewriteAsItIs();
      const file = ReservedFile.create(this.file, this.size() + RESERVE_MARGIN);
      return new Reservation(held, data, file);
    } catch (error) {
      held.release();
      throw error;
    }
  }

  async update<T>(change: (data: ConfigData) => T, options: UpdateOptions = {}): Promise<T> {
    const reserved = options.reservation;
    if (reserved) {
      try {
        const result = change(reserved.data);
        reserved.file.commit(serialiseConfig(reserved.data), this.file);
        return result;
      } finally {
        reserved.discard();
      }
    }
    this.ensureDir();
    return withLock(
      configLockPath(this.dir),
      async () => {
        const data = this.readOrMoveAside(options.moveBroken ?? false);
        const result = change(data);
        this.write(serialiseConfig(data));
        return result;
      },
      options.lock,
    );
  }

  private ensureDir(): void {
    checkDir(this.dir, this.warn, { create: true });
  }

  /** config.json, when there is one, is a regular file of ours (never followed if a link). */
  private checkFile(): void {
    let st: Stats;
    try {
      st = lstatSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw ioFailure(`check ${this.file}`, error);
    }
    if (st.isSymbolicLink()) throw symlinkRefused(this.file);
    checkOwner(this.file, st.uid);
    if (!st.isFile()) {
      throw new StorageError(`${this.file} is not a regular file.`, "Move it aside, then retry.");
    }
  }

  private size(): number {
    try {
      return lstatSync(this.file).size;
    } catch {
      return 0;
    }
  }

  private readOrMoveAside(moveBroken: boolean): ConfigData {
    try {
      return this.read();
    } catch (error) {
      if (!(error instanceof BrokenConfigError) || !moveBroken) throw error;
      const aside = `${this.file}.broken-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      try {
        renameSync(this.file, aside);
      } catch (renameError) {
        throw ioFailure(`move ${this.file} aside`, renameError);
      }
      this.warn(
        `${this.file} was unreadable (${error.problem}); kept it as ${aside} and started a new one.`,
      );
      return emptyConfig();
    }
  }

  private write(text: string): void {
    ReservedFile.create(this.file, Buffer.byteLength(text)).commit(text, this.file);
  }
}
