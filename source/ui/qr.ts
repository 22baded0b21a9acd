// The QR code of the verification URL as terminal lines. The one place that knows the encoder
// (qr-encode.ts), so it can be swapped without touching the screen.
//
// Two modules per character cell (half blocks), dark modules inked. With colour the cells are
// pinned to black ink on white paper (256-colour cube entries 16 and 231, which themes do not
// remap), so the code scans on dark and light themes alike; the quiet zone is drawn as white
// paper too. Without colour the ink follows the theme and would be inverted on dark themes,
// so the screen shows a note instead (see qrUnavailableReason).
import { encodeQr, qrModules } from "./qr-encode.js";

/** Light modules around the code; scanners need a clear margin to find the finder patterns. */
export const QUIET_ZONE = 2;
/** Longest text encoded: its code would already be wider than most terminals. */
export const QR_TEXT_MAX = 512;

const PAPER = "\x1b[38;5;16;48;5;231m";
const RESET = "\x1b[0m";

export interface QrSize {
  columns: number;
  rows: number;
}

// The screen is laid out every second (countdown, spinner) but the URL rarely changes: encoding
// (all eight masks tried) costs more than the rest of a frame, so keep the last result.
let cached: { text: string; matrix: boolean[][] | null } | undefined;

/** Dark (true) / light modules, or null when the text cannot be encoded (non-ASCII, too long). */
export function qrMatrix(text: string): boolean[][] | null {
  if (cached?.text !== text) cached = { text, matrix: encode(text) };
  return cached.matrix;
}

/** The encoder takes the text: short enough, and ASCII (it writes char codes as bytes). */
const encodable = (text: string) => text.length <= QR_TEXT_MAX && /^[\x20-\x7e]+$/.test(text);

function encode(text: string): boolean[][] | null {
  // Bounded first: the encoder tries every version with the whole text, and holds it all.
  if (!encodable(text)) return null;
  try {
    return encodeQr(text);
  } catch {
    return null;
  }
}

function cell(top: boolean, bottom: boolean): string {
  if (top && bottom) return "█";
  if (top) return "▀";
  if (bottom) return "▄";
  return " ";
}

/**
 * Rows of half blocks, two modules a cell, the quiet zone light around them (and one more
 * light row under an odd count). Indexed, not spread: the first frame draws it cold.
 */
function halfBlocks(matrix: boolean[][]): string[] {
  const n = matrix.length;
  const side = n + 2 * QUIET_ZONE;
  const dark = (r: number, c: number) =>
    r >= QUIET_ZONE && r < n + QUIET_ZONE && c >= QUIET_ZONE && c < n + QUIET_ZONE
      ? matrix[r - QUIET_ZONE]![c - QUIET_ZONE]!
      : false;
  const lines: string[] = [];
  for (let r = 0; r < side; r += 2) {
    let line = "";
    for (let c = 0; c < side; c++) line += cell(dark(r, c), dark(r + 1, c));
    lines.push(line);
  }
  return lines;
}

// The screen is laid out again for every frame (each second): the rows are kept with the matrix.
let drawn: { matrix: boolean[][]; lines: string[] } | undefined;

/** Lines of the QR code (quiet zone included), or null when it cannot be drawn. */
export function renderQr(text: string, options: { color: boolean }): string[] | null {
  const matrix = qrMatrix(text);
  if (!matrix) return null;
  if (drawn?.matrix !== matrix) drawn = { matrix, lines: halfBlocks(matrix) };
  return options.color ? drawn.lines.map((line) => `${PAPER}${line}${RESET}`) : [...drawn.lines];
}

/**
 * Terminal cells the drawn code takes, or null when it cannot be drawn. Known from the text's
 * length alone: the layout is decided before the code is encoded.
 */
export function qrSize(text: string): QrSize | null {
  if (!encodable(text)) return null;
  const side = qrModules(text.length) + 2 * QUIET_ZONE;
  return { columns: side, rows: Math.ceil(side / 2) };
}
