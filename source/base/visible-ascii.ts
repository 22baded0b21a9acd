// What a token, a PAT, a typed user code or an OSC 8 link target may hold: visible ASCII with no
// space (0x21-0x7e). An HTTP header carries it as it is, and nothing in it can end a terminal
// sequence. One rule for every place that takes such a value in.
// A loop, not /^[\x21-\x7e]+$/: V8 compiles a pattern on its first use in each process, and
// every `caido-auth token` checks its stored token once.

/** Non-empty, and only visible ASCII characters (no space, no control, nothing beyond 0x7e). */
export function isVisibleAscii(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}
