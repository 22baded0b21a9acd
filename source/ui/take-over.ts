// Ink takes the place of the text printed before it loaded (the first frame, or the plain
// preview) without a blank moment: its first frame is drawn over those rows in the same
// write, line by line, each line's leftover cleared after it, and whatever is left below
// cleared last. Erasing first and drawing next would flash an empty screen in between. The
// first frame's QR code and keys go over its early lines the same way.
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

/**
 * Until Ink writes its first frame (the first write with a line break: the cursor and sync
 * sequences come before it), turns that write into drawnOver(frame). Returns the restore,
 * for when Ink never writes one.
 */
export function drawFirstFrameOver(stream: NodeJS.WriteStream, rows: number): () => void {
  if (rows <= 0) return () => {};
  const own = Object.getOwnPropertyDescriptor(stream, "write");
  const write = stream.write;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (own) Object.defineProperty(stream, "write", own);
    else delete (stream as { write?: unknown }).write;
  };
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string" && chunk.includes("\n")) {
      restore();
      chunk = drawnOver(chunk, rows, stream.columns || 80);
    }
    return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
  }) as typeof stream.write;
  return restore;
}
