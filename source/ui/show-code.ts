// The login code on the terminal before Ink has loaded: the screen's first frame as plain
// text (first-frame.ts), or the plain preview where only Ink can lay that frame out. Shared
// by the interactive login (interactive-login.ts) and by bin.cjs's early login
// (fast/early-login.ts), which draws it before the full CLI has even loaded.
import type { LoginRequest } from "../session/device-flow.js";
import { firstFrame } from "./first-frame.js";
import { previewLines, rowsTaken } from "./preview.js";
import { drawnOver } from "./take-over.js";
import { terminalCaps } from "./terminal.js";

/** What the screen shows around the code, and where it is drawn. */
export interface CodeScreen {
  instanceUrl: string;
  instanceVersion?: string;
  /** A browser may be opened (the screen's `o` key and browser line). */
  canOpenBrowser: boolean;
  stderr: NodeJS.WriteStream;
  /** NO_COLOR, TERM, CAIDO_CLOUD_URL. */
  env: NodeJS.ProcessEnv;
  /** False for --no-qr. */
  qr?: boolean;
  /** Override detection (NO_COLOR, TERM=dumb). */
  color?: boolean;
  hyperlinks?: boolean;
  /** Default env.CAIDO_CLOUD_URL. */
  cloudUrl?: string;
}

/** The code as it is on the terminal: in the `rows` rows above the cursor, `columns` wide. */
export interface ShownCode {
  request: LoginRequest;
  rows: number;
  columns: number;
  /**
   * What those rows show, one line each, when it is the screen's own first frame: the screen
   * then draws only where its first frame differs. Unset for the plain preview (its lines may
   * wrap): the screen draws over all the rows.
   */
  lines?: string[];
}

/** Writes the first frame (or, where only Ink lays it out, the plain preview): where it is. */
export function showCode(screen: CodeScreen, request: LoginRequest, now: number): ShownCode {
  const { stderr, env } = screen;
  const caps = terminalCaps(env, { color: screen.color, hyperlinks: screen.hyperlinks });
  const cloudUrl = screen.cloudUrl ?? env.CAIDO_CLOUD_URL;
  const columns = stderr.columns || 80;
  const frame = firstFrame({
    instanceUrl: screen.instanceUrl,
    instanceVersion: screen.instanceVersion,
    request,
    now,
    columns,
    rows: stderr.rows || 24,
    qr: screen.qr ?? true,
    color: caps.color,
    hyperlinks: caps.hyperlinks,
    cloudUrl,
    canOpenBrowser: screen.canOpenBrowser,
  });
  if (frame) {
    // The code first, then (a QR code's encoding later) the whole frame over it.
    stderr.write(`${frame.early.join("\n")}\n`);
    if (!frame.whole) return { request, rows: frame.early.length, columns, lines: frame.early };
    const whole = frame.whole();
    stderr.write(drawnOver(`${whole.join("\n")}\n`, frame.early.length, columns));
    return { request, rows: whole.length, columns, lines: whole };
  }
  const lines = previewLines({
    instanceUrl: screen.instanceUrl,
    instanceVersion: screen.instanceVersion,
    request,
    cloudUrl,
  });
  stderr.write(`${lines.join("\n")}\n`);
  // The preview's lines may wrap.
  return { request, rows: rowsTaken(lines, columns), columns };
}
