// Typed failures. Each carries the exit code of cli.md and a hint for the next step;
// only cli.ts turns them into output.

export class CaidoAuthError extends Error {
  override name = "CaidoAuthError";
  /** Already on the screen (the login's end screen): cli.ts then only sets the exit code. */
  reported = false;
  constructor(
    message: string,
    readonly exitCode: number = 1,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Exit 2: unknown command or flag, bad argument, ambiguous instance. */
export class UsageError extends CaidoAuthError {
  override name = "UsageError";
  /** The command's usage lines, printed after the message (cli.ts sets it). */
  usage?: string;
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** Exit 4: not logged in, session expired or revoked, code expired or denied. */
export class AuthRequiredError extends CaidoAuthError {
  override name = "AuthRequiredError";
  constructor(message: string, hint?: string) {
    super(message, 4, hint);
  }
}

/** Exit 130: the user cancelled (Ctrl+C, q, Esc). */
export class CancelledError extends CaidoAuthError {
  override name = "CancelledError";
  constructor(message = "Cancelled.") {
    super(message, 130);
  }
}
