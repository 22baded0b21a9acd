// What public material does not tell about the real instance (protocol.md "Open questions"),
// guessed in one place so that a correction touches one file.

/** How an instance refuses a second account: AuthenticationUserError DENIED with this code. */
export const CLAIMED_ERROR_CODES = new Set(["INSTANCE_CLAIMED"]);

/**
 * How a Team instance refuses an account outside its workspace ("You do not have access to this
 * instance"): AuthenticationUserError DENIED with one of these codes. The sandbox's guess.
 */
export const NO_ACCESS_ERROR_CODES = new Set(["INSTANCE_NO_ACCESS"]);
