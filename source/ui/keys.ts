// Keys from a terminal in raw mode: printable characters, Esc and Ctrl+C. Arrow keys, function
// keys, Alt+key and terminal replies also start with ESC but are not Esc: each is read whole and
// yields nothing. An ESC that ends what has arrived may be a sequence whose rest is on its way:
// it is held a moment before it counts as Esc.
import { StringDecoder } from "node:string_decoder";

export type Key = "escape" | "ctrl-c" | (string & {});

const ESC = "\x1b";
/** How long an ESC alone waits for the rest of a sequence. */
export const ESC_WAIT_MS = 50;
/** Longest sequence held waiting for its end: a flood of bytes is not kept. */
const PENDING_MAX = 256;

type Scan = { end: number } | "pending" | undefined;

/** CSI: parameter and intermediate bytes, then a final byte (also ESC [ [ A: the Linux console). */
function csi(input: string, start: number): Scan {
  for (let i = start; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x20 && c <= 0x3f) continue;
    if (c === 0x5b && i === start) continue;
    if (c >= 0x40 && c <= 0x7e) return { end: i + 1 };
    return { end: i };
  }
  return "pending";
}

/** OSC, DCS, APC, PM: up to BEL or ST. */
function stringSequence(input: string, start: number): Scan {
  for (let i = start; i < input.length; i++) {
    if (input[i] === "\x07") return { end: i + 1 };
    if (input[i] === ESC && input[i + 1] === "\\") return { end: i + 2 };
    if (input[i] === ESC && i + 1 === input.length) return "pending";
  }
  return "pending";
}

/** The escape sequence starting at input[at] (an ESC): where it ends, or that it has not yet. */
function sequence(input: string, at: number): Scan {
  const kind = input[at + 1];
  if (kind === undefined) return "pending";
  if (kind === "[") return csi(input, at + 2);
  if (kind === "O") return at + 2 < input.length ? { end: at + 3 } : "pending";
  if ("]P_^".includes(kind)) return stringSequence(input, at + 2);
  return undefined;
}

export class KeyParser {
  #pending = "";

  /** The keys in this chunk; a sequence still incomplete is held for the next one. */
  push(chunk: string): Key[] {
    const input = this.#pending + chunk;
    this.#pending = "";
    const keys: Key[] = [];
    let i = 0;
    while (i < input.length) {
      const char = String.fromCodePoint(input.codePointAt(i)!);
      if (char !== ESC) {
        if (char === "\x03") keys.push("ctrl-c");
        else if (char >= " " && char !== "\x7f" && !(char >= "\x80" && char <= "\x9f"))
          keys.push(char);
        i += char.length;
        continue;
      }
      const next = input[i + 1];
      // ESC ESC: Esc, unless the second one starts a sequence (Alt with an arrow key).
      const alt = next === ESC && (input[i + 2] === "[" || input[i + 2] === "O");
      if (next === ESC && !alt) {
        keys.push("escape");
        i += 1;
        continue;
      }
      const scan = sequence(input, alt ? i + 1 : i);
      if (scan === "pending") {
        const rest = input.slice(i);
        if (rest.length <= PENDING_MAX) this.#pending = rest;
        break;
      }
      // A sequence, read whole; otherwise Alt with a key, which is not that key.
      i = scan ? scan.end : i + 1 + String.fromCodePoint(input.codePointAt(i + 1)!).length;
    }
    return keys;
  }

  /** Something is held: an ESC alone, or a sequence not yet ended. */
  get pending(): boolean {
    return this.#pending !== "";
  }

  /** Nothing more came: an ESC alone was Esc; a sequence cut short is dropped. */
  flush(): Key[] {
    const held = this.#pending;
    this.#pending = "";
    return held === ESC ? ["escape"] : [];
  }
}

/**
 * Reads keys from the terminal in raw mode (no echo, Ctrl+C a key, not a signal) until the
 * returned stop runs; stop turns raw mode off and lets the process end without more input.
 */
export function listenForKeys(stdin: NodeJS.ReadStream, onKey: (key: Key) => void): () => void {
  const parser = new KeyParser();
  const decoder = new StringDecoder("utf8");
  let timer: NodeJS.Timeout | undefined;
  const keys = (list: Key[]) => {
    for (const key of list) onKey(key);
  };
  const onData = (chunk: Buffer | string) => {
    clearTimeout(timer);
    keys(parser.push(typeof chunk === "string" ? chunk : decoder.write(chunk)));
    if (parser.pending) timer = setTimeout(() => keys(parser.flush()), ESC_WAIT_MS);
  };
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.on("data", onData);
  stdin.resume();
  return () => {
    clearTimeout(timer);
    stdin.off("data", onData);
    stdin.pause();
    if (stdin.isTTY) stdin.setRawMode(false);
  };
}
