// renderLogin: the interactive login on a terminal. Ink draws on stderr (stdout carries data
// only); the driver does the work; the returned promise settles with the driver's outcome.
// It also owns two things Ink leaves to the app: redrawing cleanly when the terminal shrinks,
// and opening the browser by itself only for a web page on a trusted host.
import { render } from "ink";
import {
  initialState,
  type LoginRequest,
  type LoginState,
  transition,
} from "../session/device-flow.js";
import type { LoginDeps, LoginSuccess } from "../session/login-driver.js";
import { runLogin } from "../session/login-driver.js";
import { type LoginActions, LoginApp } from "./LoginApp.js";
import { drawFirstFrameOver } from "./take-over.js";
import { osc52Copy, terminalCaps } from "./terminal.js";
import { mayOpenAutomatically } from "./trusted-host.js";

/** Erase the whole visible screen and put the cursor home (scrollback is left alone). */
const CLEAR_SCREEN = "\x1b[2J\x1b[H";

export interface RenderLoginOptions {
  /** Default process.env: NO_COLOR, TERM, CAIDO_CLOUD_URL. */
  env?: NodeJS.ProcessEnv;
  /** Default process.stdin; must be a TTY (keys). */
  stdin?: NodeJS.ReadStream;
  /** Where the screen is drawn. Default process.stderr. */
  stderr?: NodeJS.WriteStream;
  /** Aborted on SIGINT/SIGTERM (Context.signal): cancels like q. */
  signal?: AbortSignal;
  /** False for --no-qr. */
  qr?: boolean;
  /** Override detection (NO_COLOR, TERM=dumb). */
  color?: boolean;
  hyperlinks?: boolean;
  /** Default env.CAIDO_CLOUD_URL: its host counts as trusted for the verification URL. */
  cloudUrl?: string;
  /**
   * Open the browser without waiting for `o` (default true when deps.openBrowser is set); never
   * for a link that is warned about or is not an http(s) page: the person reads the warning,
   * then may press `o`.
   */
  autoOpenBrowser?: boolean;
  /**
   * The code already on the terminal, printed before Ink loaded (interactive-login.ts) in the
   * `rows` rows right above the cursor, `columns` wide: the screen starts on this code
   * (deps.start must answer it first) and its first frame is drawn over those rows in place.
   */
  shown?: { request: LoginRequest; rows: number; columns: number };
}

export async function renderLogin(
  deps: LoginDeps,
  options: RenderLoginOptions = {},
): Promise<LoginSuccess> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const caps = terminalCaps(env, { color: options.color, hyperlinks: options.hyperlinks });
  const cloudUrl = options.cloudUrl ?? env.CAIDO_CLOUD_URL;
  const size = () => ({ columns: stderr.columns || 80, rows: stderr.rows || 24 });
  let handle: ReturnType<typeof runLogin> | undefined;
  const { shown } = options;
  // With the code shown already, never a "Requesting a login code" frame in between.
  let current = shown
    ? transition(initialState(true), {
        type: "started",
        request: shown.request,
        approval: deps.approve ? "pat" : "device",
        now: deps.now(),
      })
    : initialState(true);
  const actions: LoginActions = {
    openBrowser: () => handle?.openBrowser(),
    restart: () => handle?.restart(),
    cancel: () => handle?.cancel(),
    // OSC 52 goes to the terminal through the UI stream: stdout stays data only.
    copy: (code) => stderr.write(osc52Copy(code)),
  };
  const view = (state: LoginState) => (
    <LoginApp
      state={state}
      actions={actions}
      instanceUrl={deps.instanceUrl}
      instanceVersion={deps.instanceVersion}
      {...size()}
      qr={options.qr ?? true}
      color={caps.color}
      hyperlinks={caps.hyperlinks}
      cloudUrl={cloudUrl}
      canOpenBrowser={deps.openBrowser !== undefined}
    />
  );

  // Resized since, the terminal may have reflowed those rows into more or fewer: counting up
  // could miss some or climb into the lines above. Clear the visible screen instead.
  const resized = shown !== undefined && size().columns !== shown.columns;
  if (resized) stderr.write(CLEAR_SCREEN);
  const restoreWrite = drawFirstFrameOver(stderr, resized ? 0 : (shown?.rows ?? 0));
  const ink = render(view(current), {
    stdout: stderr,
    stdin: options.stdin ?? process.stdin,
    // Ctrl+C must go through cancel (exit 130, nothing stored), not Ink's own exit.
    exitOnCtrlC: false,
    // Ink throttles frames to 30 a second: the code frame, right after the first, waited a
    // whole throttle window behind it. Frames here are few (a tick a second, keys).
    maxFps: 120,
    patchConsole: false,
  });

  // A terminal narrowed under the screen reflows the old frame into more rows than Ink knows
  // of, so Ink's erase leaves its top lines above the new frame, and the frame it draws next is
  // laid out for the old width (ink#711, ink#816). Before Ink's own handler runs: lay the screen
  // out for the new size, and when narrower, clear the visible screen; Ink then redraws the
  // whole frame (it always does on a narrower terminal) from the top.
  let lastColumns = size().columns;
  const onResize = () => {
    const { columns } = size();
    if (columns < lastColumns) stderr.write(CLEAR_SCREEN);
    lastColumns = columns;
    ink.rerender(view(current));
  };
  stderr.prependListener("resize", onResize);

  const autoOpen = (options.autoOpenBrowser ?? true) && deps.openBrowser !== undefined;
  let autoOpenedAttempt = 0;
  const onState = (state: LoginState) => {
    // The driver starts from "starting"; the screen already shows its first code.
    if (shown && state.phase === "starting" && state.attempt === 1) return;
    current = state;
    ink.rerender(view(state));
    // Once per code, and only for a page a person need not be warned about.
    if (
      autoOpen &&
      state.phase === "waiting" &&
      state.approval === "device" &&
      state.attempt !== autoOpenedAttempt
    ) {
      autoOpenedAttempt = state.attempt;
      if (mayOpenAutomatically(state.request.verificationUrl, cloudUrl)) {
        queueMicrotask(() => handle?.openBrowser());
      }
    }
  };
  // Ink's signal-exit re-raises SIGINT and SIGTERM (so the process dies by the signal, 143)
  // when it sees no other listener, and the CLI's own listener is a `once` already spent by
  // then. While the screen is up, a signal cancels like q: exit 130, the final screen drawn.
  // SIGHUP (the terminal is gone) is left to Ink: it restores the terminal and ends.
  const onSignal = () => handle?.cancel();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  handle = runLogin(deps, onState, options.signal ?? new AbortController().signal, {
    interactive: true,
    autoOpenBrowser: false,
  });
  handle.done.catch(() => {});
  try {
    await ink.waitUntilExit();
  } catch {
    // The driver's outcome below carries the same error.
  } finally {
    restoreWrite();
    stderr.off("resize", onResize);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // Ink can also end on its own (an unmount, a render error): never leave the flow running.
    handle.cancel();
    ink.cleanup();
  }
  return handle.done;
}
