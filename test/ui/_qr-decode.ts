// Reads a QR code back from terminal text: half-block glyphs are dark modules, every other
// character (text beside the code, spaces, escape codes once stripped) is light. Works on
// the QR module's own lines and on a captured screen (tmux capture-pane) alike.
import { createRequire } from "node:module";

// jsqr is CommonJS with an ESM-style .d.ts: require() gives the function under every loader.
const jsQR: typeof import("jsqr").default = createRequire(import.meta.url)("jsqr");

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const TOP = new Set(["█", "▀"]);
const BOTTOM = new Set(["█", "▄"]);
/** Pixels per module, and light modules added around the picture in case the margin is thin. */
const SCALE = 4;
const MARGIN = 4;

export function textToModules(lines: string[]): boolean[][] {
  const rows = lines.map((line) => Array.from(line.replace(ANSI, "")));
  const width = Math.max(0, ...rows.map((r) => r.length));
  const modules: boolean[][] = [];
  for (const chars of rows) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (let c = 0; c < width; c++) {
      const ch = chars[c] ?? " ";
      top.push(TOP.has(ch));
      bottom.push(BOTTOM.has(ch));
    }
    modules.push(top, bottom);
  }
  return modules;
}

export function decodeQrFromText(lines: string[]): string | null {
  const modules = textToModules(lines);
  const cols = (modules[0]?.length ?? 0) + 2 * MARGIN;
  const rows = modules.length + 2 * MARGIN;
  if (modules.length === 0) return null;
  const width = cols * SCALE;
  const height = rows * SCALE;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dark = modules[Math.floor(y / SCALE) - MARGIN]?.[Math.floor(x / SCALE) - MARGIN];
      if (!dark) continue;
      const i = (y * width + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = 0;
    }
  }
  const found = jsQR(data, width, height, { inversionAttempts: "dontInvert" });
  return found ? found.data : null;
}
