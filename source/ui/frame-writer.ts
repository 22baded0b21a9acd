// Puts the login screen's frames on the terminal, writing only what changed since the last one:
// over a slow link, a whole frame a second is too much. It remembers what each row of the frame
// shows, the cursor resting at the start of the row below it. A line that changed gets the
// cursor moved to its first changed cell and only the changed cells written, in their pens,
// what a shorter line leaves behind erased; lines come and go at the bottom. A terminal
// narrowed under the frame reflows it into rows no longer known: then the visible screen is
// cleared and the frame drawn whole from its top, in one write (no blank moment).
import { BLANK, drawCells, parseLine, type StyledLine, sameCell } from "./styled-line.js";

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Erase the visible screen, cursor home (the scrollback is left alone). */
export const CLEAR_SCREEN = "\x1b[2J\x1b[H";
const EL = "\x1b[K";
const ED = "\x1b[J";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
// Synchronized output: a terminal that knows it shows the update at once, others ignore it.
const BEGIN_SYNC = "\x1b[?2026h";
const END_SYNC = "\x1b[?2026l";

/** Unchanged cells between two changed ones written over rather than jumped (a jump costs more). */
const JOIN_GAP = 4;

/** A row of the frame: its line, or undefined when what it shows is not known. */
type Row = StyledLine | undefined;

interface Span {
  column: number;
  text: string;
  /** Where the cursor is after the text: undefined at the right margin (it may wrap next). */
  end: number | undefined;
}

export class FrameWriter {
  readonly #write: (text: string) => void;
  #rows: Row[] = [];
  #size: TerminalSize;
  /** Rows of the frame scrolled off the top of the screen, where no cursor move reaches. */
  #lost = 0;
  #clear = false;
  #cursorHidden = false;
  /** The cursor: row of the frame, and column (undefined: not known). */
  #row = 0;
  #column: number | undefined;

  constructor(write: (text: string) => void, size: TerminalSize) {
    this.#write = write;
    this.#size = size;
  }

  /** The terminal shows these lines right above the cursor, which is at the start of a row. */
  adopt(lines: string[]): void {
    this.#rows = lines.map(parseLine);
    this.#row = lines.length;
    this.#column = 0;
  }

  /** The terminal shows `rows` rows of something right above the cursor: all drawn over. */
  adoptRows(rows: number): void {
    this.#rows = Array.from({ length: rows }, () => undefined);
    this.#row = rows;
    this.#column = 0;
  }

  /** The next frame clears the visible screen and is drawn from its top. */
  clearFirst(): void {
    this.#clear = true;
  }

  /** Puts this frame (lines without line breaks, none wider than the terminal) on the screen. */
  draw(lines: string[], size: TerminalSize): void {
    const old = this.#rows;
    const widthChanged = size.columns !== this.#size.columns;
    // Narrower, the terminal may have reflowed the rows; any width may reflow rows not known.
    const reflowed = size.columns < this.#size.columns || (widthChanged && old.includes(undefined));
    this.#size = size;
    this.#lost = Math.max(this.#lost, old.length + 1 - size.rows);
    const next = lines.map((raw, i) => (old[i]?.raw === raw ? old[i]! : parseLine(raw)));
    if (this.#clear || reflowed || this.#outOfReach(old, next)) this.#redraw(next);
    else this.#update(old, next);
    this.#rows = next;
    this.#lost = Math.max(this.#lost, next.length + 1 - size.rows);
  }

  /** Shows the cursor again, under the last frame. */
  end(): void {
    if (!this.#cursorHidden) return;
    this.#cursorHidden = false;
    this.#write(SHOW_CURSOR);
  }

  /**
   * A change to a row scrolled off the screen cannot be drawn there; a shorter frame would
   * leave its top off the screen while there is room for it. Either way: drawn whole.
   */
  #outOfReach(old: Row[], next: StyledLine[]): boolean {
    if (this.#lost <= 0) return false;
    if (next.length < old.length) return true;
    for (let i = 0; i < this.#lost; i++) if (old[i]?.raw !== next[i]?.raw) return true;
    return false;
  }

  #redraw(next: StyledLine[]): void {
    this.#clear = false;
    const body = next.map((line) => `${line.raw}\r\n`).join("");
    this.#emit(`${CLEAR_SCREEN}${body}`, true);
    this.#row = next.length;
    this.#column = 0;
    this.#lost = 0;
  }

  #update(old: Row[], next: StyledLine[]): void {
    const { columns } = this.#size;
    let out = "";
    let rowsTouched = 0;
    const common = Math.min(old.length, next.length);
    for (let i = 0; i < common; i++) {
      const before = old[i];
      const after = next[i]!;
      if (before === after) continue;
      const spans = before ? lineChanges(before, after, columns) : [wholeLine(after, columns)];
      if (spans.length > 0) rowsTouched++;
      for (const span of spans) {
        out += this.#moveTo(i, span.column) + span.text;
        this.#column = span.end;
      }
    }
    if (next.length > old.length) {
      out += this.#moveTo(old.length, 0);
      for (const line of next.slice(old.length)) {
        out += `${wholeLine(line, columns).text}\r\n`;
        rowsTouched++;
      }
      this.#row = next.length;
      this.#column = 0;
    } else if (next.length < old.length) {
      out += this.#moveTo(next.length, 0) + ED;
      rowsTouched++;
    }
    out += this.#moveTo(next.length, 0);
    if (out !== "" || !this.#cursorHidden) this.#emit(out, rowsTouched > 1);
  }

  /** Cursor moves from where it is: rows relative, the frame's place on the screen not known. */
  #moveTo(row: number, column: number): string {
    let out = "";
    if (row < this.#row) out += row === this.#row - 1 ? "\x1b[A" : `\x1b[${this.#row - row}A`;
    if (row > this.#row) out += row === this.#row + 1 ? "\x1b[B" : `\x1b[${row - this.#row}B`;
    if (column !== this.#column) out += column === 0 ? "\r" : `\x1b[${column + 1}G`;
    this.#row = row;
    this.#column = column;
    return out;
  }

  #emit(text: string, sync: boolean): void {
    const hide = this.#cursorHidden ? "" : HIDE_CURSOR;
    this.#cursorHidden = true;
    this.#write(sync ? `${BEGIN_SYNC}${hide}${text}${END_SYNC}` : `${hide}${text}`);
  }
}

const widthOf = (line: StyledLine) => line.cells.length;

/** The whole line from its first cell, and what the row held past its end erased. */
function wholeLine(line: StyledLine, columns: number): Span {
  const width = widthOf(line);
  return {
    column: 0,
    text: width < columns ? `${line.raw}${EL}` : line.raw,
    end: width < columns ? width : undefined,
  };
}

/** What turns the row showing `before` into `after`: runs of changed cells, each drawn alone. */
export function lineChanges(before: StyledLine, after: StyledLine, columns: number): Span[] {
  // A guessed width could put a cell anywhere: such a line is only ever drawn whole.
  if (!before.certain || !after.certain) return [wholeLine(after, columns)];
  const length = Math.max(before.cells.length, after.cells.length);
  const runs: [number, number][] = [];
  for (let i = 0; i < length; i++) {
    if (sameCell(before.cells[i] ?? BLANK, after.cells[i] ?? BLANK)) continue;
    const last = runs.at(-1);
    if (last && i - last[1] - 1 <= JOIN_GAP) last[1] = i;
    else runs.push([i, i]);
  }
  const drawn = after.cells.length;
  // A run never starts on the right half of a wide character: that half equals the old one
  // exactly when its left half does. It may end on a left half: the character is drawn whole.
  const spans: Span[] = [];
  for (const [start, to] of runs) {
    if (start >= drawn) {
      spans.push({ column: start, text: EL, end: start });
      break;
    }
    let last = Math.min(to, drawn - 1);
    if (after.cells[last]!.width === 2) last++;
    const erase = to >= drawn;
    const end = last + 1 < columns ? last + 1 : undefined;
    spans.push({
      column: start,
      text: drawCells(after.cells, start, last) + (erase ? EL : ""),
      end,
    });
    // Erased to the end of the row: whatever else changed past the line's end is gone too.
    if (erase) break;
  }
  return spans;
}
