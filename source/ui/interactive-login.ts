// The interactive login's start-up: ask for the code, draw the login screen's first frame as
// plain text the moment it comes (the code and link at once, the QR code and keys as soon as
// the code is encoded), then load the screen (Ink lays its frames out), which starts from that
// very frame in place and runs from there (countdown, keys, outcome). When bin.cjs asked for
// the code and drew it already (fast/early-login.ts), only the last step is left.
import type { LoginDeps, LoginRequest, LoginSuccess } from "../session/login-driver.js";
import type { RenderLoginOptions } from "./render-login.js";
// Loaded with this module (login.ts imports it while /health is on its way): the frame's
// layout and QR encoder are ready when the code comes.
import { type ShownCode, showCode } from "./show-code.js";

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

/**
 * The code bin.cjs asked for and drew before this module loaded (fast/early-login.ts): the
 * request (rejecting as deps.start would), and where it was drawn, once it was.
 */
export interface EarlyCode {
  request: Promise<LoginRequest>;
  shown: Promise<ShownCode | undefined>;
}

type Options = RenderLoginOptions & {
  stderr: NodeJS.WriteStream;
  signal: AbortSignal;
  early?: EarlyCode;
};

export async function runInteractiveLogin(
  deps: LoginDeps,
  options: Options,
): Promise<LoginSuccess> {
  const { early, ...rest } = options;
  const first = early?.request ?? deps.start(options.signal);
  // A failure here is the driver's to show, on the full screen.
  const request = await first.catch(() => undefined);
  const shown = early
    ? await early.shown
    : request &&
      showCode(
        {
          ...options,
          env: options.env ?? process.env,
          instanceUrl: deps.instanceUrl,
          instanceVersion: deps.instanceVersion,
          canOpenBrowser: deps.openBrowser !== undefined,
        },
        request,
        deps.now(),
      );
  // Keys typed from now until the screen reads them wait in the terminal, not echoed: a q or a
  // Ctrl+C then reaches the screen (it keeps this raw mode, and turns it off at the end)
  // instead of being echoed over the frame or interrupting the whole process group. Not before the code
  // has come: while an instance does not answer, nothing would read a Ctrl+C, and as a signal
  // it cancels. Node restores the mode at exit.
  const stdin = options.stdin ?? process.stdin;
  if (shown && stdin.isTTY) stdin.setRawMode(true);
  const { renderLogin } = await import("./render-login.js");
  return renderLogin(withFirstRequest(deps, first), { ...rest, shown });
}
