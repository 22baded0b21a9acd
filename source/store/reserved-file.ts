// A temporary file written in full before it is needed, so that space is known to be there:
// a refresh spends the old refresh token, and the new pair must then be saved without any step
// that could run out of space. The content is later written over the reserve in
// place, cut to its length, synced, and renamed over the target (atomic for readers).
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fsyncSync,
  ftruncateSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { ioFailure } from "./files.js";

const CHUNK = Buffer.alloc(16 * 1024, 0x20);

export class ReservedFile {
  private fd: number | undefined;
  private constructor(
    readonly path: string,
    fd: number,
    readonly size: number,
  ) {
    this.fd = fd;
  }

  /**
   * Creates `<target>.<random>.tmp` (0600, never through a link) holding `size` bytes, synced
   * unless `sync` is false (a probe that is removed at once).
   */
  static create(target: string, size: number, sync = true): ReservedFile {
    const path = join(dirname(target), `${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
    let fd: number;
    try {
      fd = openSync(
        path,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o600,
      );
    } catch (error) {
      throw ioFailure(`create a file in ${dirname(target)}`, error);
    }
    const file = new ReservedFile(path, fd, size);
    try {
      // Real bytes, not a sparse extension: only written blocks are known to exist.
      for (let written = 0; written < size; ) {
        written += writeSync(fd, CHUNK, 0, Math.min(CHUNK.length, size - written), written);
      }
      if (sync) fsyncSync(fd);
    } catch (error) {
      file.discard();
      throw ioFailure(`reserve ${size} bytes in ${dirname(target)}`, error);
    }
    return file;
  }

  /**
   * Writes `text` over the reserve and renames it over `target`, then syncs it and the
   * directory, unless `syncDir` is false (the same content rewritten: losing the rename loses nothing).
   */
  commit(text: string, target: string, syncDir = true): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error("reserved file already used");
    const bytes = Buffer.from(text, "utf8");
    try {
      for (let written = 0; written < bytes.length; ) {
        written += writeSync(fd, bytes, written, bytes.length - written, written);
      }
      ftruncateSync(fd, bytes.length);
    } catch (error) {
      this.discard();
      throw ioFailure(`write ${target}`, error);
    }
    // Renamed before it is synced: a killed process cannot lose what the page cache holds, and
    // every millisecond between a refresh's answer and this rename is a window to lose a session
    // in. Durability against power loss follows at once (ext4, btrfs also flush a file renamed
    // over another).
    this.fd = undefined;
    try {
      renameSync(this.path, target);
    } catch (error) {
      closeSync(fd);
      // The content is complete in this.path: the caller may name it as the place to recover from.
      throw ioFailure(`rename ${this.path} to ${target}`, error);
    }
    try {
      fsyncSync(fd);
    } catch {}
    closeSync(fd);
    if (syncDir) syncDirectory(dirname(target));
  }

  /** Removes the reserve (nothing happens after commit). */
  discard(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {}
    this.fd = undefined;
    try {
      unlinkSync(this.path);
    } catch {}
  }
}

/** Makes a rename durable; not every system can open a directory, and that is fine. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
