// The device-flow login as a pure state machine: transition(state, event) → state, no I/O.
// One driver (login-driver.ts) feeds it; the Ink, plain and NDJSON views only read its states,
// so the three modes cannot disagree about what happened.
import type { CaidoAuthError } from "../base/errors.js";

export interface LoginRequest {
  id: string;
  userCode: string;
  verificationUrl: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface LoginAccount {
  id: string;
  email?: string;
  name?: string;
}

export interface LoginSuccess {
  account: LoginAccount;
  instanceUrl: string;
  /** Path of the config file the session was stored in. */
  savedTo: string;
  /** What to run next, e.g. "caido-auth status". */
  nextCommand: string;
}

export type BrowserStatus =
  | { status: "not-tried" }
  | { status: "opening" }
  | { status: "opened" }
  | { status: "failed"; reason: string };

/** How the code gets approved: a person in a browser, or a PAT (CI, no browser). */
export type Approval = "device" | "pat";

interface Base {
  /** Interactive: an expired code waits for a restart; otherwise it ends the login. */
  interactive: boolean;
  /** Counts codes requested so far (1 for the first); a restart increments it. */
  attempt: number;
}

export type LoginState =
  | (Base & { phase: "starting" })
  | (Base & {
      phase: "waiting";
      request: LoginRequest;
      approval: Approval;
      /** Clock reading of the last tick, for the countdown. */
      now: number;
      browser: BrowserStatus;
    })
  | (Base & { phase: "expired"; request: LoginRequest; error: CaidoAuthError })
  | (Base & { phase: "success"; result: LoginSuccess })
  | (Base & { phase: "failed"; error: CaidoAuthError })
  | (Base & { phase: "cancelled"; error: CaidoAuthError });

export type LoginPhase = LoginState["phase"];

export type LoginEvent =
  | { type: "started"; request: LoginRequest; approval: Approval; now: number }
  | { type: "tick"; now: number }
  | { type: "browser-opening" }
  | { type: "browser-opened" }
  | { type: "browser-failed"; reason: string }
  | { type: "approved"; result: LoginSuccess }
  | { type: "failed"; error: CaidoAuthError }
  | { type: "restart" }
  | { type: "cancel"; error: CaidoAuthError };

export function initialState(interactive: boolean): LoginState {
  return { phase: "starting", interactive, attempt: 1 };
}

/** Success, failure and cancellation end the login; nothing moves them on. */
export function isFinal(state: LoginState): boolean {
  return state.phase === "success" || state.phase === "failed" || state.phase === "cancelled";
}

/** Milliseconds left on the code, never negative. */
export function remainingMs(state: LoginState & { phase: "waiting" }): number {
  return Math.max(0, state.request.expiresAt - state.now);
}

const isExpiry = (error: CaidoAuthError) => (error as { kind?: unknown }).kind === "expired";

export function transition(state: LoginState, event: LoginEvent): LoginState {
  if (isFinal(state)) return state;
  const base: Base = { interactive: state.interactive, attempt: state.attempt };

  switch (event.type) {
    case "cancel":
      return { ...base, phase: "cancelled", error: event.error };

    case "started":
      if (state.phase !== "starting") return state;
      return {
        ...base,
        phase: "waiting",
        request: event.request,
        approval: event.approval,
        now: event.now,
        browser: { status: "not-tried" },
      };

    case "tick":
      return state.phase === "waiting" ? { ...state, now: event.now } : state;

    case "browser-opening":
      return withBrowser(state, { status: "opening" });
    case "browser-opened":
      return withBrowser(state, { status: "opened" });
    case "browser-failed":
      // A browser that will not open is reported; the person can still type the URL.
      return withBrowser(state, { status: "failed", reason: event.reason });

    case "approved":
      if (state.phase !== "waiting") return state;
      return { ...base, phase: "success", result: event.result };

    case "failed":
      if (state.phase === "expired") return state;
      if (state.phase === "waiting" && state.interactive && isExpiry(event.error)) {
        return { ...base, phase: "expired", request: state.request, error: event.error };
      }
      return { ...base, phase: "failed", error: event.error };

    case "restart":
      // Only an expired code can be replaced; a denial is an answer, not a timeout.
      if (state.phase !== "expired") return state;
      return { ...base, phase: "starting", attempt: state.attempt + 1 };
  }
}

function withBrowser(state: LoginState, browser: BrowserStatus): LoginState {
  return state.phase === "waiting" ? { ...state, browser } : state;
}
