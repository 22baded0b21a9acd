// renderLogin: the interactive login on a terminal. The driver does the work; each of its
// states is laid out as a frame (login-frame.tsx) and put on stderr (stdout carries data only)
// by the frame writer, which writes only what changed: while the code waits for approval, that
// is the countdown, once a second. Keys come from stdin in raw mode. The returned promise
// settles with the driver's outcome, the final screen left on the terminal. It also opens the
// browser by itself only for a web page on a trusted host.

import { safeText } from "../base/safe-text.js";
import {
  initialState,
  type LoginRequest,
  type LoginState,
  transition,
} from "../session/device-flow.js";
import type { LoginDeps, LoginSuccess } from "../session/login-driver.js";
import { asAuthError, runLogin } from "../session/login-driver.js";
import { CODE_MAX } from "./format.js";
import { FrameWriter } from "./frame-writer.js";
import { type Key, listenForKeys } from "./keys.js";
import { loginFrame } from "./login-frame.js";
import { loginAction } from "./login-keys.js";
import { osc52Copy, terminalCaps } from "./terminal.js";
import { mayOpenAutomatically } from "./trusted-host.js";

/** Past the moment the countdown changes, so that the frame drawn then shows the change. */
const TICK_SLACK_MS = 2;

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
   * The code already on the terminal, printed before the screen loaded (show-code.ts) in the
   * `rows` rows right above the cursor, `columns` wide; `lines` when they are known: the screen
   * starts on this code (deps.start must answer it first), its first frame drawn over them in
   * place, only where it differs.
   */
  shown?: { request: LoginRequest; rows: number; columns: number; lines?: string[] };
}

export async function renderLogin(
  deps: LoginDeps,
  options: RenderLoginOptions = {},
): Promise<LoginSuccess> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const stdin = options.stdin ?? process.stdin;
  const caps = terminalCaps(env, { color: options.color, hyperlinks: options.hyperlinks });
  const cloudUrl = options.cloudUrl ?? env.CAIDO_CLOUD_URL;
  const canOpenBrowser = deps.openBrowser !== undefined;
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
  /** The code last sent to the clipboard (its request id): the screen says so until a new one. */
  let copiedFor: string | undefined;

  const frame = (state: LoginState) =>
    loginFrame({
      // The countdown as of now, not of the driver's last tick: it changes on the second.
      state: state.phase === "waiting" ? { ...state, now: deps.now() } : state,
      instanceUrl: deps.instanceUrl,
      instanceVersion: deps.instanceVersion,
      ...size(),
      qr: options.qr ?? true,
      color: caps.color,
      hyperlinks: caps.hyperlinks,
      cloudUrl,
      canOpenBrowser,
      copied: state.phase === "waiting" && copiedFor === state.request.id,
    });

  const writer = new FrameWriter((text) => stderr.write(text), {
    columns: shown?.columns ?? size().columns,
    rows: size().rows,
  });
  // Resized since, the terminal may have reflowed those rows into more or fewer: counting up
  // could miss some or climb into the lines above. Clear the visible screen instead.
  if (shown && shown.columns !== size().columns) writer.clearFirst();
  else if (shown?.lines) writer.adopt(shown.lines);
  else if (shown) writer.adoptRows(shown.rows);

  let failure: unknown;
  const draw = () => {
    try {
      writer.draw(frame(current), size());
    } catch (error) {
      // A screen that cannot be drawn ends the login: never a flow running behind it.
      failure ??= error;
      handle?.cancel();
    }
  };

  // Once a second while a code waits, when the countdown shows the next second.
  let tick: NodeJS.Timeout | undefined;
  const scheduleTick = () => {
    clearTimeout(tick);
    if (current.phase !== "waiting") return;
    const left = current.request.expiresAt - deps.now();
    if (left <= 0) return;
    const untilNextSecond = left - (Math.ceil(left / 1000) - 1) * 1000;
    tick = setTimeout(() => {
      draw();
      scheduleTick();
    }, untilNextSecond + TICK_SLACK_MS);
    tick.unref();
  };

  const autoOpen = (options.autoOpenBrowser ?? true) && canOpenBrowser;
  let autoOpenedAttempt = 0;
  const onState = (state: LoginState) => {
    // The driver starts from "starting"; the screen already shows its first code.
    if (shown && state.phase === "starting" && state.attempt === 1) return;
    current = state;
    draw();
    scheduleTick();
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

  const onKey = (key: Key) => {
    const action = loginAction(key, current, canOpenBrowser);
    if (action === "cancel") handle?.cancel();
    else if (action === "restart") handle?.restart();
    else if (action === "open") handle?.openBrowser();
    else if (action === "copy" && current.phase === "waiting") {
      // What the box shows, unspaced: never more than a code's worth of a server's bytes. OSC
      // 52 goes to the terminal through the UI stream: stdout stays data only.
      stderr.write(osc52Copy(safeText(current.request.userCode, CODE_MAX)));
      copiedFor = current.request.id;
      draw();
    }
  };

  draw();
  if (failure !== undefined) {
    writer.end();
    throw asAuthError(failure);
  }
  const stopKeys = listenForKeys(stdin, onKey);
  // A narrower terminal is cleared and drawn anew by the writer; any other size, what changed.
  const onResize = () => draw();
  stderr.on("resize", onResize);
  // The cursor comes back even when something ends the process while the screen is up.
  const onExit = () => writer.end();
  process.on("exit", onExit);
  // While the screen is up, a signal cancels like q: exit 130, the final screen drawn. (The
  // CLI's own listener is a `once`: a second signal would otherwise end the process at once.)
  // SIGHUP, the terminal gone, keeps its default: there is nothing left to draw on.
  const onSignal = () => handle?.cancel();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  handle = runLogin(deps, onState, options.signal ?? new AbortController().signal, {
    interactive: true,
    autoOpenBrowser: false,
  });
  // Its first state is drawn before it returns: a failure then had no flow to cancel yet.
  if (failure !== undefined) handle.cancel();
  try {
    await handle.done;
  } catch {
    // Returned below.
  } finally {
    clearTimeout(tick);
    stopKeys();
    stderr.off("resize", onResize);
    process.off("exit", onExit);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    writer.end();
  }
  if (failure !== undefined) throw asAuthError(failure);
  return handle.done;
}
