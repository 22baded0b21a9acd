// The interactive login's start-up: ask for the code, draw the whole first frame (code, link,
// QR code, keys) as plain text the moment it comes, then load Ink, which draws the same frame
// over it in place and runs the screen from there (countdown, keys, outcome).
import type { LoginDeps, LoginRequest, LoginSuccess } from "../session/login-driver.js";
import { previewLines, rowsTaken } from "./preview.js";
import type { RenderLoginOptions } from "./render-login.js";
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

/** Writes the first frame (or, where only Ink can lay it out, the plain preview); its rows. */
async function showCode(
  deps: LoginDeps,
  options: Options,
  request: LoginRequest,
  frameModule: Promise<typeof import("./first-frame.js")>,
): Promise<number> {
  const { stderr } = options;
  const env = options.env ?? process.env;
  const caps = terminalCaps(env, { color: options.color, hyperlinks: options.hyperlinks });
  const cloudUrl = options.cloudUrl ?? env.CAIDO_CLOUD_URL;
  const columns = stderr.columns || 80;
  const frame = (await frameModule).firstFrame({
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
  const lines =
    frame ??
    previewLines({
      instanceUrl: deps.instanceUrl,
      instanceVersion: deps.instanceVersion,
      request,
      cloudUrl,
    });
  stderr.write(`${lines.join("\n")}\n`);
  // The first frame's lines fit the terminal; the preview's may wrap.
  return frame ? frame.length : rowsTaken(lines, columns);
}

export async function runInteractiveLogin(
  deps: LoginDeps,
  options: Options,
): Promise<LoginSuccess> {
  // Keys typed before Ink reads them wait in the terminal, not echoed: a q or a Ctrl+C then
  // reaches the screen (Ink keeps this raw mode, and turns it off at the end) instead of being
  // echoed over the frame or interrupting the whole process group. Node restores it at exit.
  const stdin = options.stdin ?? process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  const first = deps.start(options.signal);
  // Loaded while the instance answers: the QR encoder and the frame's layout.
  const frameModule = import("./first-frame.js");
  frameModule.catch(() => {}); // awaited only once there is a code to show
  // A failure here is the driver's to show, on the full screen.
  const request = await first.catch(() => undefined);
  const rows = request ? await showCode(deps, options, request, frameModule) : 0;
  const { renderLogin } = await import("./render-login.js");
  return renderLogin(withFirstRequest(deps, first), {
    ...options,
    shown: request && { request, rows },
  });
}
