// Captures the real login screen for the README: `caido-auth login` against the sandbox inside
// tmux, `capture-pane -e` (text with colours), converted to SVG here. Block glyphs become exact
// rects, so the QR code in the image scans; the image is then rendered with headless Chromium
// and its QR decoded as a check. Run after `npm run build`:
//   node scripts/capture-screen.mjs [--out docs/login-screen.svg] [--png /tmp/x.png] [--size 90x24]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    out: { type: "string", default: "docs/login-screen.svg" },
    png: { type: "string" },
    size: { type: "string", default: "90x24" },
  },
});
const [COLUMNS, ROWS] = args.size.split("x").map(Number);

// ---- ANSI (tmux capture-pane -e) → cells ----------------------------------------------------

/** A dark theme's 16 colours (GitHub dark); 16–255 follow xterm's cube and grey ramp. */
const BASE16 = [
  "#484f58",
  "#ff7b72",
  "#3fb950",
  "#d29922",
  "#58a6ff",
  "#bc8cff",
  "#39c5cf",
  "#b1bac4",
  "#6e7681",
  "#ffa198",
  "#56d364",
  "#e3b341",
  "#79c0ff",
  "#d2a8ff",
  "#56d4dd",
  "#ffffff",
];
const FG = "#e6edf3";
const BG = "#0d1117";

function xterm256(n) {
  if (n < 16) return BASE16[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  const level = (c) => (c === 0 ? 0 : 55 + c * 40);
  return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
}

const plain = () => ({ fg: undefined, bg: undefined, bold: false, dim: false, inverse: false });

/** Applies one SGR parameter list to the pen. */
function sgr(pen, params) {
  const p = params.length ? params.split(";").map(Number) : [0];
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(pen, plain());
    else if (n === 1) pen.bold = true;
    else if (n === 2) pen.dim = true;
    else if (n === 22) pen.bold = pen.dim = false;
    else if (n === 7) pen.inverse = true;
    else if (n === 27) pen.inverse = false;
    else if (n >= 30 && n <= 37) pen.fg = BASE16[n - 30];
    else if (n >= 90 && n <= 97) pen.fg = BASE16[n - 90 + 8];
    else if (n >= 40 && n <= 47) pen.bg = BASE16[n - 40];
    else if (n >= 100 && n <= 107) pen.bg = BASE16[n - 100 + 8];
    else if (n === 39) pen.fg = undefined;
    else if (n === 49) pen.bg = undefined;
    else if ((n === 38 || n === 48) && p[i + 1] === 5) {
      pen[n === 38 ? "fg" : "bg"] = xterm256(p[i + 2]);
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2) {
      pen[n === 38 ? "fg" : "bg"] = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
      i += 4;
    }
  }
}

/** East Asian wide and emoji ranges take two cells (tmux writes no filler for the second). */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}]/u;
const ESCAPE = /\x1b\[([0-9;?]*)([ -/]*[@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b./gy;

export function parseScreen(text) {
  const pen = plain();
  return text.split("\n").map((line) => {
    const cells = [];
    let i = 0;
    while (i < line.length) {
      ESCAPE.lastIndex = i;
      const found = ESCAPE.exec(line);
      if (found) {
        if (found[2] === "m") sgr(pen, found[1]);
        i = ESCAPE.lastIndex;
        continue;
      }
      const ch = String.fromCodePoint(line.codePointAt(i));
      i += ch.length;
      let fg = pen.fg ?? FG;
      let bg = pen.bg;
      if (pen.inverse) [fg, bg] = [bg ?? BG, fg];
      const cell = { ch, fg, bg, bold: pen.bold, dim: pen.dim };
      cells.push(cell);
      if (WIDE.test(ch)) cells.push({ ...cell, ch: "" });
    }
    return cells;
  });
}

// ---- cells → SVG -----------------------------------------------------------------------------

/** Cell size in px: twice as tall as wide, so half-block QR modules come out square. */
const CW = 10;
const CH = 20;
const PAD = 16;
const TITLE = 32;

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Half-block glyphs: which half of the cell each one inks. */
const HALVES = { "█": [true, true], "▀": [true, false], "▄": [false, true] };

/**
 * Block glyphs as rects: exact, so the QR code scans. Runs of inked halves of one colour
 * become one rect each (a QR row is a few dozen rects instead of hundreds).
 */
function blockRects(cells, y) {
  const out = [];
  for (const [half, dy] of [
    [0, 0],
    [1, CH / 2],
  ]) {
    let start = -1;
    for (let c = 0; c <= cells.length; c++) {
      const cell = cells[c];
      const inked = cell && HALVES[cell.ch]?.[half];
      const same = inked && start >= 0 && cells[start].fg === cell.fg;
      if (start >= 0 && !same) {
        const x = PAD + start * CW;
        const w = (c - start) * CW;
        out.push(
          `<rect x="${x}" y="${y + dy}" width="${w}" height="${CH / 2}" fill="${cells[start].fg}"/>`,
        );
        start = -1;
      }
      if (inked && start < 0) start = c;
    }
  }
  return out;
}

/** Box-drawing glyphs as lines, so they join up whatever font the viewer has. */
function shape(ch, x, y, fill) {
  const mid = { x: x + CW / 2, y: y + CH / 2 };
  const line = (d) => `<path d="${d}" stroke="${fill}" stroke-width="1.5" fill="none"/>`;
  const r = CW / 2;
  switch (ch) {
    case "─":
      return line(`M${x} ${mid.y}H${x + CW}`);
    case "│":
      return line(`M${mid.x} ${y}V${y + CH}`);
    case "╭":
      return line(
        `M${x + CW} ${mid.y}H${mid.x + r}Q${mid.x} ${mid.y} ${mid.x} ${mid.y + r}V${y + CH}`,
      );
    case "╮":
      return line(`M${x} ${mid.y}H${mid.x - r}Q${mid.x} ${mid.y} ${mid.x} ${mid.y + r}V${y + CH}`);
    case "╰":
      return line(`M${x + CW} ${mid.y}H${mid.x + r}Q${mid.x} ${mid.y} ${mid.x} ${mid.y - r}V${y}`);
    case "╯":
      return line(`M${x} ${mid.y}H${mid.x - r}Q${mid.x} ${mid.y} ${mid.x} ${mid.y - r}V${y}`);
    default:
      return undefined;
  }
}

/** Glyphs of one row: text in runs of one style (positioned per cell), shapes on their own. */
function rowGlyphs(cells, y) {
  const out = [];
  let run;
  const flush = () => {
    if (run?.text.trim()) {
      const weight = run.bold ? ' font-weight="bold"' : "";
      const opacity = run.dim ? ' fill-opacity="0.6"' : "";
      out.push(
        `<text x="${run.xs.join(" ")}" y="${y + CH * 0.75}" fill="${run.fg}"${weight}${opacity}>${esc(run.text)}</text>`,
      );
    }
    run = undefined;
  };
  for (const [c, cell] of cells.entries()) {
    const x = PAD + c * CW;
    const drawn = HALVES[cell.ch] ? "" : shape(cell.ch, x, y, cell.fg);
    if (drawn !== undefined || cell.ch === "" || cell.ch === " ") {
      flush();
      if (drawn) out.push(drawn);
      continue;
    }
    const style = `${cell.fg}|${cell.bold}|${cell.dim}`;
    if (run && run.style !== style) flush();
    run ??= { style, fg: cell.fg, bold: cell.bold, dim: cell.dim, text: "", xs: [] };
    run.text += cell.ch;
    run.xs.push(x);
  }
  flush();
  return out;
}

/** Background colours of one row, one rect per run. */
function rowBackgrounds(cells, y) {
  const out = [];
  for (let c = 0; c < cells.length; ) {
    const bg = cells[c].bg;
    let end = c + 1;
    while (end < cells.length && cells[end].bg === bg) end++;
    if (bg)
      out.push(
        `<rect x="${PAD + c * CW}" y="${y}" width="${(end - c) * CW}" height="${CH}" fill="${bg}"/>`,
      );
    c = end;
  }
  return out;
}

export function screenToSvg(screen, { title = "" } = {}) {
  // Drop blank rows at the bottom (the terminal is taller than the screen drawn on it).
  let used = screen.length;
  while (used > 0 && screen[used - 1].every((c) => c.ch === " " && !c.bg)) used--;
  const rows = screen.slice(0, used);
  const cols = Math.max(...rows.map((r) => r.length));
  const width = cols * CW + 2 * PAD;
  const height = TITLE + used * CH + 2 * PAD;
  const out = rows.flatMap((cells, r) => {
    const y = TITLE + PAD + r * CH;
    return [...rowBackgrounds(cells, y), ...blockRects(cells, y), ...rowGlyphs(cells, y)];
  });
  const dots = ["#ff5f57", "#febc2e", "#28c840"]
    .map(
      (fill, i) => `<circle cx="${PAD + 6 + i * 20}" cy="${TITLE / 2 + 4}" r="6" fill="${fill}"/>`,
    )
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges" role="img">`,
    "<title>caido-auth login in a terminal: instance, verification link, user code, countdown and QR code</title>",
    `<rect width="${width}" height="${height}" rx="8" fill="${BG}"/>`,
    dots,
    `<text x="${width / 2}" y="${TITLE / 2 + 9}" fill="#8b949e" text-anchor="middle" font-family="system-ui, sans-serif" font-size="13">${esc(title)}</text>`,
    `<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="16" xml:space="preserve">`,
    ...out,
    "</g>",
    "</svg>",
    "",
  ].join("\n");
}

// ---- the capture -----------------------------------------------------------------------------

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/bin.cjs");
const work = mkdtempSync(join(tmpdir(), "caido-auth-capture-"));
const socket = `caido-auth-capture-${process.pid}`;
const tmux = (...a) =>
  execFileSync("tmux", ["-L", socket, ...a], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  }).toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startSandbox() {
  const child = spawn(process.execPath, [cli, "sandbox", "--json", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once("line", ok);
    child.once("exit", (code) => fail(new Error(`sandbox exited with ${code}`)));
  });
  return { child, ...JSON.parse(line) };
}

/** The rendered SVG as PNG, and what the QR code in the picture decodes to. */
async function renderAndDecode(svg, pngPath) {
  const { chromium } = await import("playwright-core");
  const jsQR = createRequire(import.meta.url)("jsqr");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(`<body style="margin:0;background:#fff">${svg}</body>`);
    const box = await page.locator("svg").boundingBox();
    const png = await page.screenshot({ clip: box });
    if (pngPath) writeFileSync(pngPath, png);
    // The same pixels, read back through a canvas so jsQR can look at them.
    const { data, width, height } = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = Object.assign(document.createElement("canvas"), {
        width: img.width,
        height: img.height,
      });
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const pixels = ctx.getImageData(0, 0, img.width, img.height);
      return { data: Array.from(pixels.data), width: img.width, height: img.height };
    }, png.toString("base64"));
    return jsQR(Uint8ClampedArray.from(data), width, height)?.data ?? null;
  } finally {
    await browser.close();
  }
}

const sandbox = await startSandbox();
try {
  writeFileSync(join(work, "tmux.conf"), "set -g status off\n");
  const vars = {
    CAIDO_CLOUD_URL: sandbox.cloudUrl,
    CAIDO_AUTH_CONFIG_DIR: join(work, "config"),
  };
  tmux(
    "-f",
    join(work, "tmux.conf"),
    "new-session",
    "-d",
    "-x",
    String(COLUMNS),
    "-y",
    String(ROWS),
    ...Object.entries(vars).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    "--",
    process.execPath,
    cli,
    "login",
    sandbox.instanceUrl,
    "--no-browser",
  );
  // The whole waiting screen: the footer is drawn last.
  let screen = "";
  for (let i = 0; i < 100 && !/q cancel\s*$/m.test(screen); i++) {
    await sleep(100);
    screen = tmux("capture-pane", "-p");
  }
  if (!/q cancel\s*$/m.test(screen)) throw new Error(`no login screen:\n${screen}`);
  // -N keeps trailing spaces: the QR code's white quiet zone on the right is made of them.
  const colours = tmux("capture-pane", "-p", "-e", "-N");
  const url = /https?:\/\/\S+\/device\?user_code=\S+/.exec(screen)?.[0];
  const svg = screenToSvg(parseScreen(colours), { title: "caido-auth login" });
  writeFileSync(resolve(root, args.out), svg);
  const decoded = await renderAndDecode(svg, args.png);
  console.log(`wrote ${args.out} (${COLUMNS}x${ROWS}); QR in the image decodes to ${decoded}`);
  if (!url || decoded !== url) {
    console.error(`the QR code does not match the URL on the screen (${url})`);
    process.exitCode = 1;
  }
} finally {
  try {
    tmux("kill-server");
  } catch {}
  sandbox.child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
