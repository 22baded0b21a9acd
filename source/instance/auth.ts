// The instance's authentication operations over HTTP (protocol.md). Wire types keep the
// schema's names; session/ converts them to the stored Session shape.
import {
  LOGOUT,
  REFRESH_AUTHENTICATION_TOKEN,
  START_AUTHENTICATION_FLOW,
  VIEWER,
} from "./documents.js";
import { InstanceFailure, instanceError } from "./errors.js";
import { postGraphql } from "./graphql.js";
import { type UserError, userErrorToFailure } from "./user-errors.js";

export interface AuthenticationRequest {
  id: string;
  userCode: string;
  verificationUrl: string;
  expiresAt: string;
}

export interface AuthenticationToken {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: string;
  scopes: string[];
}

export interface Viewer {
  __typename: "CloudUser" | "GuestUser" | "ScriptUser";
  id: string;
  profile?: { identity: { email: string; name: string } };
}

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

export async function startAuthenticationFlow(
  instanceUrl: string,
  signal?: AbortSignal,
): Promise<AuthenticationRequest> {
  const data = await postGraphql<{
    startAuthenticationFlow: { request: AuthenticationRequest | null; error: UserError | null };
  }>({ instanceUrl, query: START_AUTHENTICATION_FLOW, signal });
  const payload = data.startAuthenticationFlow;
  if (payload?.error)
    throw userErrorToFailure(instanceUrl, payload.error, loginCommandFor(instanceUrl));
  if (!payload?.request) throw instanceError(instanceUrl, "no authentication request returned");
  return payload.request;
}

export async function refreshAuthenticationToken(
  instanceUrl: string,
  refreshToken: string,
  signal?: AbortSignal,
): Promise<AuthenticationToken> {
  const data = await postGraphql<{
    refreshAuthenticationToken: { token: AuthenticationToken | null; error: UserError | null };
  }>({ instanceUrl, query: REFRESH_AUTHENTICATION_TOKEN, variables: { refreshToken }, signal });
  const payload = data.refreshAuthenticationToken;
  const error = payload?.error;
  if (error?.__typename === "AuthenticationUserError") {
    throw new RefreshRefusedError(instanceUrl, (error.authReason ?? "refused").toLowerCase());
  }
  if (error) throw userErrorToFailure(instanceUrl, error, loginCommandFor(instanceUrl));
  if (!payload?.token) throw instanceError(instanceUrl, "no token returned from refresh");
  return payload.token;
}

export async function logout(
  instanceUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<void> {
  const data = await postGraphql<{ logout: { success: boolean; error: UserError | null } }>({
    instanceUrl,
    query: LOGOUT,
    accessToken,
    signal,
  });
  if (data.logout?.error)
    throw userErrorToFailure(instanceUrl, data.logout.error, loginCommandFor(instanceUrl));
}

export async function getViewer(
  instanceUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<Viewer> {
  const data = await postGraphql<{ viewer: Viewer }>({
    instanceUrl,
    query: VIEWER,
    accessToken,
    signal,
  });
  if (!data.viewer?.id) throw instanceError(instanceUrl, "viewer without an id");
  return data.viewer;
}
