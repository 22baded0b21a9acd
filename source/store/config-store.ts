// Read-modify-write of config.json, always under the config lock, so parallel writers never
// lose each other's sessions; each write goes to a temporary file renamed over config.json.
// Not conf any more: its writes follow a symbolic link and cannot use space reserved before a
// refresh (issue 8 §3, §6). The format stays the one conf wrote.
import { lstatSync, renameSync, type Stats, unlinkSync } from "node:fs";
import {
  checkDir,
  checkOwner,
  ioFailure,
  readOwnFile,
  StorageError,
  symlinkRefused,
} from "./files.js";
import { type ConfigData, emptyConfig } from "./format.js";
import { type LockOptions, prepareLockFile, withLock } from "./lock.js";
import { configFile, configLockPath } from "./paths.js";
import { BrokenConfigError, readConfig } from "./read.js";
import { ReservedFile } from "./reserved-file.js";
import { serialiseConfig, TOKEN_MAX } from "./session-check.js";

/** Room for a refreshed session beyond the current file: two tokens at their longest, and more. */
const RESERVE_MARGIN = 2 * TOKEN_MAX + 4096;

/** What a save after a refresh needs, made before the refresh: the file's space and the lock's. */
export class Reservation {
  constructor(
    readonly file: ReservedFile,
    readonly lockFile: string,
  ) {}

  /** Gives the space back (nothing happens after update() used it). */
  discard(): void {
    this.file.discard();
    try {
      unlinkSync(this.lockFile);
    } catch {}
  }
}

export interface UpdateOptions {
  /** Move an unreadable file aside (with a warning) instead of stopping. Only for login. */
  moveBroken?: boolean;
  /** Space reserved beforehand (reserve()): the new file is written there. */
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
   * checkWritable, then a temporary file as large as config.json will be after a refresh, so
   * that saving the rotated pair cannot run out of space. Pass it to update() or discard() it.
   */
  async reserve(lock: LockOptions = {}): Promise<Reservation> {
    await this.checkWritable(lock);
    const file = ReservedFile.create(this.file, this.size() + RESERVE_MARGIN);
    try {
      return new Reservation(file, prepareLockFile(configLockPath(this.dir)));
    } catch (error) {
      file.discard();
      throw error;
    }
  }

  async update<T>(change: (data: ConfigData) => T, options: UpdateOptions = {}): Promise<T> {
    try {
      this.ensureDir();
    } catch (error) {
      options.reservation?.discard();
      throw error;
    }
    return withLock(
      configLockPath(this.dir),
      async () => {
        const data = this.readOrMoveAside(options.moveBroken ?? false);
        const result = change(data);
        this.write(serialiseConfig(data), options.reservation?.file);
        return result;
      },
      { ...options.lock, prepared: options.reservation?.lockFile },
    ).finally(() => options.reservation?.discard());
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

  private write(text: string, reservation: ReservedFile | undefined): void {
    const file = reservation ?? ReservedFile.create(this.file, Buffer.byteLength(text));
    file.commit(text, this.file);
  }
}
