// `login --json`: one JSON object per line on stdout — code, approved, error. Stable and
// documented (cli.md). Built field by field from our own types, so a token can never slip in.
import type { CaidoAuthError } from "../errors.js";
import type { LoginRequest, LoginState, LoginSuccess } from "../session/device-flow.js";
import { type LoginDeps, type LoginOptions, runLogin } from "../session/login-driver.js";
import { errorKind } from "./messages.js";

export type LoginEventJson =
  | {
      event: "code";
      instance: string;
      userCode: string;
      verificationUrl: string;
      expiresAt: string;
    }
  | {
      event: "approved";
      instance: string;
      account: { id: string; email?: string; name?: string };
      savedTo: string;
    }
  | {
      event: "error";
      instance: string;
      kind: string;
      message: string;
      hint?: string;
      exitCode: number;
    };

export function errorEvent(instance: string, error: CaidoAuthError): LoginEventJson {
  return {
    event: "error",
    instance,
    kind: errorKind(error),
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    exitCode: error.exitCode,
  };
}

/** The code event: what a person needs to approve the login elsewhere. */
export function codeEvent(instance: string, request: LoginRequest): LoginEventJson {
  const { userCode, verificationUrl, expiresAt } = request;
  return {
    event: "code",
    instance,
    userCode,
    verificationUrl,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

/** Returns an onState callback that writes each event once, as one line of JSON. */
export function ndjsonRenderer(options: {
  instanceUrl: string;
  write: (line: string) => void;
}): (state: LoginState) => void {
  const instance = options.instanceUrl;
  const emit = (e: LoginEventJson) => options.write(JSON.stringify(e));
  let shownRequest: string | undefined;
  return (state) => {
    if (state.phase === "waiting" && shownRequest !== state.request.id) {
      shownRequest = state.request.id;
      emit(codeEvent(instance, state.request));
    }
    if (state.phase === "success") {
      const { id, email, name } = state.result.account;
      const account = { id, ...(email ? { email } : {}), ...(name ? { name } : {}) };
      emit({ event: "approved", instance, account, savedTo: state.result.savedTo });
    }
    if (state.phase === "failed" || state.phase === "cancelled")
      emit(errorEvent(instance, state.error));
  };
}

export interface NdjsonLoginOptions extends Pick<LoginOptions, "autoOpenBrowser"> {
  /** Default process.stdout. */
  stdout?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** The whole `login --json`: NDJSON on stdout; resolves or rejects like runLogin's done. */
export function runNdjsonLogin(
  deps: LoginDeps,
  options: NdjsonLoginOptions = {},
): Promise<LoginSuccess> {
  const stdout = options.stdout ?? process.stdout;
  const render = ndjsonRenderer({
    instanceUrl: deps.instanceUrl,
    write: (l) => stdout.write(`${l}\n`),
  });
  const signal = options.signal ?? new AbortController().signal;
  return runLogin(deps, render, signal, {
    interactive: false,
    autoOpenBrowser: options.autoOpenBrowser,
  }).done;
}
