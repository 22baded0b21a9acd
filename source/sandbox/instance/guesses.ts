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

/**
 * An account outside the Team workspace that claimed the instance (`--registration-key`),
 * refused when its tokens would be delivered. The real product shows this message; the wire
 * shape is a guess: AuthenticationUserError DENIED with a code of its own, so a client can tell
 * it apart from INSTANCE_CLAIMED (a personal instance that another account owns).
 */
export const NO_ACCESS = {
  code: "INSTANCE_NO_ACCESS",
  reason: "DENIED",
  message: "You do not have access to this instance",
} as const;

/**
 * loginAsGuest on an instance started without --allow-guests. PermissionDeniedUserError is the
 * only typed member of GuestAuthenticationError, and GUEST_USER its closest reason.
 */
export const GUESTS_NOT_ALLOWED = { code: "GUESTS_NOT_ALLOWED", reason: "GUEST_USER" } as const;

/** A guest token's scopes: none of the cloud's; OFFLINE because it comes with a refresh token. */
export const GUEST_SCOPES: readonly string[] = ["OFFLINE"];

/**
 * A login or refresh while the instance's clock is more than 5 minutes off the cloud's ("Date
 * mismatch" in Caido's docs). The reason is published; the code, and that refresh checks the
 * clock too, are guesses.
 */
export const STALE_DATE = { code: "AUTHENTICATION", reason: "STALE_DATE" } as const;

/** A Team registration key (`caido --registration-key`): only the `ckey_` prefix is known. */
export const REGISTRATION_KEY = /^ckey_[A-Za-z0-9_-]{8,200}$/;

/**
 * Cloud routes an instance calls with its own access token (client credentials). Caido's
 * published route list names them; their shapes are not published. The sandbox's, used by its
 * cloud and its instance alike (JSON bodies, OAuth-style `{ error, error_description }` errors):
 * - PUT workspace `{ registration_key }` → `{ workspace: { id, name, kind } }`: the key's Team
 *   workspace claims the instance (400 invalid_registration_key, 409 instance_claimed);
 * - GET workspace → `{ workspace: { id, name, kind } | null }`;
 * - POST userSession `{ access_token }` → `{ active: false }`, or `{ active: true, user: { id },
 *   workspace: { id, name, kind } | null, access, expires_at }`: whether that user's access
 *   token is alive, issued to this instance, and its account allowed here (a member).
 */
export const INSTANCE_ROUTES = {
  workspace: "/instance/workspace",
  userSession: "/instance/user/session",
} as const;

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

/**
 * The cloud could not be reached for an authenticated call the instance cannot answer from what
 * it remembers, or for loginAsGuest (@cloud), whose error union has no CloudUserError.
 */
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
