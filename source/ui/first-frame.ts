// The login screen's first frame as plain text, the moment the instance answers: the same
// lines, styles and QR code Ink will draw for the waiting screen, written without loading
// Ink, React or yoga (~100 ms on this machine, far more on a small VPS). Ink then draws the
// same frame over it in place (take-over.ts), so nothing moves. When the frame would need
// Ink's own layout (text that wraps, non-ASCII from the instance, a terminal too short), there
// is no first frame here and the caller shows the plain preview instead.
import chalk from "chalk";
import { type LoginRequest, remainingMs } from "../session/device-flow.js";
import { formatCountdown, shownCode } from "./format.js";
import { displayWidth, QR_GAP } from "./layout.js";
import { renderQr } from "./qr.js";
import {
  browserLine,
  canOpenLink,
  chromeLines,
  footerKeys,
  hostWarning,
  instanceLine,
  introLine,
  keysLine,
  LOGGING_IN_TO,
  SPINNER_FRAMES,
  type WaitingState,
  waitingLayout,
  waitingStatus,
} from "./screen-text.js";
import { osc8 } from "./terminal.js";

export interface FirstFrameInput {
  instanceUrl: string;
  instanceVersion?: string;
  request: LoginRequest;
  /** Clock reading for the countdown. */
  now: number;
  columns: number;
  rows: number;
  qr: boolean;
  color: boolean;
  hyperlinks: boolean;
  cloudUrl?: string;
  canOpenBrowser: boolean;
  /** Ink styles text (bold, colours) only when chalk does; default: chalk's own decision. */
  styled?: boolean;
}

/** An SGR or OSC sequence that starts a style, and the one that ends it. */
interface Style {
  open: string;
  close: string;
}
interface Run {
  text: string;
  styles?: Style[];
}
type Line = Run[];

const sgr = (open: string, close: number): Style => ({
  open: `\x1b[${open}m`,
  close: `\x1b[${close}m`,
});
const BOLD = sgr("1", 22);
const DIM = sgr("2", 22);
const CYAN = sgr("36", 39);
const BLUE = sgr("34", 39);
const YELLOW = sgr("33", 39);
/** The QR code's pinned black ink on white paper (qr.ts), as Ink writes it back. */
const QR_PAPER = [sgr("38;5;16", 39), sgr("48;5;231", 49)];

/** Printable ASCII: measured the same here and by Ink (string-width). */
const ASCII = /^[\x20-\x7e]*$/;

const widthOf = (line: Line) => line.reduce((w, run) => w + displayWidth(run.text), 0);

/**
 * A line as Ink writes it (its output goes through @alcalzone/ansi-tokenize): each style
 * opened where it starts, the ones that end closed in reverse order, all closed at the end,
 * and trailing unstyled spaces trimmed.
 */
function serialize(line: Line): string {
  let out = "";
  let active: Style[] = [];
  for (const run of line) {
    if (run.text === "") continue;
    const next = run.styles ?? [];
    // As the tokenizer diffs styles: bold and dim share their end, colours replace each other.
    const ended = active.filter((s) =>
      s === BOLD || s === DIM ? !next.includes(s) : !next.some((n) => n.close === s.close),
    );
    const started = next.filter((n) => !active.some((s) => s.open === n.open));
    out += [...ended.reverse().map((s) => s.close), ...started.map((s) => s.open)].join("");
    out += run.text;
    active = next;
  }
  out += active
    .toReversed()
    .map((s) => s.close)
    .join("");
  return out.trimEnd();
}

/**
 * The waiting screen's lines exactly as Ink draws them (without the final newline), or
 * undefined when only Ink's layout can draw it.
 */
export function firstFrame(input: FirstFrameInput): string[] | undefined {
  const { columns, request } = input;
  const styled = input.styled ?? chalk.level > 0;
  const state: WaitingState = {
    phase: "waiting",
    interactive: true,
    attempt: 1,
    request,
    approval: "device",
    now: input.now,
    browser: { status: "not-tried" },
  };
  const warning = hostWarning(state, input.cloudUrl);
  const canOpen = canOpenLink(state, input.canOpenBrowser);
  const keys = footerKeys(state, canOpen);
  const instance = instanceLine(input.instanceUrl, input.instanceVersion);
  const header = `${LOGGING_IN_TO}${instance.url}${instance.version}`;
  const layout = waitingLayout({
    state,
    columns,
    rows: input.rows,
    ...chromeLines(header, warning, keys),
    qr: input.qr,
    color: input.color,
  });
  const { link, beside } = layout;
  const code = shownCode(request.userCode);
  if (![header, warning ?? "", link.text, code].every((text) => ASCII.test(text))) return undefined;

  const bold = styled ? [BOLD] : [];
  const colour = (style: Style) => (styled && input.color ? [style] : []);
  const dim = colour(DIM);
  const anchor = input.hyperlinks && link.target ? osc8(link.target) : undefined;

  const intro: Line[] = [
    [{ text: introLine(false) }],
    [{ text: link.text, styles: [...colour(BLUE), ...(anchor ? [anchor] : [])] }],
  ];
  const inner = displayWidth(code) + 4;
  const edge = (text: string): Run => ({ text, styles: colour(CYAN) });
  const details: Line[] = [
    [],
    [edge(`╭${"─".repeat(inner)}╮`)],
    [edge("│"), { text: "  " }, { text: code, styles: bold }, { text: "  " }, edge("│")],
    [edge(`╰${"─".repeat(inner)}╯`)],
    [],
    [
      { text: SPINNER_FRAMES[0]!, styles: colour(CYAN) },
      { text: waitingStatus(formatCountdown(remainingMs(state))) },
    ],
    [{ text: browserLine(state, canOpen, link), styles: dim }],
    ...(layout.qrNote ? [[{ text: layout.qrNote, styles: dim }]] : []),
  ];
  const qr: Line[] = (
    (layout.qrLines && link.target && renderQr(link.target, { color: false })) ||
    []
  ).map((row) => [{ text: row, styles: QR_PAPER }]);

  // Each block with the width it is laid out in: Ink would wrap anything wider.
  const blocks: [Line[], number][] = [];
  const head: Line[] = [
    [{ text: LOGGING_IN_TO }, { text: instance.url, styles: bold }, { text: instance.version }],
    ...(warning ? [[{ text: warning, styles: colour(YELLOW) }]] : []),
    [],
  ];
  blocks.push([head, columns]);
  if (beside) {
    const text = beside.linkAbove ? details : [...intro, ...details];
    if (beside.linkAbove) blocks.push([intro, columns]);
    if (!text.every((line) => widthOf(line) <= beside.textColumns)) return undefined;
    const rows = Math.max(text.length, qr.length);
    const side: Line[] = Array.from({ length: rows }, (_, i) => {
      const left = text[i] ?? [];
      const right = qr[i];
      if (!right) return left;
      return [...left, { text: " ".repeat(beside.textColumns - widthOf(left) + QR_GAP) }, ...right];
    });
    blocks.push([side, columns]);
  } else {
    blocks.push([[...intro, ...details, ...qr], columns]);
  }
  blocks.push([[[], [{ text: keysLine(keys), styles: dim }]], columns]);

  if (!blocks.every(([lines, width]) => lines.every((line) => widthOf(line) <= width)))
    return undefined;
  const lines = blocks.flatMap(([block]) => block);
  // As tall as the terminal, Ink draws differently (no final newline): leave it to Ink.
  if (lines.length >= input.rows) return undefined;
  return lines.map(serialize);
}
