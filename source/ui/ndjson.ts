// `login --json`: one JSON object per line on stdout — code, approved, error. Stable and
// documented (cli.md). Built field by field from our own types, so a token can never slip in.
// Every failure, before the code or after it, ends the output with exactly one error event.
import type { CaidoAuthError } from "../base/errors.js";
import type { LoginRequest, LoginState, LoginSuccess } from "../session/device-flow.js";
import {
  asAuthError,
  type LoginDeps,
  type LoginOptions,
  runLogin,
} from "../session/login-driver.js";
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
      /** Null when the login failed before an instance was known (a usage error). */
      instance: string | null;
      kind: string;
      message: string;
      hint?: string;
      exitCode: number;
    };

export function errorEvent(instance: string | null, error: CaidoAuthError): LoginEventJson {
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

/** One `login --json` run's stdout: events as lines of JSON, and never a second error event. */
export class NdjsonOutput {
  #failed = false;
  constructor(private readonly stdout: { write(text: string): unknown }) {}

  emit(event: LoginEventJson): void {
    if (event.event === "error") {
      if (this.#failed) return;
      this.#failed = true;
    }
    this.stdout.write(`${JSON.stringify(event)}\n`);
  }

  /** The error event for a failure, unless one was written already. */
  fail(instance: string | null, error: unknown): void {
    this.emit(errorEvent(instance, asAuthError(error)));
  }
}

/** Returns an onState callback that writes each event once, as one line of JSON. */
export function ndjsonRenderer(options: {
  instanceUrl: string;
  write?: (line: string) => void;
  /** Instead of write: the run's output, which keeps the error event single. */
  output?: NdjsonOutput;
}): (state: LoginState) => void {
  const instance = options.instanceUrl;
  const emit = (e: LoginEventJson) =>
    options.output ? options.output.emit(e) : options.write?.(JSON.stringify(e));
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
  /** The run's output (login.ts), when failures outside the flow may write an event too. */
  output?: NdjsonOutput;
  signal?: AbortSignal;
}

/** The whole `login --json`: NDJSON on stdout; resolves or rejects like runLogin's done. */
export function runNdjsonLogin(
  deps: LoginDeps,
  options: NdjsonLoginOptions = {},
): Promise<LoginSuccess> {
  const output = options.output ?? new NdjsonOutput(options.stdout ?? process.stdout);
  const render = ndjsonRenderer({ instanceUrl: deps.instanceUrl, output });
  const signal = options.signal ?? new AbortController().signal;
  return runLogin(deps, render, signal, {
    interactive: false,
    autoOpenBrowser: options.autoOpenBrowser,
  }).done;
}
