// The instance's authentication operations over HTTP (protocol.md). Wire types keep the
// schema's names; session/ converts them to the stored Session shape. Every answer is checked
// (validate.ts) before it is returned: what leaves this file has the schema's types and bounds.
import { safeText } from "../base/safe-text.js";
import {
  LOGOUT,
  REFRESH_AUTHENTICATION_TOKEN,
  START_AUTHENTICATION_FLOW,
  VIEWER,
} from "./documents.js";
import { InstanceFailure, instanceError } from "./errors.js";
import { postGraphql } from "./graphql.js";
import { type UserError, userErrorToFailure } from "./user-errors.js";
import {
  authenticationRequest,
  authenticationToken,
  boolean,
  checkAnswer,
  nullableObject,
  object,
  viewer,
} from "./validate.js";

import type { AuthenticationRequest, AuthenticationToken, Viewer } from "./wire-types.js";

export type { AuthenticationRequest, AuthenticationToken, Viewer };

export const loginCommandFor = (instanceUrl: string) => `caido-auth login ${instanceUrl}`;

/** The instance no longer accepts the refresh token: only a new login helps (exit 4). */
export class RefreshRefusedError extends InstanceFailure {
  /** The AuthenticationErrorReason, lower-case ("expired", "invalid", "denied", "stale_date"). */
  constructor(
    instance: string,
    readonly reason: string,
  ) {
    super(
      "invalid-token",
      `the session for ${instance} has ended (refresh ${reason}).`,
      `Log in again: ${loginCommandFor(instance)}`,
      4,
    );
  }
}

/** The payload of a token answer (refresh or login subscription), checked: a token or an error. */
export type TokenPayload =
  | { token: AuthenticationToken; error?: undefined }
  | { token?: undefined; error: UserError }
  | { token?: undefined; error?: undefined };

/** Checks `data` of an answer that carries `{ token, error }` under `field`. */
export function tokenPayload(instanceUrl: string, field: string, data: unknown): TokenPayload {
  return checkAnswer(instanceUrl, field, () => {
    const payload = object(object(data, "data")[field], field);
    const error = nullableObject(payload.error, "error");
    if (error) return { error: error as unknown as UserError };
    if (payload.token === null || payload.token === undefined) return {};
    return { token: authenticationToken(payload.token) };
  });
}

export async function startAuthenticationFlow(
  instanceUrl: string,
  signal?: AbortSignal,
): Promise<AuthenticationRequest> {
  const data = await postGraphql<unknown>({
    instanceUrl,
    query: START_AUTHENTICATION_FLOW,
    signal,
  });
  const operation = "startAuthenticationFlow";
  const payload = checkAnswer(instanceUrl, operation, () => {
    const answer = object(object(data, "data")[operation], operation);
    const error = nullableObject(answer.error, "error");
    if (error) return { error: error as unknown as UserError };
    const request = nullableObject(answer.request, "request");
    return { request: request && authenticationRequest(request) };
  });
  if (payload.error)
    throw userErrorToFailure(instanceUrl, payload.error, loginCommandFor(instanceUrl));
  if (!payload.request) throw instanceError(instanceUrl, "no authentication request returned");
  return payload.request;
}

export async function refreshAuthenticationToken(
  instanceUrl: string,
  refreshToken: string,
  signal?: AbortSignal,
): Promise<AuthenticationToken> {
  const data = await postGraphql<unknown>({
    instanceUrl,
    query: REFRESH_AUTHENTICATION_TOKEN,
    variables: { refreshToken },
    signal,
  });
  const payload = tokenPayload(instanceUrl, "refreshAuthenticationToken", data);
  const error = payload.error;
  if (error?.__typename === "AuthenticationUserError") {
    const reason = typeof error.authReason === "string" ? error.authReason : "refused";
    throw new RefreshRefusedError(instanceUrl, safeText(reason, 64).toLowerCase());
  }
  if (error) throw userErrorToFailure(instanceUrl, error, loginCommandFor(instanceUrl));
  if (!payload.token) throw instanceError(instanceUrl, "no token returned from refresh");
  return payload.token;
}

export async function logout(
  instanceUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<void> {
  const data = await postGraphql<unknown>({
    instanceUrl,
    query: LOGOUT,
    accessToken,
    signal,
  });
  const payload = checkAnswer(instanceUrl, "logout", () => {
    const answer = object(object(data, "data").logout, "logout");
    const error = nullableObject(answer.error, "error");
    if (error) return { error: error as unknown as UserError, success: false };
    return { success: boolean(answer.success, "success") };
  });
  if (payload.error)
    throw userErrorToFailure(instanceUrl, payload.error, loginCommandFor(instanceUrl));
  if (!payload.success) throw instanceError(instanceUrl, "logout answered success: false");
}

export async function getViewer(
  instanceUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<Viewer> {
  const data = await postGraphql<unknown>({
    instanceUrl,
    query: VIEWER,
    accessToken,
    signal,
  });
  return checkAnswer(instanceUrl, "viewer", () => viewer(object(data, "data").viewer));
}
