// Where the QR code goes: beside the text when the terminal is wide enough, below it when it is
// tall enough, otherwise nowhere (with a note saying what size would show it). Measured, never
// guessed: a half-drawn code is worse than none. The link is never broken inside the column
// beside the code: too long for it, it gets a full-width line of its own above the two.
import type { QrSize } from "./qr.js";

/** Narrowest text column beside the code: the boxed code (23) and the status lines. */
export const TEXT_MIN_COLUMNS = 30;
const GAP = 2;

export interface LayoutInput {
  columns: number;
  rows: number;
  qr: QrSize | null;
  /** Lines above the code/QR block (instance line, warning), at a width when they wrap. */
  headerLines: Lines;
  /** Lines of the text block at full width, the link on one line (instructions, link, box…). */
  textLines: number;
  /** Lines below (footer keys). */
  footerLines: Lines;
  /** Cells the link takes on one line (see displayWidth). */
  linkColumns?: number;
}

/** A count of lines, or the count at a given terminal width. */
export type Lines = number | ((columns: number) => number);

const linesAt = (lines: Lines, columns: number) =>
  typeof lines === "number" ? lines : lines(columns);

export type QrPlacement =
  /** linkAbove: the instructions and the link span the terminal above the text and the code. */
  | { place: "beside"; textColumns: number; linkAbove: boolean }
  | { place: "below" }
  | { place: "none"; need: { columns: number; rows: number } | null };

/** The cursor rests on the row below the screen: one row more would push its top line away. */
const SPARE_ROWS = 1;

/** Rows the instructions and the link take above the columns when the link needs the width. */
const LINK_ABOVE_LINES = 2;

/** Rows the text and the code take side by side, with the link in or above the text column. */
function besideRows(input: LayoutInput, qr: QrSize, textColumns: number): number {
  const link = input.linkColumns ?? 0;
  if (link <= textColumns) return Math.max(qr.rows, input.textLines);
  const linkLines = Math.max(1, Math.ceil(link / input.columns));
  return LINK_ABOVE_LINES - 1 + linkLines + Math.max(qr.rows, input.textLines - LINK_ABOVE_LINES);
}

export function placeQr(input: LayoutInput): QrPlacement {
  const { columns, rows, qr } = input;
  if (!qr) return { place: "none", need: null };
  const chromeAt = (width: number) =>
    linesAt(input.headerLines, width) + linesAt(input.footerLines, width) + SPARE_ROWS;
  const chrome = chromeAt(columns);
  const textColumns = columns - qr.columns - GAP;
  const link = input.linkColumns ?? 0;
  if (textColumns >= TEXT_MIN_COLUMNS && rows >= chrome + besideRows(input, qr, textColumns)) {
    return { place: "beside", textColumns, linkAbove: link > textColumns };
  }
  const extraLinkLines = Math.max(1, Math.ceil(link / Math.max(1, columns))) - 1;
  if (columns >= qr.columns && rows >= chrome + input.textLines + extraLinkLines + qr.rows)
    return { place: "below" };
  // The smallest terminal with the code beside the text: as narrow as the column allows.
  const narrowest = { ...input, columns: qr.columns + GAP + TEXT_MIN_COLUMNS };
  return {
    place: "none",
    need: {
      columns: narrowest.columns,
      rows: chromeAt(narrowest.columns) + besideRows(narrowest, qr, TEXT_MIN_COLUMNS),
    },
  };
}

// East Asian wide and fullwidth blocks, and emoji: two cells each.
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

const range = ([from, to]: [number, number]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`;
/** Any character of the WIDE blocks; astral characters (two UTF-16 units, one code point). */
const WIDE_CHAR = new RegExp(`[${WIDE.map(range).join("")}]`, "gu");
const ASTRAL = /[\u{10000}-\u{10ffff}]/gu;

/**
 * Cells a line of text (without escape sequences) takes: two for wide characters, one for the
 * rest. Combining marks are counted as one, erring on the wide side: overcounting only moves
 * the link to its own line. Counted by the regex engine: a QR code's rows are measured too.
 */
export function displayWidth(text: string): number {
  // Below U+1100 nothing is wide and every character is one UTF-16 unit.
  if (!/[^\x00-\u10ff]/.test(text)) return text.length;
  const astral = text.match(ASTRAL)?.length ?? 0;
  const wide = text.match(WIDE_CHAR)?.length ?? 0;
  return text.length - astral + wide;
}

/** Rows a line of text takes once wrapped at word boundaries to the width, as Ink wraps it. */
export function wrappedLines(text: string, columns: number): number {
  const width = Math.max(1, columns);
  let lines = 1;
  let used = 0;
  for (const word of text.split(" ")) {
    const w = displayWidth(word);
    const needed = used === 0 ? w : used + 1 + w;
    if (needed <= width) {
      used = needed;
      continue;
    }
    // A word longer than the line is broken; the rest starts the next line.
    if (used > 0) lines += 1;
    lines += Math.max(0, Math.ceil(w / width) - 1);
    used = w % width || (w === 0 ? 0 : width);
  }
  return lines;
}

export const QR_GAP = GAP;
