// What a token, a PAT, a typed user code or an OSC 8 link target may hold: visible ASCII with no
// space (0x21-0x7e). An HTTP header carries it as it is, and nothing in it can end a terminal
// sequence. One rule for every place that takes such a value in.
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** Non-empty, and only visible ASCII characters (no space, no control, nothing beyond 0x7e). */
export function isVisibleAscii(value: string): boolean {
  return VISIBLE_ASCII.test(value);
}
