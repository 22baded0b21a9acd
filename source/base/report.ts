// How a failure reaches the user: one line with the next step, and the exit code. Shared by
// the full CLI (cli.ts) and the fast path (bin.ts), so both say exactly the same.
import { CaidoAuthError, UsageError } from "./errors.js";
import { safeText } from "./safe-text.js";

const MESSAGE_MAX = 2000;

/** Writes the failure to stderr (unless already on the screen) and returns its exit code. */
export function report(error: unknown): number {
  if (error instanceof CaidoAuthError) {
    // The login's end screen showed it already: one message per failure.
    if (error.reported) return error.exitCode;
    // Messages may quote a server (GraphQL errors, cloud answers): never raw to the terminal.
    const hint = error.hint ? ` ${safeText(error.hint, MESSAGE_MAX)}` : "";
    const usage = error instanceof UsageError && error.usage ? `${error.usage}\n` : "";
    process.stderr.write(`caido-auth: ${safeText(error.message, MESSAGE_MAX)}${hint}\n${usage}`);
    return error.exitCode;
  }
  // An unexpected failure: show what it was, but never a stack full of request objects.
  process.stderr.write(
    `caido-auth: unexpected error: ${safeText((error as Error)?.message ?? String(error), MESSAGE_MAX)}\n`,
  );
  if (process.env.CAIDO_AUTH_DEBUG_STACK) process.stderr.write(`${(error as Error)?.stack}\n`);
  return 1;
}
