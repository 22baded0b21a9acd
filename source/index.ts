// The library API for Node scripts: the same fresh token `caido-auth token` prints, with the
// same refresh-under-lock, from the same per-user config.

export { AuthRequiredError, CaidoAuthError, CancelledError, UsageError } from "./errors.js";
export { type AccessToken, getAccessToken, type TokenOptions } from "./session/access-token.js";
