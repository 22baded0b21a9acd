// A small terminal for tests: what a VT does with the bytes the login screen writes (text in SGR
// colours and OSC 8 links, wide characters, the right margin, cursor moves, erasing, scrolling),
// so a test sees what a person would, cell by cell. Anything else it is sent fails the test.

export interface VtCell {
  char: string;
  /** The attributes it is drawn with, as a readable key ("" for none). */
  pen: string;
}

const BLANK: VtCell = { char: " ", pen: "" };
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uff60]/u;

interface Attributes {
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  strike: boolean;
  fg?: string;
  bg?: string;
  link?: string;
}

const plainAttributes = (): Attributes => ({
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strike: false,
});

export class VirtualTerminal {
  grid: VtCell[][];
  row = 0;
  column = 0;
  /** At the right margin after its last cell: the next character wraps. */
  #pendingWrap = false;
  #attributes = plainAttributes();
  /** Lines scrolled off the top. */
  scrolledOff = 0;
  /** Cursor moves that the top or bottom of the screen stopped short. */
  clampedMoves = 0;
  cursorVisible = true;
  clipboard: string[] = [];

  constructor(
    public columns: number,
    public rows: number,
  ) {
    this.grid = Array.from({ length: rows }, () => this.#blankRow());
  }

  #blankRow(): VtCell[] {
    return Array.from({ length: this.columns }, () => BLANK);
  }

  #pen(): string {
    const a = this.#attributes;
    return [
      a.bold && "bold",
      a.dim && "dim",
      a.italic && "italic",
      a.underline && "underline",
      a.inverse && "inverse",
      a.strike && "strike",
      a.fg && `fg=${a.fg}`,
      a.bg && `bg=${a.bg}`,
      a.link && `link=${a.link}`,
    ]
      .filter(Boolean)
      .join(" ");
  }

  #lineFeed(): void {
    if (this.row < this.rows - 1) {
      this.row++;
      return;
    }
    this.grid.shift();
    this.grid.push(this.#blankRow());
    this.scrolledOff++;
  }

  /** Clears the wide character a cell belongs to before the cell is written over. */
  #unsplit(row: number, column: number): void {
    const line = this.grid[row]!;
    if (line[column]?.char === "") line[column - 1] = BLANK;
    if (line[column + 1]?.char === "") line[column + 1] = BLANK;
  }

  #print(char: string): void {
    const width = WIDE.test(char) ? 2 : 1;
    if (this.#pendingWrap || this.column + width > this.columns) {
      this.#pendingWrap = false;
      this.column = 0;
      this.#lineFeed();
    }
    const line = this.grid[this.row]!;
    const pen = this.#pen();
    this.#unsplit(this.row, this.column);
    line[this.column] = { char, pen };
    if (width === 2) {
      this.#unsplit(this.row, this.column + 1);
      line[this.column + 1] = { char: "", pen };
    }
    if (this.column + width >= this.columns) {
      this.column = this.columns - 1;
      this.#pendingWrap = true;
    } else this.column += width;
  }

  #moveRows(by: number): void {
    const to = this.row + by;
    if (to < 0 || to >= this.rows) this.clampedMoves++;
    this.row = Math.max(0, Math.min(this.rows - 1, to));
    this.#pendingWrap = false;
  }

  #setColumn(column: number): void {
    this.column = Math.max(0, Math.min(this.columns - 1, column));
    this.#pendingWrap = false;
  }

  #sgr(params: string): void {
    const p = params === "" ? [0] : params.split(";").map(Number);
    const a = this.#attributes;
    for (let i = 0; i < p.length; i++) {
      const n = p[i]!;
      if (n === 0) this.#attributes = { ...plainAttributes(), link: a.link };
      else if (n === 1) a.bold = true;
      else if (n === 2) a.dim = true;
      else if (n === 22) a.bold = a.dim = false;
      else if (n === 3) a.italic = true;
      else if (n === 23) a.italic = false;
      else if (n === 4) a.underline = true;
      else if (n === 24) a.underline = false;
      else if (n === 7) a.inverse = true;
      else if (n === 27) a.inverse = false;
      else if (n === 9) a.strike = true;
      else if (n === 29) a.strike = false;
      else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) a.fg = String(n);
      else if (n === 39) a.fg = undefined;
      else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) a.bg = String(n);
      else if (n === 49) a.bg = undefined;
      else if ((n === 38 || n === 48) && p[i + 1] === 5) {
        if (n === 38) a.fg = `5;${p[i + 2]}`;
        else a.bg = `5;${p[i + 2]}`;
        i += 2;
      } else throw new Error(`SGR ${n} is not modelled`);
    }
  }

  #csi(params: string, final: string): void {
    const n = Number(params || 1);
    if (final === "m") this.#sgr(params);
    else if (params === "?25" && (final === "l" || final === "h"))
      this.cursorVisible = final === "h";
    else if (params === "?2026" && (final === "l" || final === "h")) {
      // Synchronized output: how soon a frame shows, not what it shows.
    } else if (final === "A") this.#moveRows(-n);
    else if (final === "B") this.#moveRows(n);
    else if (final === "C") this.#setColumn(this.column + n);
    else if (final === "G") this.#setColumn(n - 1);
    else if (final === "E" || final === "F") {
      this.#moveRows(final === "E" ? n : -n);
      this.#setColumn(0);
    } else if (final === "H") {
      const [r, c] = params.split(";").map((x) => Number(x || 1));
      this.row = Math.min(this.rows - 1, (r ?? 1) - 1);
      this.#setColumn((c ?? 1) - 1);
    } else if (final === "K" && params === "") this.#eraseLine();
    else if (final === "J" && params === "2")
      this.grid = Array.from({ length: this.rows }, () => this.#blankRow());
    else if (final === "J" && params === "") {
      this.#eraseLine();
      for (let r = this.row + 1; r < this.rows; r++) this.grid[r] = this.#blankRow();
    } else throw new Error(`CSI ${params}${final} is not modelled`);
  }

  /** From the cursor to the end of its row (at the right margin: its last cell too). */
  #eraseLine(): void {
    this.#unsplit(this.row, this.column);
    for (let c = this.column; c < this.columns; c++) this.grid[this.row]![c] = BLANK;
  }

  #osc(body: string): void {
    const link = /^8;([^;]*);(.*)$/s.exec(body);
    if (link) {
      this.#attributes.link = link[2] === "" ? undefined : link[2];
      return;
    }
    const copy = /^52;c;(.*)$/s.exec(body);
    if (copy) {
      this.clipboard.push(Buffer.from(copy[1]!, "base64").toString("utf8"));
      return;
    }
    throw new Error(`OSC ${body.slice(0, 20)} is not modelled`);
  }

  write(data: string): void {
    const sequence = /\x1b\[([0-9;?]*)([@-~])|\x1b\]([^\x07\x1b]*)(?:\x07|\x1b\\)|\x1b/gy;
    let i = 0;
    while (i < data.length) {
      const char = String.fromCodePoint(data.codePointAt(i)!);
      if (char === "\x1b") {
        sequence.lastIndex = i;
        const match = sequence.exec(data);
        if (!match || match[0] === "\x1b")
          throw new Error(`escape not modelled: ${JSON.stringify(data.slice(i, i + 10))}`);
        if (match[2] !== undefined) this.#csi(match[1]!, match[2]);
        else this.#osc(match[3]!);
        i += match[0].length;
        continue;
      }
      i += char.length;
      if (char === "\r") this.#setColumn(0);
      else if (char === "\n") {
        // As a tty sends it on (ONLCR): a new line from its start.
        this.#pendingWrap = false;
        this.column = 0;
        this.#lineFeed();
      } else if (char < " ") throw new Error(`control character ${JSON.stringify(char)}`);
      else this.#print(char);
    }
  }

  /**
   * A new size, as a terminal that does not reflow: rows keep their cells, cut or padded; a
   * shorter screen loses rows from the top when the cursor would fall off it.
   */
  resize(columns: number, rows: number): void {
    const fit = (line: VtCell[]) =>
      Array.from({ length: columns }, (_, c) => (c < this.columns ? line[c]! : BLANK));
    const lost = Math.max(0, this.row - (rows - 1));
    this.grid = this.grid.slice(lost).map(fit);
    this.columns = columns;
    while (this.grid.length < rows) this.grid.push(this.#blankRow());
    this.grid.length = rows;
    this.rows = rows;
    this.scrolledOff += lost;
    this.row -= lost;
    this.#setColumn(this.column);
  }

  /** The screen as text, each row's trailing blanks left out. */
  text(): string[] {
    return this.grid.map((line) =>
      line
        .map((c) => c.char)
        .join("")
        .trimEnd(),
    );
  }

  /** One row, cell by cell, blank cells at its end left out. */
  cells(row: number): VtCell[] {
    const line = [...this.grid[row]!];
    while (line.length > 0 && line.at(-1)!.char === " " && line.at(-1)!.pen === "") line.pop();
    return line;
  }
}

/** How a line of a frame looks once drawn alone, from the left edge of a terminal this wide. */
export function drawnAlone(line: string, columns: number): VtCell[] {
  const vt = new VirtualTerminal(columns, 1);
  vt.write(line);
  return vt.cells(0);
}
