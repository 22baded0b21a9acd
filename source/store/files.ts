// caido-auth touches only files that are its own: the config directory and
// config.json must belong to the user running it, config.json is never a symbolic link, and
// permissions are tightened only where they are ours to change; anything else is refused with
// the reason, never chmodded, written through, or reported as an "unexpected error".
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  type Stats,
  statSync,
} from "node:fs";
import { CaidoAuthError } from "../base/errors.js";

/** Exit 1: the config directory or a file in it cannot be used; the message names it and why. */
export class StorageError extends CaidoAuthError {
  override name = "StorageError";
  constructor(
    message: string,
    hint: string,
    readonly code?: string,
  ) {
    super(message, 1, hint);
  }
}

const OTHER_DIR = "Or set CAIDO_AUTH_CONFIG_DIR to a directory of your own (mkdir -m 700 DIR).";

const CAUSES: Record<string, [string, string]> = {
  EROFS: [
    "the file system is read-only",
    "Make it writable, or point CAIDO_AUTH_CONFIG_DIR elsewhere.",
  ],
  EACCES: ["permission denied", "Check the owner and mode of the directory (ls -ld)."],
  EPERM: ["operation not permitted", "Check the owner and mode of the directory (ls -ld)."],
  ENOSPC: ["no space left on the device", "Free some space, then retry."],
  EDQUOT: ["the disk quota is exhausted", "Free some space, then retry."],
  ENOTDIR: [
    "a part of the path is a file, not a directory",
    "Move that file aside, or set CAIDO_AUTH_CONFIG_DIR.",
  ],
  ENOENT: ["the directory does not exist", "Log in first, or check CAIDO_AUTH_CONFIG_DIR."],
  EISDIR: ["it is a directory", "Move it aside."],
  ELOOP: ["it is a symbolic link", "Replace the link with a regular file."],
};

/** A file-system failure as one line with its cause (errno code and words) and what to do. */
export function ioFailure(doing: string, error: unknown): StorageError {
  const code = (error as NodeJS.ErrnoException)?.code ?? "";
  const [cause, hint] = CAUSES[code] ?? [
    (error as Error)?.message ?? String(error),
    "Check the disk and the directory's permissions.",
  ];
  return new StorageError(`could not ${doing}: ${cause}${code ? ` (${code})` : ""}.`, hint, code);
}

/** The user running this process; undefined where there are no uids (Windows). */
const uid = (): number | undefined => process.getuid?.();

const STICKY = 0o1000;

/**
 * Checks the config directory: a directory, ours, not shared (sticky); tightens it to 0700 when
 * it is ours and looser, saying so. Returns false when it does not exist (created when asked).
 */
export function checkDir(
  dir: string,
  warn: (message: string) => void,
  options: { create?: boolean } = {},
): boolean {
  let mode: number;
  let owner: number;
  let isDir: boolean;
  try {
    const st = statSync(dir);
    ({ mode, uid: owner } = st);
    isDir = st.isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw ioFailure(`use ${dir}`, error);
    if (!options.create) return false;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (mkdirError) {
      throw ioFailure(`create the config directory ${dir}`, mkdirError);
    }
    return true;
  }
  if (!isDir) {
    throw new StorageError(
      `${dir} is a file, not a directory: caido-auth keeps its config there.`,
      `Move the file aside. ${OTHER_DIR}`,
      "ENOTDIR",
    );
  }
  const me = uid();
  if (me !== undefined && owner !== me) {
    throw new StorageError(
      `the config directory ${dir} belongs to another user (uid ${owner}); caido-auth keeps sessions only in a directory of yours.`,
      OTHER_DIR,
    );
  }
  const loose = mode & 0o077;
  if (mode & STICKY && loose) {
    throw new StorageError(
      `the config directory ${dir} is a shared directory (mode ${(mode & 0o7777).toString(8)}): others could put files in caido-auth's way, and it is not ours to tighten.`,
      OTHER_DIR,
    );
  }
  if (loose) {
    try {
      chmodSync(dir, 0o700);
    } catch (error) {
      throw ioFailure(`tighten ${dir} to mode 700`, error);
    }
    warn(`${dir} was open to others (mode ${(mode & 0o777).toString(8)}); set it to 700.`);
  }
  return true;
}

/**
 * Opens config.json without following a link, and only when it is ours: a regular file owned by
 * this user. Tightens its mode to 0600 through the open descriptor. undefined when missing. The
 * caller closes `fd`.
 */
export function openOwnFile(
  file: string,
  warn: (message: string) => void,
): { fd: number; stat: Stats } | { error: NodeJS.ErrnoException } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw symlinkRefused(file);
    return { error: error as NodeJS.ErrnoException };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    checkOwner(file, stat.uid);
    if (stat.mode & 0o077) {
      try {
        fchmodSync(fd, 0o600);
      } catch (error) {
        throw ioFailure(`tighten ${file} to mode 600`, error);
      }
      warn(
        `${file} was readable by others (mode ${(stat.mode & 0o777).toString(8)}); set it to 600.`,
      );
    }
    return { fd, stat };
  } catch (error) {
    closeSync(fd);
    if (error instanceof CaidoAuthError) throw error;
    return { error: error as NodeJS.ErrnoException };
  }
}

/** config.json's text, read as openOwnFile allows; undefined when missing. */
export function readOwnFile(
  file: string,
  warn: (message: string) => void,
): { text: string } | { error: NodeJS.ErrnoException } | undefined {
  const opened = openOwnFile(file, warn);
  if (opened === undefined || "error" in opened) return opened;
  try {
    // One call into Node's own UTF-8 reader: a loop of reads into buffers costs ~0.4 ms more
    // on the first call, 2% of a `token`.
    return { text: readFileSync(opened.fd, "utf8") };
  } catch (error) {
    return { error: error as NodeJS.ErrnoException };
  } finally {
    closeSync(opened.fd);
  }
}

export function checkOwner(file: string, owner: number): void {
  const me = uid();
  if (me !== undefined && owner !== me) {
    throw new StorageError(
      `${file} belongs to another user (uid ${owner}); caido-auth reads and writes only its own files.`,
      "Run caido-auth as that user, or set CAIDO_AUTH_CONFIG_DIR to a directory of your own.",
    );
  }
}

export function symlinkRefused(file: string): StorageError {
  return new StorageError(
    `${file} is a symbolic link; caido-auth never reads or writes its config through a link.`,
    `Replace the link with the file itself (cp --remove-destination "$(readlink -f ${file})" ${file}), or set CAIDO_AUTH_CONFIG_DIR to where the file is.`,
    "ELOOP",
  );
}
