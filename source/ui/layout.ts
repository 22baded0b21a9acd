// Where the QR code goes: beside the text when the terminal is wide enough, below it when it is
// tall enough, otherwise nowhere (with a note saying what size would show it). Measured, never
// guessed: a half-drawn code is worse than none.
import type { QrSize } from "./qr.js";

/** Narrowest text column beside the code: the boxed code (23) plus room for the URL. */
export const TEXT_MIN_COLUMNS = 30;
const GAP = 2;

export interface LayoutInput {
  columns: number;
  rows: number;
  qr: QrSize | null;
  /** Lines above the code/QR block (instance line, warning). */
  headerLines: number;
  /** Lines of the text block at full width (instructions, URL, box, status). */
  textLines: number;
  /** Lines below (footer keys). */
  footerLines: number;
}

export type QrPlacement =
  | { place: "beside"; textColumns: number }
  | { place: "below" }
  | { place: "none"; need: { columns: number; rows: number } | null };

/** Ink redraws the whole screen once output reaches the last row: stay one line short. */
const SPARE_ROWS = 1;

export function placeQr(input: LayoutInput): QrPlacement {
  const { columns, rows, qr } = input;
  if (!qr) return { place: "none", need: null };
  const chrome = input.headerLines + input.footerLines + SPARE_ROWS;
  const beside = {
    columns: qr.columns + GAP + TEXT_MIN_COLUMNS,
    rows: chrome + Math.max(qr.rows, input.textLines),
  };
  if (columns >= beside.columns && rows >= beside.rows) {
    return { place: "beside", textColumns: columns - qr.columns - GAP };
  }
  if (columns >= qr.columns && rows >= chrome + input.textLines + qr.rows)
    return { place: "below" };
  return { place: "none", need: beside };
}

export const QR_GAP = GAP;
