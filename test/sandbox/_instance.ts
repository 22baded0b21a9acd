// Helpers for sandbox tests: plain GraphQL over fetch, one subscription over graphql-ws, and the
// documents the official client sends (copied from @caido/server-auth 0.2.0, quirk included).
import { createClient } from "graphql-ws";
import WebSocket from "ws";

export interface GraphqlAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field in tests
  body: any;
}

export async function graphql(
  instanceUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphqlAnswer> {
  const response = await fetch(`${instanceUrl}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

export const START = `mutation { startAuthenticationFlow {
  request { id userCode verificationUrl expiresAt }
  error { __typename ... on AuthenticationUserError { code authReason: reason }
          ... on CloudUserError { code cloudReason: reason } } } }`;

export const CREATED = `subscription ($requestId: ID!) { createdAuthenticationToken(requestId: $requestId) {
  token { accessToken refreshToken expiresAt scopes }
  error { __typename ... on AuthenticationUserError { code reason }
          ... on InternalUserError { code message } ... on OtherUserError { code } } } }`;

export const REFRESH = `mutation ($refreshToken: Token!) { refreshAuthenticationToken(refreshToken: $refreshToken) {
  token { accessToken refreshToken expiresAt scopes }
  error { __typename ... on AuthenticationUserError { code authReason: reason }
          ... on CloudUserError { code cloudReason: reason } } } }`;

export const VIEWER = `query { viewer { __typename ... on CloudUser { id profile {
  identity { email name } subscription { plan { name } } } } } }`;

export const LOGOUT = `mutation { logout { success error { __typename } } }`;

export const LOGIN_AS_GUEST = `mutation { loginAsGuest {
  token { accessToken refreshToken expiresAt scopes }
  error { __typename ... on PermissionDeniedUserError { code reason } ... on OtherUserError { code } } } }`;

export const GUEST_VIEWER = `query { viewer { __typename ... on GuestUser { id } ... on CloudUser { id } } }`;

export interface Started {
  id: string;
  userCode: string;
  verificationUrl: string;
  expiresAt: string;
}

export async function startFlow(instanceUrl: string): Promise<Started> {
  const { body } = await graphql(instanceUrl, START);
  const payload = body.data?.startAuthenticationFlow;
  if (!payload?.request) throw new Error(`startAuthenticationFlow failed: ${JSON.stringify(body)}`);
  return payload.request;
}

/** The first payload of createdAuthenticationToken for requestId, over graphql-ws. */
// biome-ignore lint/suspicious/noExplicitAny: see GraphqlAnswer
export function waitForToken(instanceUrl: string, requestId: string): Promise<any> {
  const client = createClient({
    url: `${instanceUrl.replace(/^http/, "ws")}/ws/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  return new Promise((resolve, reject) => {
    const stop = client.subscribe(
      { query: CREATED, variables: { requestId } },
      {
        next: (result) => {
          stop();
          void client.dispose();
          if (result.errors) reject(new Error(JSON.stringify(result.errors)));
          else resolve(result.data?.createdAuthenticationToken);
        },
        error: (error) => {
          void client.dispose();
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => {},
      },
    );
  });
}

/** Approves a user code with a PAT through the cloud's PAT routes, as PATApprover does. */
export async function approveWithPat(
  cloudUrl: string,
  pat: string,
  userCode: string,
): Promise<void> {
  const headers = { authorization: `Bearer ${pat}`, accept: "application/json" };
  const info = await fetch(`${cloudUrl}/oauth2/device/information?user_code=${userCode}`, {
    headers,
  });
  if (!info.ok) throw new Error(`device information: ${info.status} ${await info.text()}`);
  const scopes = ((await info.json()) as { scopes: { name: string }[] }).scopes.map((s) => s.name);
  const url = `${cloudUrl}/oauth2/device/approve?user_code=${userCode}&scope=${scopes.join(",")}`;
  const approved = await fetch(url, { method: "POST", headers });
  if (!approved.ok) throw new Error(`approve: ${approved.status} ${await approved.text()}`);
}

export interface DeliveredToken {
  accessToken: string;
  /** Always present here: the instance asks for offline_access. */
  refreshToken: string;
  expiresAt: string;
  scopes: string[];
}

/** A full login through the instance, approved with the account's PAT; the delivered token. */
export async function loginWithPat(
  instanceUrl: string,
  cloudUrl: string,
  pat: string,
): Promise<DeliveredToken> {
  const request = await startFlow(instanceUrl);
  const token = waitForToken(instanceUrl, request.id);
  await approveWithPat(cloudUrl, pat, request.userCode);
  const payload = await token;
  if (!payload?.token) throw new Error(`login failed: ${JSON.stringify(payload)}`);
  return payload.token;
}

/** The Caido error extension of the first GraphQL error, if any. */
export const caidoError = (body: GraphqlAnswer["body"]) => body?.errors?.[0]?.extensions?.CAIDO;
