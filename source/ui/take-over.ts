// The first frame's QR code and keys go over its early lines (the code and link, drawn first)
// without a blank moment: the whole frame is drawn over those rows in the same write, line by
// line, each line's leftover cleared after it, and whatever is left below cleared last.
// Erasing first and drawing next would flash an empty screen in between.
import { displayWidth } from "./layout.js";

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
/** Erase to the end of the line; erase to the end of the screen. */
const EL = "\x1b[K";
const ED = "\x1b[J";

/**
 * A frame drawn from the first of the `rows` rows above the cursor: up there (CPL), each line
 * that is narrower than the terminal followed by EL (a full-width one covers its row, and EL
 * after it would erase its last cell), then ED.
 */
export function drawnOver(frame: string, rows: number, columns: number): string {
  const lines = frame
    .split("\n")
    .map((line) => (displayWidth(line.replace(ANSI, "")) < columns ? `${line}${EL}` : line));
  return `\x1b[${rows}F${lines.join("\n")}${ED}`;
}
