// The QR encoder behind qr.ts, written for the one code a login draws: the vendored encoder's
// own module layout, codewords and mask choice (test/ui/qr-encode.test.ts checks them equal),
// without its cost. That encoder builds the whole symbol nine times and scores each mask
// through a function call per module; a process that draws one code runs all of it cold in
// the interpreter, ~10 ms before the first frame. Here the symbol is laid out once, each mask
// is scored on a flat array, and the tables (block sizes, alignment positions, BCH codes) are
// still the vendored ones.
import QRRSBlock from "qrcode-terminal/vendor/QRCode/QRRSBlock.js";
import QRUtil from "qrcode-terminal/vendor/QRCode/QRUtil.js";

/** Error-correction level L (QRErrorCorrectLevel.L): a terminal does not smudge. */
const LEVEL_L = 1;
/** QRMode.MODE_8BIT_BYTE. */
const MODE_8BIT = 4;
const PAD = [0xec, 0x11];

// GF(256) over x^8 + x^4 + x^3 + x^2 + 1, as QRMath builds it.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++, x = x & 0x80 ? ((x << 1) ^ 0x11d) & 0xff : x << 1) {
  EXP[i] = x;
  EXP[i + 255] = x;
  LOG[x] = i;
}

/** The generator polynomial of `degree` EC codewords, highest power first (leading 1 left out). */
function generator(degree: number): Uint8Array {
  let poly = Uint8Array.of(1);
  for (let i = 0; i < degree; i++) {
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      next[j]! ^= poly[j]!;
      if (poly[j]) next[j + 1]! ^= EXP[LOG[poly[j]!]! + i]!;
    }
    poly = next;
  }
  return poly.subarray(1);
}

/** The remainder of data·x^ec divided by the generator: the block's EC codewords. */
function errorCorrection(data: Uint8Array, ec: number): Uint8Array {
  const gen = generator(ec);
  const rest = new Uint8Array(ec);
  for (const byte of data) {
    const factor = byte ^ rest[0]!;
    rest.copyWithin(0, 1);
    rest[ec - 1] = 0;
    if (factor === 0) continue;
    const log = LOG[factor]!;
    for (let j = 0; j < ec; j++) if (gen[j]) rest[j]! ^= EXP[LOG[gen[j]!]! + log]!;
  }
  return rest;
}

interface Block {
  totalCount: number;
  dataCount: number;
}

/** The smallest version whose data capacity holds the text (the vendored make()'s search). */
function versionFor(length: number): number {
  for (let version = 1; version < 40; version++) {
    const capacity = dataCodewords(QRRSBlock.getRSBlocks(version, LEVEL_L)) * 8;
    if (4 + QRUtil.getLengthInBits(MODE_8BIT, version) + 8 * length <= capacity) return version;
  }
  return 40;
}

/** Modules on a side of the symbol encodeQr draws for a text this long, without drawing it. */
export const qrModules = (length: number) => versionFor(length) * 4 + 17;

const dataCodewords = (blocks: Block[]) => blocks.reduce((n, b) => n + b.dataCount, 0);

/** Mode, length, the bytes, terminator and padding, then each block's EC, interleaved. */
function codewords(text: string, version: number): Uint8Array {
  const blocks: Block[] = QRRSBlock.getRSBlocks(version, LEVEL_L);
  const total = dataCodewords(blocks);
  const data = new Uint8Array(total);
  let bit = 0;
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--, bit++)
      if ((value >>> i) & 1) data[bit >> 3]! |= 0x80 >>> (bit & 7);
  };
  put(MODE_8BIT, 4);
  put(text.length, QRUtil.getLengthInBits(MODE_8BIT, version));
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i), 8);
  if (bit > total * 8) throw new Error(`code length overflow (${bit} > ${total * 8})`);
  if (bit + 4 <= total * 8) bit += 4;
  for (let i = Math.ceil(bit / 8), p = 0; i < total; i++, p++) data[i] = PAD[p % 2]!;

  const dc: Uint8Array[] = [];
  const ec: Uint8Array[] = [];
  let offset = 0;
  for (const block of blocks) {
    const part = data.subarray(offset, offset + block.dataCount);
    offset += block.dataCount;
    dc.push(part);
    ec.push(errorCorrection(part, block.totalCount - block.dataCount));
  }
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.totalCount, 0));
  let index = 0;
  for (const parts of [dc, ec]) {
    const longest = Math.max(...parts.map((p) => p.length));
    for (let i = 0; i < longest; i++) for (const p of parts) if (i < p.length) out[index++] = p[i]!;
  }
  return out;
}

/** QRUtil.getMask's eight patterns: true where pattern `p` inverts the module at (i, j). */
function masked(p: number, i: number, j: number): boolean {
  if (p === 0) return (i + j) % 2 === 0;
  if (p === 1) return i % 2 === 0;
  if (p === 2) return j % 3 === 0;
  if (p === 3) return (i + j) % 3 === 0;
  if (p === 4) return (((i / 2) | 0) + ((j / 3) | 0)) % 2 === 0;
  if (p === 5) return ((i * j) % 2) + ((i * j) % 3) === 0;
  if (p === 6) return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
  return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
}

/**
 * QRUtil.getLostPoint, on a flat array of 0/1 modules: lower is easier to scan. Plain loops
 * over typed arrays, no calls: this runs eight times, cold, in the interpreter.
 */
function lostPoint(m: Uint8Array, n: number, sums: Uint8Array): number {
  let lost = 0;
  // Rule 1: more than five of a module's (up to eight) neighbours of its colour. Dark modules
  // in each 3x3 window, from the row sums of three.
  for (let r = 0; r < n; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      let sum = m[row + c]!;
      if (c > 0) sum += m[row + c - 1]!;
      if (c < n - 1) sum += m[row + c + 1]!;
      sums[row + c] = sum;
    }
  }
  for (let r = 0; r < n; r++) {
    const rows = (r > 0 ? 1 : 0) + 1 + (r < n - 1 ? 1 : 0);
    for (let c = 0; c < n; c++) {
      const i = r * n + c;
      let dark = sums[i]!;
      if (r > 0) dark += sums[i - n]!;
      if (r < n - 1) dark += sums[i + n]!;
      const size = rows * ((c > 0 ? 1 : 0) + 1 + (c < n - 1 ? 1 : 0));
      const same = m[i] ? dark - 1 : size - dark - 1;
      if (same > 5) lost += 3 + same - 5;
    }
  }
  // Rule 2: 2x2 blocks of one colour.
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const i = r * n + c;
      const count = m[i]! + m[i + 1]! + m[i + n]! + m[i + n + 1]!;
      if (count === 0 || count === 4) lost += 3;
    }
  }
  // Rule 3: dark-light-dark-dark-dark-light-dark, in rows (step 1) and in columns (step n).
  for (let line = 0; line < n; line++) {
    for (let k = 0; k < n - 6; k++) {
      let i = line * n + k;
      if (m[i] && !m[i + 1] && m[i + 2] && m[i + 3] && m[i + 4] && !m[i + 5] && m[i + 6])
        lost += 40;
      i = k * n + line;
      if (
        m[i] &&
        !m[i + n] &&
        m[i + 2 * n] &&
        m[i + 3 * n] &&
        m[i + 4 * n] &&
        !m[i + 5 * n] &&
        m[i + 6 * n]
      )
        lost += 40;
    }
  }
  // Rule 4: the share of dark modules away from half.
  let darkCount = 0;
  for (let i = 0; i < n * n; i++) darkCount += m[i]!;
  const ratio = Math.abs((100 * darkCount) / n / n - 50) / 5;
  return lost + ratio * 10;
}

/**
 * The modules of the QR code of `text` (byte mode, level L; text of char codes below 256),
 * dark true, without the quiet zone: the vendored encoder's symbol, module for module.
 */
export function encodeQr(text: string): boolean[][] {
  const version = versionFor(text.length);
  const n = version * 4 + 17;
  // -1: not yet placed (null in the vendored encoder), else 0 light, 1 dark.
  const m = new Int8Array(n * n).fill(-1);
  const set = (r: number, c: number, dark: boolean) => {
    m[r * n + c] = dark ? 1 : 0;
  };

  for (const [row, col] of [
    [0, 0],
    [n - 7, 0],
    [0, n - 7],
  ] as const) {
    for (let r = -1; r <= 7; r++) {
      if (row + r < 0 || row + r >= n) continue;
      for (let c = -1; c <= 7; c++) {
        if (col + c < 0 || col + c >= n) continue;
        const ring =
          (r >= 0 && r <= 6 && (c === 0 || c === 6)) || (c >= 0 && c <= 6 && (r === 0 || r === 6));
        set(row + r, col + c, ring || (r >= 2 && r <= 4 && c >= 2 && c <= 4));
      }
    }
  }
  const positions: number[] = QRUtil.getPatternPosition(version);
  for (const row of positions) {
    for (const col of positions) {
      if (m[row * n + col] !== -1) continue;
      for (let r = -2; r <= 2; r++)
        for (let c = -2; c <= 2; c++)
          set(row + r, col + c, Math.abs(r) === 2 || Math.abs(c) === 2 || (r === 0 && c === 0));
    }
  }
  for (let i = 8; i < n - 8; i++) {
    if (m[i * n + 6] === -1) set(i, 6, i % 2 === 0);
    if (m[6 * n + i] === -1) set(6, i, i % 2 === 0);
  }
  // Format and version information: placed light while masks are scored, as the vendored
  // encoder does, and written for real once the mask is chosen.
  const formatCells: number[] = [];
  for (let v = 0; v < 15; v++) formatCells.push((v < 6 ? v : v < 8 ? v + 1 : n - 15 + v) * n + 8);
  for (let h = 0; h < 15; h++)
    formatCells.push(8 * n + (h < 8 ? n - h - 1 : h < 9 ? 15 - h : 14 - h));
  for (const i of formatCells) m[i] = 0;
  m[(n - 8) * n + 8] = 0;
  const versionCells: number[] = [];
  if (version >= 7) {
    for (let i = 0; i < 18; i++) versionCells.push(Math.floor(i / 3) * n + (i % 3) + n - 11);
    for (let i = 0; i < 18; i++) versionCells.push(((i % 3) + n - 11) * n + Math.floor(i / 3));
    for (const i of versionCells) m[i] = 0;
  }

  // Data modules in the vendored mapData's zigzag order, with their unmasked bits.
  const data = codewords(text, version);
  const cells: number[] = [];
  const bits: number[] = [];
  let inc = -1;
  let row = n - 1;
  let index = 0;
  for (let col = n - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) {
        const i = row * n + col - c;
        if (m[i] !== -1) continue;
        const byte = index >> 3;
        cells.push(i);
        bits.push(byte < data.length ? (data[byte]! >>> (7 - (index & 7))) & 1 : 0);
        index++;
      }
      row += inc;
      if (row < 0 || row >= n) {
        row -= inc;
        inc = -inc;
        break;
      }
    }
  }

  const symbol = Uint8Array.from(m, (v) => (v === 1 ? 1 : 0));
  const sums = new Uint8Array(n * n);
  const withMask = (pattern: number) => {
    for (let k = 0; k < cells.length; k++) {
      const i = cells[k]!;
      const row = (i / n) | 0;
      symbol[i] = bits[k]! ^ (masked(pattern, row, i - row * n) ? 1 : 0);
    }
  };
  let best = 0;
  let min = 0;
  for (let pattern = 0; pattern < 8; pattern++) {
    withMask(pattern);
    const lost = lostPoint(symbol, n, sums);
    if (pattern === 0 || min > lost) {
      min = lost;
      best = pattern;
    }
  }
  withMask(best);
  const format: number = QRUtil.getBCHTypeInfo((LEVEL_L << 3) | best);
  formatCells.forEach((i, k) => {
    symbol[i] = (format >> (k % 15)) & 1;
  });
  symbol[(n - 8) * n + 8] = 1;
  if (version >= 7) {
    const bitsOfVersion: number = QRUtil.getBCHTypeNumber(version);
    versionCells.forEach((i, k) => {
      symbol[i] = (bitsOfVersion >> (k % 18)) & 1;
    });
  }
  return Array.from({ length: n }, (_, r) =>
    Array.from(symbol.subarray(r * n, (r + 1) * n), (v) => v === 1),
  );
}
