// The login screen's first frame as plain text, the moment the instance answers: the same
// lines, styles and QR code Ink will draw for the waiting screen, without loading Ink, React
// or yoga (~100 ms here, far more on a small VPS). The code and link go first, the QR code and
// keys once encoded (a few ms), each in place (take-over.ts); the screen then starts from this
// very frame and draws only what changes (render-login.ts), so nothing moves. When the frame
// would need Ink's own layout (text that wraps, non-ASCII from the instance, a terminal too
// short), there is no first frame here and the caller shows the plain preview instead.
import { isatty } from "node:tty";
import { type LoginRequest, remainingMs } from "../session/device-flow.js";
import { formatCountdown, shownCode } from "./format.js";
import { inkStyles } from "./ink-styles.js";
import { displayWidth, QR_GAP } from "./layout.js";
import { qrSize, renderQr } from "./qr.js";
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
  spinnerFrame,
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
  /** Ink styles text (bold, colours) only when chalk would; default: as chalk decides. */
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

/** The first frame, in the two writes a person sees it in. */
export interface FirstFrame {
  /** The code, link and status where they stay; the QR code's place still blank, no keys. */
  early: string[];
  /**
   * The whole frame as Ink draws it (lines without the final newline), to draw over the early
   * one: encoding the QR code is the slow part. Undefined when there is no QR code: then the
   * early frame is already whole.
   */
  whole?: () => string[];
}

/**
 * The waiting screen as Ink will draw it, or undefined when only Ink's layout can draw it (a
 * line that would wrap, non-ASCII from the instance, a frame as tall as the terminal).
 */
export function firstFrame(input: FirstFrameInput): FirstFrame | undefined {
  const { columns, request } = input;
  const styled = input.styled ?? inkStyles(process.env, isatty(1));
  if (styled === undefined) return undefined;
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
      { text: spinnerFrame(remainingMs(state)), styles: colour(CYAN) },
      { text: waitingStatus(formatCountdown(remainingMs(state))) },
    ],
    [{ text: browserLine(state, canOpen, link), styles: dim }],
    ...(layout.qrNote ? [[{ text: layout.qrNote, styles: dim }]] : []),
  ];
  const size = layout.drawsQr && link.target ? qrSize(link.target) : null;
  const keysLines: Line[] = [[], [{ text: keysLine(keys), styles: dim }]];
  const head: Line[] = [
    [{ text: LOGGING_IN_TO }, { text: instance.url, styles: bold }, { text: instance.version }],
    ...(warning ? [[{ text: warning, styles: colour(YELLOW) }]] : []),
    [],
  ];
  const text = beside?.linkAbove ? details : [...intro, ...details];
  // Ink would wrap anything wider than where it is laid out: leave such frames to Ink.
  const fits = (lines: Line[], width: number) => lines.every((line) => widthOf(line) <= width);
  if (!fits([...head, ...keysLines], columns)) return undefined;
  if (beside ? !fits(text, beside.textColumns) || !fits(intro, columns) : !fits(text, columns))
    return undefined;

  /** The frame with these QR rows (blank ones, early), with or without the keys. */
  const draw = (qr: Line[], footer: Line[]): string[] => {
    const body: Line[] = [];
    if (beside) {
      if (beside.linkAbove) body.push(...intro);
      for (let i = 0; i < Math.max(text.length, qr.length); i++) {
        const left = text[i] ?? [];
        const right = qr[i];
        const gap = beside.textColumns - widthOf(left) + QR_GAP;
        body.push(right ? [...left, { text: " ".repeat(gap) }, ...right] : left);
      }
    } else {
      body.push(...text, ...qr);
    }
    return [...head, ...body, ...footer].map(serialize);
  };
  const blank: Line[] = Array.from({ length: size?.rows ?? 0 }, () => []);
  const early = draw(blank, size ? [] : keysLines);
  // As tall as the terminal, its top line would scroll away under the cursor: leave it to Ink.
  if (early.length + (size ? keysLines.length : 0) >= input.rows) return undefined;
  if (!size || !link.target) return { early };
  const target = link.target;
  return {
    early,
    whole: () =>
      draw(
        (renderQr(target, { color: false }) ?? []).map((row) => [{ text: row, styles: QR_PAPER }]),
        keysLines,
      ),
  };
}
