// The QR code of the verification URL as terminal lines. The one place that knows the encoder,
// so it can be swapped (e.g. for `uqr`) without touching the screen.
//
// Two modules per character cell (half blocks), dark modules inked. With colour the cells are
// pinned to black ink on white paper (256-colour cube entries 16 and 231, which themes do not
// remap), so the code scans on dark and light themes alike; the quiet zone is drawn as white
// paper too. Without colour the ink follows the theme and would be inverted on dark themes,
// so the screen shows a note instead (see qrUnavailableReason).
import QRCode from "qrcode-terminal/vendor/QRCode/index.js";

/** Light modules around the code; scanners need a clear margin to find the finder patterns. */
export const QUIET_ZONE = 2;
/** Longest text encoded: its code would already be wider than most terminals. */
export const QR_TEXT_MAX = 512;
/** Error-correction level L: a terminal does not smudge, so the smallest code wins. */
const LEVEL_L = 1;

const PAPER = "\x1b[38;5;16;48;5;231m";
const RESET = "\x1b[0m";

export interface QrSize {
  columns: number;
  rows: number;
}

// The screen redraws every second (countdown, spinner) but the URL rarely changes: encoding
// (all eight masks tried) costs more than the rest of a frame, so keep the last result.
let cached: { text: string; matrix: boolean[][] | null } | undefined;

/** Dark (true) / light modules, or null when the text cannot be encoded (non-ASCII, too long). */
export function qrMatrix(text: string): boolean[][] | null {
  if (cached?.text !== text) cached = { text, matrix: encode(text) };
  return cached.matrix;
}

function encode(text: string): boolean[][] | null {
  // Bounded first: the encoder tries every version with the whole text, and holds it all.
  if (text.length > QR_TEXT_MAX) return null;
  // The vendored encoder writes char codes as bytes: only ASCII comes out right.
  if (!/^[\x20-\x7e]+$/.test(text)) return null;
  try {
    const code = new QRCode(-1, LEVEL_L);
    code.addData(text);
    code.make();
    const n = code.getModuleCount();
    return Array.from({ length: n }, (_, r) =>
      Array.from({ length: n }, (_, c) => code.isDark(r, c)),
    );
  } catch {
    return null;
  }
}

function withQuietZone(matrix: boolean[][]): boolean[][] {
  const size = matrix.length + 2 * QUIET_ZONE;
  const blank = () => Array<boolean>(size).fill(false);
  const pad = Array<boolean>(QUIET_ZONE).fill(false);
  const rows = matrix.map((row) => [...pad, ...row, ...pad]);
  const margin = Array.from({ length: QUIET_ZONE }, blank);
  // Half blocks pair rows; an odd count gets one more light row.
  const tail = (size % 2 === 1 ? 1 : 0) + QUIET_ZONE;
  return [...margin, ...rows, ...Array.from({ length: tail }, blank)];
}

function cell(top: boolean, bottom: boolean): string {
  if (top && bottom) return "█";
  if (top) return "▀";
  if (bottom) return "▄";
  return " ";
}

/** Lines of the QR code (quiet zone included), or null when it cannot be drawn. */
export function renderQr(text: string, options: { color: boolean }): string[] | null {
  const matrix = qrMatrix(text);
  if (!matrix) return null;
  const padded = withQuietZone(matrix);
  const lines: string[] = [];
  for (let r = 0; r < padded.length; r += 2) {
    const top = padded[r]!;
    const bottom = padded[r + 1]!;
    const line = top.map((dark, c) => cell(dark, bottom[c]!)).join("");
    lines.push(options.color ? `${PAPER}${line}${RESET}` : line);
  }
  return lines;
}

/** Terminal cells the drawn code takes, or null when it cannot be drawn. */
export function qrSize(text: string): QrSize | null {
  const matrix = qrMatrix(text);
  if (!matrix) return null;
  const side = matrix.length + 2 * QUIET_ZONE;
  return { columns: side, rows: Math.ceil(side / 2) };
}
