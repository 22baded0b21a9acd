// Runs the device-flow login: calls the instance through the functions it is given, turns what
// happens into events for the pure machine (device-flow.ts) and hands every new state to onState.
// The Ink screen, the plain lines and the NDJSON events are all fed from here.
//
// Wiring (login command):
//   const handle = runLogin(deps, onState, ctx.signal, { interactive });
//   await handle.done;            // LoginSuccess, or rejects with the typed error (exitCode set)
// - deps.start:    startAuthenticationFlow → LoginRequest (the code is shown before anything else)
// - deps.complete: waits for the token, fetches the viewer, stores the session. It must end by
//                  itself at request.expiresAt with an InstanceFailure of kind "expired".
// - deps.approve:  PAT approval (CAIDO_PAT / --pat-stdin). When present the browser is never
//                  opened; complete() is started first so the token cannot slip past it.
// - deps.openBrowser: present when a browser may be opened (see ui/browser.ts shouldOpenBrowser);
//                  it is tried once automatically (unless options.autoOpenBrowser is false)
//                  and again on handle.openBrowser() (the `o` key). A failure is shown, not fatal.
// - interactive:   true only for the Ink screen. An expired code then waits for restart()
//                  (the `r` key) instead of ending the login with the expired error.
// Cancelling (handle.cancel() or the signal) aborts the in-flight calls and rejects done with
// CancelledError (exit 130); nothing is stored because complete() never finished.
import { CaidoAuthError, CancelledError } from "../base/errors.js";
import {
  initialState,
  isFinal,
  type LoginEvent,
  type LoginRequest,
  type LoginState,
  type LoginSuccess,
  transition,
} from "./device-flow.js";

export type { LoginRequest, LoginState, LoginSuccess } from "./device-flow.js";

export interface LoginDeps {
  instanceUrl: string;
  /** From /health, shown at the top so the person sees what they grant access to. */
  instanceVersion?: string;
  start(signal: AbortSignal): Promise<LoginRequest>;
  approve?(request: LoginRequest, signal: AbortSignal): Promise<void>;
  complete(request: LoginRequest, signal: AbortSignal): Promise<LoginSuccess>;
  openBrowser?(url: string): Promise<void>;
  now(): number;
  /** Calls fn every ms until the returned stop function runs. Default: setInterval. */
  every?(ms: number, fn: () => void): () => void;
}

export interface LoginOptions {
  interactive?: boolean;
  /** Open the browser as soon as the code is shown (default true when openBrowser is given). */
  autoOpenBrowser?: boolean;
}

export interface LoginHandle {
  /** Ask for a new code; only does something once the code has expired. */
  restart(): void;
  /** (Re)try opening the verification URL; only while waiting, without PAT, with an opener. */
  openBrowser(): void;
  cancel(): void;
  /** The latest state, for callers that render on their own schedule. */
  state(): LoginState;
  done: Promise<LoginSuccess>;
}

const TICK_MS = 1000;

const defaultEvery = (ms: number, fn: () => void) => {
  const timer = setInterval(fn, ms);
  return () => clearInterval(timer);
};

/** Anything that is not one of ours (a bug, a TypeError) still ends the login with exit 1. */
export function asAuthError(error: unknown): CaidoAuthError {
  if (error instanceof CaidoAuthError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new CaidoAuthError(`unexpected error: ${message}`);
  (wrapped as { cause?: unknown }).cause = error;
  return wrapped;
}

export function runLogin(
  deps: LoginDeps,
  onState: (state: LoginState) => void,
  signal: AbortSignal,
  options: LoginOptions = {},
): LoginHandle {
  const every = deps.every ?? defaultEvery;
  let state = initialState(options.interactive ?? false);
  let calls = new AbortController();
  let stopTicker: (() => void) | undefined;
  let settle!: { resolve: (r: LoginSuccess) => void; reject: (e: CaidoAuthError) => void };
  const done = new Promise<LoginSuccess>((resolve, reject) => {
    settle = { resolve, reject };
  });

  const dispatch = (event: LoginEvent) => {
    const next = transition(state, event);
    if (next === state) return;
    state = next;
    if (state.phase === "waiting" && !stopTicker) {
      stopTicker = every(TICK_MS, () => dispatch({ type: "tick", now: deps.now() }));
    } else if (state.phase !== "waiting" && stopTicker) {
      stopTicker();
      stopTicker = undefined;
    }
    // Whatever was in flight belongs to a code that is no longer on screen.
    if (state.phase !== "waiting") calls.abort();
    onState(state);
    if (state.phase === "success") settle.resolve(state.result);
    if (state.phase === "failed" || state.phase === "cancelled") settle.reject(state.error);
    if (isFinal(state)) signal.removeEventListener("abort", cancel);
  };

  const current = (attempt: number, ctl: AbortController) =>
    !ctl.signal.aborted && state.attempt === attempt && !isFinal(state);

  const openBrowser = () => {
    const open = deps.openBrowser;
    if (state.phase !== "waiting" || state.approval !== "device" || !open) return;
    if (state.browser.status === "opening") return;
    const { attempt } = state;
    const url = state.request.verificationUrl;
    const ctl = calls;
    dispatch({ type: "browser-opening" });
    open(url).then(
      () => current(attempt, ctl) && dispatch({ type: "browser-opened" }),
      (error: unknown) =>
        current(attempt, ctl) &&
        dispatch({
          type: "browser-failed",
          reason: error instanceof Error ? error.message : String(error),
        }),
    );
  };

  const attempt = async () => {
    const ctl = new AbortController();
    calls = ctl;
    const n = state.attempt;
    try {
      const request = await deps.start(ctl.signal);
      if (!current(n, ctl)) return;
      const approval = deps.approve ? "pat" : "device";
      dispatch({ type: "started", request, approval, now: deps.now() });
      const completion = deps.complete(request, ctl.signal);
      // If approval fails first, completion is abandoned: keep its rejection from going unhandled.
      completion.catch(() => {});
      if (deps.approve) await deps.approve(request, ctl.signal);
      else if (options.autoOpenBrowser ?? true) openBrowser();
      const result = await completion;
      if (current(n, ctl)) dispatch({ type: "approved", result });
    } catch (error) {
      if (current(n, ctl)) dispatch({ type: "failed", error: asAuthError(error) });
    }
  };

  function cancel() {
    dispatch({ type: "cancel", error: new CancelledError() });
  }

  const restart = () => {
    dispatch({ type: "restart" });
    if (state.phase === "starting") void attempt();
  };

  onState(state);
  if (signal.aborted) cancel();
  else {
    signal.addEventListener("abort", cancel, { once: true });
    void attempt();
  }
  return { restart, openBrowser, cancel, state: () => state, done };
}
