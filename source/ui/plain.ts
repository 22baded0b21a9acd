// Plain lines on stderr for logs and pipes (no TTY): no escape codes, no spinner, each fact once.
// Failures are not printed here: cli.ts prints the one error line for every non-zero exit.
// Every string from the instance goes through safeText: it can never steer the terminal.

import { safeText } from "../base/safe-text.js";
import type {
  BrowserStatus,
  LoginRequest,
  LoginState,
  LoginSuccess,
} from "../session/device-flow.js";
import { type LoginDeps, type LoginOptions, runLogin } from "../session/login-driver.js";
import { accountLabel, clockTime } from "./format.js";
import { isTrustedVerificationHost, untrustedHostWarning } from "./trusted-host.js";

export interface PlainRendererOptions {
  instanceUrl: string;
  instanceVersion?: string;
  /** CAIDO_CLOUD_URL: its host is trusted like caido.io. */
  cloudUrl?: string;
  /** Receives one line at a time, without the newline. */
  write: (line: string) => void;
}

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? "1 minute" : `${m} minutes`;
}

/** Returns an onState callback that prints what changed since the last state. */
export function plainRenderer(options: PlainRendererOptions): (state: LoginState) => void {
  const { write } = options;
  let headerDone = false;
  let shownRequest: string | undefined;
  let shownBrowser: string | undefined;
  return (state) => {
    if (!headerDone) {
      headerDone = true;
      const version = options.instanceVersion
        ? ` (Caido ${safeText(options.instanceVersion, 64)})`
        : "";
      write(`Logging in to ${options.instanceUrl}${version}`);
    }
    if (state.phase === "waiting") {
      const { request } = state;
      if (shownRequest !== request.id) {
        shownRequest = request.id;
        shownBrowser = undefined;
        if (!isTrustedVerificationHost(request.verificationUrl, options.cloudUrl)) {
          write(untrustedHostWarning(request.verificationUrl));
        }
        write(`Code: ${safeText(request.userCode, 64)}`);
        write(`Verification URL: ${safeText(request.verificationUrl, 2048)}`);
        if (request.expiresAt <= state.now) {
          // Only a resumed login shows a code past its expiry: it may have been approved in time.
          write(
            `The code expired at ${clockTime(request.expiresAt)}; checking if it was approved.`,
          );
        } else {
          const left = minutes(request.expiresAt - state.now);
          write(`The code expires at ${clockTime(request.expiresAt)} (in ${left}).`);
          if (state.approval === "pat")
            write("Approving the code with the personal access token...");
          else write("Open the URL on any device and enter the code.");
        }
      }
      const b = state.browser;
      if (b.status !== shownBrowser) {
        shownBrowser = b.status;
        if (b.status === "opened") write("Opened the URL in your browser.");
        if (b.status === "failed")
          write(`Could not open a browser (${safeText(b.reason, 200)}); open the URL yourself.`);
      }
    }
    if (state.phase === "expired") write("The code expired before it was approved.");
    if (state.phase === "success") {
      const { result } = state;
      write(`Logged in to ${result.instanceUrl} as ${safeText(accountLabel(result.account), 300)}`);
      write(`Session saved to ${result.savedTo}`);
    }
  };
}

/**
 * `login --no-wait`: the same lines as a waiting login, then how to finish it. Nothing waits:
 * the caller exits once these are written.
 */
export function printPendingLogin(
  options: PlainRendererOptions & {
    request: LoginRequest;
    now: number;
    resumeCommand: string;
    browser?: BrowserStatus;
  },
): void {
  plainRenderer(options)({
    phase: "waiting",
    interactive: false,
    attempt: 1,
    request: options.request,
    approval: "device",
    now: options.now,
    browser: options.browser ?? { status: "not-tried" },
  });
  options.write(`To finish the login (it waits for the approval): ${options.resumeCommand}`);
}

export interface PlainLoginOptions extends Pick<LoginOptions, "autoOpenBrowser"> {
  /** Default process.stderr. */
  stderr?: { write(text: string): unknown };
  cloudUrl?: string;
  signal?: AbortSignal;
}

/** The whole non-TTY login: plain lines on stderr; resolves or rejects like runLogin's done. */
export function runPlainLogin(
  deps: LoginDeps,
  options: PlainLoginOptions = {},
): Promise<LoginSuccess> {
  const stderr = options.stderr ?? process.stderr;
  const render = plainRenderer({
    instanceUrl: deps.instanceUrl,
    instanceVersion: deps.instanceVersion,
    cloudUrl: options.cloudUrl,
    write: (line) => stderr.write(`${line}\n`),
  });
  const signal = options.signal ?? new AbortController().signal;
  return runLogin(deps, render, signal, {
    interactive: false,
    autoOpenBrowser: options.autoOpenBrowser,
  }).done;
}
