// bin.cjs's second step for `token`, `env` and `exec`, when the stored token will not do as it
// is: a refresh, CAIDO_ACCESS_TOKEN, or a failure to report. It runs the very code the full
// CLI's commands run (handOutToken, the same output and errors), bundled as CommonJS
// (dist/lean.cjs) without the ES-module CLI and its loader: at the hour's turn, every script
// waiting on one refresh starts this, not the full CLI (issue 9: parallel refreshes).
import { CancelledError } from "./errors.js";
import type { FastRequest } from "./fast/argv.js";
import { deliver } from "./fast/deliver.js";
import { report } from "./report.js";
import { handOutToken } from "./session/access-token.js";

const warn = (message: string) => process.stderr.write(`caido-auth: warning: ${message}\n`);

/** Answers the request as the full CLI would; resolves to the exit code. */
export async function answer(request: FastRequest): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new CancelledError());
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const token = await handOutToken({
      instance: request.instance,
      minValid: request.minValid,
      env: process.env,
      signal: controller.signal,
      warn,
    });
    return await deliver(request, token, process.env);
  } catch (error) {
    return report(error);
  }
}
