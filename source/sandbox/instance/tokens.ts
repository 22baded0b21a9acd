// OAuth token answers → the schema's AuthenticationToken, and the user errors the payloads carry.
import type { Json } from "./cloud-client.js";
import { ERROR_CODES } from "./guesses.js";

export interface AuthenticationToken {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: string;
  scopes: string[];
}

const SCOPE_MAP: Record<string, string> = {
  offline_access: "OFFLINE",
  profile: "PROFILE_READ",
  assistant: "ASSISTANT",
};

/** OAuth scopes → AuthenticationScope values; scopes with no counterpart (openid, email) drop. */
export function mapScopes(scope: unknown): string[] {
  const names = typeof scope === "string" ? scope.split(" ") : [];
  return [...new Set(names.flatMap((s) => SCOPE_MAP[s] ?? []))].sort();
}

export function toAuthenticationToken(answer: Json, now = Date.now()): AuthenticationToken {
  if (typeof answer.access_token !== "string") throw new Error("token answer without access_token");
  const expiresIn = typeof answer.expires_in === "number" ? answer.expires_in : 3600;
  const scopes = mapScopes(answer.scope);
  const refresh = typeof answer.refresh_token === "string" ? answer.refresh_token : null;
  return {
    accessToken: answer.access_token,
    // The schema says: no refresh token without OFFLINE.
    refreshToken: scopes.includes("OFFLINE") ? refresh : null,
    expiresAt: new Date(now + expiresIn * 1000).toISOString(),
    scopes,
  };
}

export type UserError =
  | { __typename: "AuthenticationUserError"; code: string; reason: string }
  | { __typename: "CloudUserError"; code: string; reason: string }
  | { __typename: "PermissionDeniedUserError"; code: string; reason: string }
  | { __typename: "InternalUserError"; code: string; message: string }
  | { __typename: "OtherUserError"; code: string };

export const authError = (
  reason: string,
  code: string = ERROR_CODES.authentication,
): UserError => ({
  __typename: "AuthenticationUserError",
  code,
  reason,
});

export const cloudError = (reason: "UNAVAILABLE" | "UNEXPECTED"): UserError => ({
  __typename: "CloudUserError",
  code: ERROR_CODES.cloud,
  reason,
});

export const internalError = (message: string): UserError => ({
  __typename: "InternalUserError",
  code: ERROR_CODES.internal,
  message,
});
