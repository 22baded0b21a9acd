// The interactive login's start-up: ask for the code, draw the login screen's first frame as
// plain text the moment it comes (the code and link at once, the QR code and keys as soon as
// the code is encoded), then load Ink, which draws the same frame over it in place and runs
// the screen from there (countdown, keys, outcome).
import type { LoginDeps, LoginRequest, LoginSuccess } from "../session/login-driver.js";
// Loaded with this module (login.ts imports it while /health is on its way): the frame's
// layout and QR encoder are ready when the code comes.
import { firstFrame } from "./first-frame.js";
import { previewLines, rowsTaken } from "./preview.js";
import type { RenderLoginOptions } from "./render-login.js";
import { drawnOver } from "./take-over.js";
import { terminalCaps } from "./terminal.js";

/**
 * The first start() answers with the code requested before the screen existed; later ones
 * (a new code after expiry) ask anew.
 */
function withFirstRequest(deps: LoginDeps, first: Promise<LoginRequest>): LoginDeps {
  let pending: Promise<LoginRequest> | undefined = first;
  return {
    ...deps,
    start(signal) {
      const request = pending ?? deps.start(signal);
      pending = undefined;
      return request;
    },
  };
}

type Options = RenderLoginOptions & { stderr: NodeJS.WriteStream; signal: AbortSignal };
type Shown = NonNullable<RenderLoginOptions["shown"]>;

/** Writes the first frame (or, where only Ink lays it out, the plain preview): where it is. */
function showCode(deps: LoginDeps, options: Options, request: LoginRequest): Shown {
  const { stderr } = options;
  const env = options.env ?? process.env;
  const caps = terminalCaps(env, { color: options.color, hyperlinks: options.hyperlinks });
  const cloudUrl = options.cloudUrl ?? env.CAIDO_CLOUD_URL;
  const columns = stderr.columns || 80;
  const frame = firstFrame({
    instanceUrl: deps.instanceUrl,
    instanceVersion: deps.instanceVersion,
    request,
    now: deps.now(),
    columns,
    rows: stderr.rows || 24,
    qr: options.qr ?? true,
    color: caps.color,
    hyperlinks: caps.hyperlinks,
    cloudUrl,
    canOpenBrowser: deps.openBrowser !== undefined,
  });
  if (frame) {
    // The code first, then (a QR code's encoding later) the whole frame over it.
    stderr.write(`${frame.early.join("\n")}\n`);
    if (!frame.whole) return { request, rows: frame.early.length, columns };
    const whole = frame.whole();
    stderr.write(drawnOver(`${whole.join("\n")}\n`, frame.early.length, columns));
    return { request, rows: whole.length, columns };
  }
  const lines = previewLines({
    instanceUrl: deps.instanceUrl,
    instanceVersion: deps.instanceVersion,
    request,
    cloudUrl,
  });
  stderr.write(`${lines.join("\n")}\n`);
  // The preview's lines may wrap.
  return { request, rows: rowsTaken(lines, columns), columns };
}

export async function runInteractiveLogin(
  deps: LoginDeps,
  options: Options,
): Promise<LoginSuccess> {
  const first = deps.start(options.signal);
  // A failure here is the driver's to show, on the full screen.
  const request = await first.catch(() => undefined);
  const shown = request && showCode(deps, options, request);
  // Keys typed from now until Ink reads them wait in the terminal, not echoed: a q or a Ctrl+C
  // then reaches the screen (Ink keeps this raw mode, and turns it off at the end) instead of
  // being echoed over the frame or interrupting the whole process group. Not before the code
  // has come: while an instance does not answer, nothing would read a Ctrl+C, and as a signal
  // it cancels. Node restores the mode at exit.
  const stdin = options.stdin ?? process.stdin;
  if (shown && stdin.isTTY) stdin.setRawMode(true);
  const { renderLogin } = await import("./render-login.js");
  return renderLogin(withFirstRequest(deps, first), {
    ...options,
    shown,
  });
}
