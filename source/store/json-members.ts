// Where each member of a JSON object sits in the bytes, so that one member can later be read
// and parsed alone (config-index.ts: one session out of a thousand). Only for text JSON.parse
// has just accepted: it finds boundaries, it does not validate. Works on UTF-8 bytes (every
// byte it looks for is ASCII, and no byte of a multi-byte character is).

export interface Member {
  key: string;
  /** The key's opening quote. */
  keyStart: number;
  /** The value's first byte, and the byte after its last. */
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]
const SPACE = new Set([0x20, 0x0a, 0x0d, 0x09]);

class Overrun extends Error {}

function at(bytes: Uint8Array, i: number): number {
  const byte = bytes[i];
  if (byte === undefined) throw new Overrun();
  return byte;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && SPACE.has(bytes[i] as number)) i++;
  return i;
}

/** `i` at a string's opening quote: the byte after its closing quote. */
function stringEnd(bytes: Uint8Array, i: number): number {
  for (i++; ; i++) {
    const byte = at(bytes, i);
    if (byte === BACKSLASH) i++;
    else if (byte === QUOTE) return i + 1;
  }
}

/** `i` at a value's first byte: the byte after its last. */
function valueEnd(bytes: Uint8Array, i: number): number {
  const first = at(bytes, i);
  if (first === QUOTE) return stringEnd(bytes, i);
  if (OPENERS.has(first)) {
    let depth = 0;
    for (;;) {
      const byte = at(bytes, i);
      if (byte === QUOTE) {
        i = stringEnd(bytes, i);
        continue;
      }
      if (OPENERS.has(byte)) depth++;
      else if (CLOSERS.has(byte) && --depth === 0) return i + 1;
      i++;
    }
  }
  // A number, true, false or null: up to what follows it.
  while (i < bytes.length && bytes[i] !== COMMA && !CLOSERS.has(bytes[i] as number)) {
    if (SPACE.has(bytes[i] as number)) break;
    i++;
  }
  return i;
}

/**
 * The members of the object whose `{` is the first non-space byte at or after `start`, in the
 * order they are written (a repeated key appears twice). Undefined when that is not an object.
 */
export function objectMembers(bytes: Uint8Array, start: number): Member[] | undefined {
  try {
    let i = skipSpace(bytes, start);
    if (at(bytes, i) !== 0x7b) return undefined;
    i = skipSpace(bytes, i + 1);
    const members: Member[] = [];
    while (at(bytes, i) !== 0x7d) {
      const keyStart = i;
      const keyEnd = stringEnd(bytes, i);
      const key = JSON.parse(
        Buffer.from(bytes.buffer, bytes.byteOffset + i, keyEnd - i).toString(),
      );
      i = skipSpace(bytes, keyEnd) + 1; // past the colon
      const valueStart = skipSpace(bytes, i);
      const end = valueEnd(bytes, valueStart);
      members.push({ key, keyStart, start: valueStart, end });
      i = skipSpace(bytes, end);
      if (bytes[i] === COMMA) i = skipSpace(bytes, i + 1);
    }
    return members;
  } catch (error) {
    if (error instanceof Overrun || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
