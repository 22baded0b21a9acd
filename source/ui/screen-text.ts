// What the login screen says and where its QR code goes, without Ink: the Ink screen and the
// plain first frame (first-frame.ts, drawn before Ink has loaded) both read it from here, so
// the two cannot disagree about a word, a key or the layout.

import { safeText } from "../base/safe-text.js";
import type { LoginState } from "../session/device-flow.js";
import { displayWidth, type Lines, placeQr, type QrPlacement, wrappedLines } from "./layout.js";
import { qrSize, renderQr } from "./qr.js";
import {
  isTrustedVerificationHost,
  linkTarget,
  type ShownLink,
  shownLink,
  untrustedHostWarning,
} from "./trusted-host.js";

export type WaitingState = LoginState & { phase: "waiting" };

/** The spinner's frames; the first is the one shown while a code is requested. */
export const SPINNER_FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * The spinner beside the countdown: one step for each second that passes, so it moves with the
 * countdown and never makes the screen redraw more often than the countdown does.
 */
export function spinnerFrame(remainingMs: number): string {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const n = SPINNER_FRAMES.length;
  return SPINNER_FRAMES[(n - (seconds % n)) % n]!;
}

/** Instructions, link, spacer, box (3), spacer, status, browser line, clipboard line. */
export const TEXT_LINES = 10;

/** The `o` key works: a browser may be opened and the link is a web page (never file: etc.). */
export function canOpenLink(state: LoginState, canOpenBrowser: boolean): boolean {
  if (!canOpenBrowser) return false;
  return !("request" in state) || linkTarget(state.request.verificationUrl) !== undefined;
}

export function footerKeys(state: LoginState, canOpenBrowser: boolean): string[] {
  if (state.phase === "starting") return ["q quit"];
  if (state.phase === "expired") return ["r new code", "q quit"];
  if (state.phase !== "waiting") return [];
  if (state.approval === "pat") return ["q cancel"];
  return [...(canOpenBrowser ? ["o open browser"] : []), "c copy code", "q cancel"];
}

/** The footer line: the keys that work right now. */
export const keysLine = (keys: string[]) => keys.join(" · ");

/** "Logging in to URL (Caido 0.56.0)": what the person grants access to, made safe. */
export function instanceLine(
  instanceUrl: string,
  instanceVersion?: string,
): { url: string; version: string } {
  const version = instanceVersion ? ` (Caido ${safeText(instanceVersion, 64)})` : "";
  return { url: safeText(instanceUrl), version };
}

export const LOGGING_IN_TO = "Logging in to ";

/** The warning under the header when the verification page is not on a trusted host. */
export function hostWarning(state: LoginState, cloudUrl?: string): string | undefined {
  const url = "request" in state ? state.request.verificationUrl : undefined;
  return url && !isTrustedVerificationHost(url, cloudUrl) ? untrustedHostWarning(url) : undefined;
}

/**
 * Lines the header (instance line, warning, spacer) and the footer (spacer, keys) take at a
 * terminal width, counted as Ink wraps them: the QR code gets what is left.
 */
export function chromeLines(header: string, warning: string | undefined, keys: string[]) {
  return {
    headerLines: (columns: number) =>
      wrappedLines(header, columns) + (warning ? wrappedLines(warning, columns) : 0) + 1,
    footerLines: (columns: number) =>
      keys.length > 0 ? 1 + wrappedLines(keysLine(keys), columns) : 0,
  };
}

export function introLine(pat: boolean): string {
  return pat
    ? "Approving this code with your personal access token:"
    : "Open this page and enter the code:";
}

/** The status line after the spinner: " Waiting for approval · expires in 14:59". */
export const waitingStatus = (countdown: string) =>
  ` Waiting for approval · expires in ${countdown}`;

export function browserLine(state: WaitingState, canOpen: boolean, link: ShownLink): string {
  if (link.problem) return `caido-auth will not open this link: it is ${link.problem}.`;
  const b = state.browser;
  if (b.status === "opening") return "Opening your browser…";
  if (b.status === "opened") return "Opened in your browser.";
  if (b.status === "failed")
    return `Could not open a browser (${safeText(b.reason, 200)}). Open the URL yourself.`;
  return canOpen ? "Press o to open it in your browser." : "Open the URL on any device.";
}

export interface WaitingLayoutInput {
  state: WaitingState;
  columns: number;
  rows: number;
  /** Lines the screen uses above and below the waiting block, at a terminal width. */
  headerLines: Lines;
  footerLines: Lines;
  qr: boolean;
  color: boolean;
}

export interface WaitingLayout {
  link: ShownLink;
  pat: boolean;
  placement: QrPlacement;
  /** A QR code is drawn, beside the text or below it. */
  drawsQr: boolean;
  /** Its lines (pinned colours), encoded on the first call; null when none is drawn. */
  qrLines(): string[] | null;
  /** Set when the QR code goes beside the text. */
  beside?: QrPlacement & { place: "beside" };
  /** Without a QR code (and without a PAT): why not, and what would show one. */
  qrNote?: string;
}

/** Where the QR code goes on the waiting screen, and why there is none when there is none. */
export function waitingLayout(input: WaitingLayoutInput): WaitingLayout {
  const link = shownLink(input.state.request.verificationUrl);
  const web = link.target !== undefined;
  const pat = input.state.approval === "pat";
  // A PAT approves by itself: nobody needs to scan anything.
  const wantQr = input.qr && input.color && !pat && web;
  const size = wantQr && link.target ? qrSize(link.target) : null;
  const placement: QrPlacement = wantQr
    ? placeQr({
        columns: input.columns,
        rows: input.rows,
        qr: size,
        headerLines: input.headerLines,
        textLines: TEXT_LINES,
        footerLines: input.footerLines,
        linkColumns: displayWidth(link.text),
      })
    : { place: "none", need: null };
  const target = placement.place === "none" ? undefined : link.target;
  const qrLines = () => (target ? renderQr(target, { color: true }) : null);
  const beside = target && placement.place === "beside" ? placement : undefined;
  const qrNote =
    target || pat
      ? undefined
      : noQrReason(input, link, placement.place === "none" ? placement.need : null);
  return { link, pat, placement, drawsQr: target !== undefined, qrLines, beside, qrNote };
}

function noQrReason(
  input: WaitingLayoutInput,
  link: ShownLink,
  need: { columns: number; rows: number } | null,
): string {
  if (!input.qr) return "QR code off (--no-qr).";
  if (!input.color) return "No QR code while NO_COLOR is set: it needs fixed colours to scan.";
  if (link.problem) return `No QR code: the link is ${link.problem}.`;
  if (!need) return "No QR code for this URL; use the link above.";
  return `Enlarge the terminal to ${need.columns}x${need.rows} for a QR code.`;
}
