// A line of the screen as terminal cells: the character each cell shows and the pen it is drawn
// with (SGR attributes, OSC 8 link). The frame writer compares two frames cell by cell and
// writes only the cells that changed, each drawn with the pen it had in the line.

/** What a cell is drawn with. Interned: two cells drawn alike share one Pen. */
export interface Pen {
  readonly key: string;
  readonly bold: boolean;
  readonly dim: boolean;
  /** 3 italic, 4 underline, 5 blink, 7 inverse, 8 hidden, 9 strikethrough: those that are on. */
  readonly flags: readonly number[];
  /** SGR parameters of the colours ("36", "38;5;16"); undefined: the terminal's own. */
  readonly fg?: string;
  readonly bg?: string;
  /** An OSC 8 link's parameters and URI ("id=x;https://…"). */
  readonly link?: string;
}

export interface Cell {
  text: string;
  /** 1 or 2 cells; 0 for the right half of a wide character (drawn by its left half). */
  width: 0 | 1 | 2;
  pen: Pen;
}

export interface StyledLine {
  /** The line as rendered: written as is when the whole line is drawn. */
  raw: string;
  cells: Cell[];
  /**
   * False when a cell's width is a guess (emoji, combining marks, controls) or the line holds
   * an escape this module does not model: then it is never drawn from the middle.
   */
  certain: boolean;
}

const FLAGS = [3, 4, 5, 7, 8, 9];
const pens = new Map<string, Pen>();

function pen(p: Omit<Pen, "key">): Pen {
  const key = [p.bold ? 1 : "", p.dim ? 2 : "", p.flags.join(","), p.fg, p.bg, p.link].join("|");
  let interned = pens.get(key);
  if (!interned) {
    interned = { ...p, key };
    pens.set(key, interned);
  }
  return interned;
}

export const PLAIN: Pen = pen({ bold: false, dim: false, flags: [] });
/** What a row holds where nothing was written: a space with the terminal's own colours. */
export const BLANK: Cell = { text: " ", width: 1, pen: PLAIN };

/** A pen after an SGR sequence's parameters; undefined for parameters not modelled here. */
function applySgr(from: Pen, params: string): Pen | undefined {
  if (params.includes(":")) return undefined;
  const p = params === "" ? [0] : params.split(";").map(Number);
  let { bold, dim, fg, bg } = from;
  const flags = new Set(from.flags);
  for (let i = 0; i < p.length; i++) {
    const n = p[i]!;
    if (n === 0) {
      bold = dim = false;
      flags.clear();
      fg = bg = undefined;
    } else if (n === 1) bold = true;
    else if (n === 2) dim = true;
    else if (n === 22) bold = dim = false;
    else if (FLAGS.includes(n)) flags.add(n);
    else if (n >= 23 && n <= 29 && FLAGS.includes(n - 20)) flags.delete(n - 20);
    else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = String(n);
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) bg = String(n);
    else if (n === 39) fg = undefined;
    else if (n === 49) bg = undefined;
    else if ((n === 38 || n === 48) && (p[i + 1] === 5 || p[i + 1] === 2)) {
      const length = p[i + 1] === 5 ? 3 : 5;
      const colour = p.slice(i, i + length);
      if (colour.length < length || colour.some(Number.isNaN)) return undefined;
      if (n === 38) fg = colour.join(";");
      else bg = colour.join(";");
      i += length - 1;
    } else return undefined;
  }
  return pen({ bold, dim, flags: [...flags].sort(), fg, bg, link: from.link });
}

const withLink = (from: Pen, link: string | undefined) => pen({ ...from, link });
/** An OSC 8 sequence's "params;URI": the link it starts, or undefined (an empty URI ends it). */
const linkOf = (body: string) => (body.slice(body.indexOf(";") + 1) === "" ? undefined : body);

/** The escape sequences that turn pen `from` into pen `to` (nothing when they are the same). */
export function penChange(from: Pen, to: Pen): string {
  if (from === to) return "";
  const p: string[] = [];
  if ((from.bold && !to.bold) || (from.dim && !to.dim)) {
    // One code ends both: the one that stays is turned on again.
    p.push("22");
    if (to.bold) p.push("1");
    if (to.dim) p.push("2");
  } else {
    if (to.bold && !from.bold) p.push("1");
    if (to.dim && !from.dim) p.push("2");
  }
  for (const flag of FLAGS) {
    const was = from.flags.includes(flag);
    const is = to.flags.includes(flag);
    if (was !== is) p.push(String(is ? flag : flag + 20));
  }
  if (from.fg !== to.fg) p.push(to.fg ?? "39");
  if (from.bg !== to.bg) p.push(to.bg ?? "49");
  let out = p.length > 0 ? `\x1b[${p.join(";")}m` : "";
  if (from.link !== to.link)
    out += to.link === undefined ? "\x1b]8;;\x07" : `\x1b]8;${to.link}\x07`;
  return out;
}

// Widths known for sure (as Ink measures them, and terminals draw them): printable ASCII and
// Latin, the punctuation, box drawing, blocks, braille and marks the screen itself uses; and
// the East Asian wide blocks. Anything else may be drawn wider or narrower than measured.
const NARROW =
  /[\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2500-\u259f\u2800-\u28ff\u2713\u2717]/u;
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** SGR; OSC 8 (BEL or ST ended); any other CSI, OSC or two-character escape. */
const ESCAPE =
  /\x1b\[([0-9;:]*)m|\x1b\]8;([^;\x07\x1b]*;[^\x07\x1b]*)(?:\x07|\x1b\\)|\x1b(?:\[[0-9;:?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[\s\S])?/g;

/** The cells of one line of a frame (no line breaks in it). */
export function parseLine(raw: string): StyledLine {
  const cells: Cell[] = [];
  let certain = true;
  let current = PLAIN;
  const addText = (text: string) => {
    for (const char of text) {
      if (NARROW.test(char)) cells.push({ text: char, width: 1, pen: current });
      else if (WIDE.test(char)) {
        cells.push({ text: char, width: 2, pen: current });
        cells.push({ text: "", width: 0, pen: current });
      } else {
        certain = false;
        cells.push({ text: char, width: 1, pen: current });
      }
    }
  };
  let at = 0;
  for (const match of raw.matchAll(ESCAPE)) {
    addText(raw.slice(at, match.index));
    at = match.index + match[0].length;
    const next =
      match[1] !== undefined
        ? applySgr(current, match[1])
        : match[2] !== undefined
          ? withLink(current, linkOf(match[2]))
          : undefined;
    if (next) current = next;
    else certain = false;
  }
  addText(raw.slice(at));
  return { raw, cells, certain };
}

/** Cells from..to (inclusive), drawn from the plain pen and back to it. */
export function drawCells(cells: Cell[], from: number, to: number): string {
  let out = "";
  let current = PLAIN;
  for (let i = from; i <= to; i++) {
    const cell = cells[i]!;
    if (cell.width === 0) continue;
    out += penChange(current, cell.pen) + cell.text;
    current = cell.pen;
  }
  return out + penChange(current, PLAIN);
}

export const sameCell = (a: Cell, b: Cell) => a.text === b.text && a.pen === b.pen;
