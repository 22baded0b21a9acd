// A server-provided string must never steer the terminal: escapes (OSC titles, OSC 52
// clipboard writes, cursor moves that erase a warning), bidi overrides that disguise a host,
// and sheer length all stop here. Every mode that prints a server string passes it through.

/** The length safeText keeps by default: a long verification URL fits, a flood does not. */
export const SAFE_TEXT_MAX = 512;

// C0 and C1 controls and DEL; format characters (bidi embeddings, overrides and isolates,
// zero-width spaces, soft hyphen, BOM, tag characters); line and paragraph separators; lone
// surrogates. The zero-width joiner is kept: emoji sequences need it and it moves nothing.
// Built when first needed: V8 builds a class of Unicode properties when the expression runs,
// a measurable part of a `token` call that loads this module and prints no server string.
let unsafePattern: RegExp | undefined;
function isUnsafe(char: string): boolean {
  unsafePattern ??= /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
  return unsafePattern.test(char);
}
const ZWJ = 0x200d;
const NAMED: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r" };

function hex(codePoint: number, digits: number): string {
  return codePoint.toString(16).padStart(digits, "0");
}

/** The visible stand-in for one unsafe code point: \x1b, \n, \u202e, \u{e0041}. */
function escaped(codePoint: number): string {
  const named = NAMED[codePoint];
  if (named) return named;
  if (codePoint <= 0xff) return `\\x${hex(codePoint, 2)}`;
  if (codePoint <= 0xffff) return `\\u${hex(codePoint, 4)}`;
  return `\\u{${hex(codePoint, 1)}}`;
}

/**
 * The string with every terminal-dangerous code point shown as a visible escape (ESC → `\x1b`,
 * newline → `\n`, U+202E → `\u202e`) and cut to at most `maxLength` code points, ending in "…"
 * when cut. An escape is never split. Reads only as much of `value` as it keeps, so a
 * 200 KB answer costs no more than a short one. Never returns a control character.
 */
export function safeText(value: string, maxLength = SAFE_TEXT_MAX): string {
  const limit = Math.max(1, Math.floor(maxLength));
  let out = "";
  let length = 0;
  for (let index = 0; index < value.length; ) {
    const codePoint = value.codePointAt(index)!;
    const char = String.fromCodePoint(codePoint);
    index += char.length;
    const unsafe = codePoint !== ZWJ && isUnsafe(char);
    const piece = unsafe ? escaped(codePoint) : char;
    const pieceLength = unsafe ? piece.length : 1;
    // Keep one place for the ellipsis unless this piece ends the string.
    const room = index === value.length ? limit : limit - 1;
    if (length + pieceLength > room) return `${out}…`;
    out += piece;
    length += pieceLength;
  }
  return out;
}

/** True when safeText would change the string other than by cutting it. */
export function hasUnsafeText(value: string): boolean {
  for (const char of value) {
    if (char.codePointAt(0) !== ZWJ && isUnsafe(char)) return true;
  }
  return false;
}
