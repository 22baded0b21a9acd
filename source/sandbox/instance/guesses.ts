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

/**
 * Entitlement names per plan for `UserSubscription.entitlements`, when the cloud's userinfo
 * carries no `entitlements` claim. Real names are unpublished; these are made up.
 */
export const PLAN_ENTITLEMENTS: Record<string, string[]> = {
  Pro: ["assistant", "plugins", "projects:unlimited", "workflows:unlimited"],
  Team: ["assistant", "plugins", "projects:unlimited", "workflows:unlimited", "teams"],
  Individual: ["plugins"],
};

/** The message of a GraphQL error for an `after`/`before` cursor the instance never issued. */
export const INVALID_CURSOR = "Invalid cursor";

/**
 * A WebSocket whose access token expired or was revoked (logout, a revoked grant) while it was
 * open is closed with this code, so clients reconnect with a fresh token. The real instance's
 * behaviour is unpublished. 4403 is graphql-ws's Forbidden, which its client treats as
 * retryable ("might grant access after retry"): a client whose connectionParams is a function
 * reconnects with whatever token it holds now. The reason stays under 123 bytes.
 */
export const TOKEN_ENDED_CLOSE = {
  code: 4403,
  expired: "Forbidden: access token expired",
  revoked: "Forbidden: access token revoked",
} as const;
