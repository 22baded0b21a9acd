// Shapes the real Caido instance uses that no public material documents (protocol.md, "Open
// questions"). Every guess lives here, so the day one is confirmed there is one place to fix.
// The terminal client must cope with any of these differing.

/** `code` strings of the union error types. Real values unknown; these name the type. */
export const ERROR_CODES = {
  authentication: "AUTHENTICATION",
  cloud: "CLOUD",
  internal: "INTERNAL",
  other: "OTHER",
} as const;

/**
 * A second Caido account logging in to an instance another account claimed. The real product
 * shows "Can't Access Instance"; its wire shape is unknown. Guess: AuthenticationUserError,
 * reason DENIED, with this code so a client can tell it apart from a denied consent.
 */
export const CLAIMED = { code: "INSTANCE_CLAIMED", reason: "DENIED" } as const;

/** A subscription for a request id the instance does not know, or already delivered. */
export const UNKNOWN_REQUEST = { code: "AUTHENTICATION", reason: "INVALID" } as const;

/**
 * Authenticated calls with a missing, expired, revoked or foreign bearer: a GraphQL error with
 * this extension (documented), sent with this HTTP status (undocumented: 200 is a guess).
 */
export const INVALID_TOKEN = {
  message: "Invalid token",
  status: 200,
  extensions: { CAIDO: { code: "AUTHORIZATION", reason: "INVALID_TOKEN" } },
} as const;

/** The cloud could not be reached for an authenticated call (viewer). */
export const CLOUD_UNAVAILABLE = {
  message: "Cloud unavailable",
  extensions: { CAIDO: { code: "CLOUD", reason: "UNAVAILABLE" } },
} as const;

/** The plan name shown when the cloud's userinfo carries none. */
export const DEFAULT_PLAN = "Individual";
