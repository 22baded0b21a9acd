// Every `token` reads config.json whole and parses it: with a thousand stored instances that is
// ~2 ms of a ~20 ms call (the store must not make every call slower as it grows). So
// past INDEX_MIN_BYTES, bin.cjs keeps config-index.json beside it: the default, each session's
// URL, alias and place in the file, for exactly one state of config.json (device, inode, size,
// modification and change times). While config.json is in that state, a call reads the index
// and the one session it needs; any other state, or an index in doubt, and it reads the whole
// file as before (and writes the index again). Nothing secret is in it; the store never reads it.
import {
  closeSync,
  constants,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { objectMembers } from "./json-members.js";
import { ALIAS_MAX } from "./session-check.js";

export const INDEX_FILE_NAME = "config-index.json";
/** Below this, reading the index costs about what reading config.json does. */
export const INDEX_MIN_BYTES = 64 * 1024;
/**
 * On a file system whose times are whole seconds (FAT keeps two), a change within the same
 * second could leave the state as it was: there, only a file unchanged this long is indexed.
 */
const SETTLED_MS = 2_000;
const coarse = (stat: Stats) => stat.mtimeMs % 1000 === 0 && stat.ctimeMs % 1000 === 0;

interface FileState {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * Where a stored session is in config.json: from its key's opening quote to the byte after its
 * value. The key is read back with the value: the span can only ever give that URL's session.
 */
export type Span = [start: number, end: number];

/**
 * Looked up by key, never walked: JSON.parse of the index is the only cost that grows with the
 * number of instances. Keys are own properties (built with Object.fromEntries, read with
 * Object.hasOwn): "__proto__" is a key like any other.
 */
export interface ConfigIndex {
  version: 1;
  file: FileState;
  defaultInstance: unknown;
  count: number;
  /** Each alias a name can match (a string of at most ALIAS_MAX), to the first URL that has it. */
  aliases: Record<string, string>;
  sessions: Record<string, Span>;
}

const stateOf = ({ dev, ino, size, mtimeMs, ctimeMs }: Stats): FileState => ({
  dev,
  ino,
  size,
  mtimeMs,
  ctimeMs,
});

const sameState = (a: FileState, b: FileState) =>
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeMs === b.mtimeMs &&
  a.ctimeMs === b.ctimeMs;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The index made for config.json in the state `stat` gives; undefined when there is none. */
export function loadIndex(dir: string, stat: Stats): ConfigIndex | undefined {
  let index: ConfigIndex;
  try {
    const fd = openSync(join(dir, INDEX_FILE_NAME), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      index = JSON.parse(readFileSync(fd, "utf8"));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined; // missing, unreadable or not JSON: config.json is read whole
  }
  if (!isRecord(index) || index.version !== 1 || !isRecord(index.file)) return undefined;
  if (!sameState(index.file, stateOf(stat))) return undefined;
  if (!isRecord(index.aliases) || !isRecord(index.sessions) || !Number.isSafeInteger(index.count))
    return undefined;
  return index;
}

/** The URL stored under `alias`, from the index. */
export function indexedAlias(index: ConfigIndex, alias: string): string | undefined {
  const url = Object.hasOwn(index.aliases, alias) ? index.aliases[alias] : undefined;
  return typeof url === "string" && Object.hasOwn(index.sessions, url) ? url : undefined;
}

/** Where the session stored for `url` is, or undefined when the index has none (or a bad one). */
export function indexedSpan(index: ConfigIndex, url: string, size: number): Span | undefined {
  const span = Object.hasOwn(index.sessions, url) ? index.sessions[url] : undefined;
  if (!Array.isArray(span) || span.length !== 2) return undefined;
  const [start, end] = span;
  const fits = Number.isSafeInteger(start) && Number.isSafeInteger(end);
  return fits && 0 <= start && start < end && end <= size ? span : undefined;
}

/**
 * The session stored for `url`, read at `span` from config.json's descriptor alone. Undefined
 * when the bytes there are not exactly that URL's member (a file that changed unseen).
 */
export function readSpan(fd: number, [start, end]: Span, url: string): unknown {
  const bytes = Buffer.allocUnsafe(end - start);
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, start + done);
    if (n === 0) return undefined;
    done += n;
  }
  let member: Record<string, unknown>;
  try {
    member = JSON.parse(`{${bytes.toString("utf8")}}`);
  } catch {
    return undefined;
  }
  const keys = Object.keys(member);
  return keys.length === 1 && keys[0] === url ? member[url] : undefined;
}

/**
 * Writes the index of config.json as `bytes` (read in the state `stat` gives, and parsed as
 * `sessions` and `defaultInstance`). Quietly nothing when it cannot: it is only a shortcut.
 */
export function saveIndex(
  dir: string,
  stat: Stats,
  bytes: Uint8Array,
  config: { defaultInstance?: unknown; sessions: Record<string, unknown> },
): void {
  if (stat.size < INDEX_MIN_BYTES) return;
  if (coarse(stat) && Date.now() - stat.ctimeMs < SETTLED_MS) return;
  const sessionsAt = objectMembers(bytes, 0)?.filter((member) => member.key === "sessions");
  if (sessionsAt?.length !== 1) return;
  const members = objectMembers(bytes, (sessionsAt[0] as { start: number }).start);
  const urls = Object.keys(config.sessions);
  // A repeated key: JSON.parse kept the last one, and so would have to the index. Not worth it.
  if (!members || members.length !== urls.length) return;
  const at = new Map(members.map((member) => [member.key, member]));
  const aliases = new Map<string, string>();
  const spans: [string, Span][] = [];
  for (const url of urls) {
    const member = at.get(url);
    if (!member) return;
    spans.push([url, [member.keyStart, member.end]]);
    const session = config.sessions[url] as { alias?: unknown } | null;
    const alias = typeof session === "object" ? session?.alias : undefined;
    // The first session with it wins, as names resolve in the parsed object's order (stored.ts).
    if (typeof alias === "string" && alias.length <= ALIAS_MAX && !aliases.has(alias))
      aliases.set(alias, url);
  }
  const index: ConfigIndex = {
    version: 1,
    file: stateOf(stat),
    defaultInstance: config.defaultInstance,
    count: urls.length,
    aliases: Object.fromEntries(aliases),
    sessions: Object.fromEntries(spans),
  };
  const file = join(dir, INDEX_FILE_NAME);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(index), { flag: "wx", mode: 0o600 });
    renameSync(temp, file);
  } catch {
    try {
      unlinkSync(temp);
    } catch {}
  }
}
