// One authenticated HTTP exchange with the instance: a GraphQL POST to /graphql, or a --rest
// request to a path on the instance's own origin (the bearer never goes anywhere else).

import { UsageError } from "../base/errors.js";
import { notCaido } from "../instance/errors.js";
import { InvalidTokenError } from "../instance/graphql.js";
import { refusesToken } from "../instance/invalid-token.js";
import type { UsableToken } from "../session/usable-token.js";
import { type ApiResponse, send } from "./http.js";
import type { Answer } from "./merge.js";

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

export interface CallOptions {
  /** From -H: they replace our headers of the same name. */
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** Our headers, then the user's; names compared without case, the user's spelling kept. */
export function mergeHeaders(
  ours: Record<string, string>,
  theirs: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  const overridden = new Set(Object.keys(theirs).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(ours)) if (!overridden.has(k.toLowerCase())) merged[k] = v;
  return { ...merged, ...theirs };
}

export interface GraphqlExchange {
  response: ApiResponse;
  answer: Answer;
}

export async function postGraphql(
  token: UsableToken,
  request: GraphqlRequest,
  options: CallOptions,
): Promise<GraphqlExchange> {
  const target = token.instanceUrl;
  const body = { query: request.query, variables: request.variables } as Record<string, unknown>;
  if (request.operationName) body.operationName = request.operationName;
  const response = await send({
    url: `${target}/graphql`,
    method: "POST",
    headers: mergeHeaders(
      {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        authorization: `Bearer ${token.accessToken}`,
      },
      options.headers,
    ),
    body: Buffer.from(JSON.stringify(body)),
    target,
    step: "GraphQL request",
    signal: options.signal,
  });
  // How the real instance pairs INVALID_TOKEN with an HTTP status is undocumented: 401 counts too.
  if (response.status === 401) throw new InvalidTokenError(target, "HTTP 401");
  const text = response.body.toString("utf8");
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    const html = /html/i.test(response.contentType) || /^\s*</.test(text);
    throw notCaido(target, `HTTP ${response.status}, ${html ? "an HTML page" : "not JSON"}`);
  }
  if (
    typeof answer !== "object" ||
    answer === null ||
    Array.isArray(answer) ||
    (!("data" in answer) && !("errors" in answer))
  ) {
    throw notCaido(target, `HTTP ${response.status}, not a GraphQL answer`);
  }
  const graphql = answer as Answer;
  if (refusesToken(graphql.errors)) throw new InvalidTokenError(target, "INVALID_TOKEN");
  return { response, answer: graphql };
}

/**
 * The URL --rest PATH means on the instance. An absolute or protocol-relative URL (or any
 * trick that leaves the instance's origin) is refused: the bearer is the instance's alone.
 */
export function restUrl(instanceUrl: string, path: string): URL {
  if (path === "") throw new UsageError("--rest needs a path on the instance, e.g. /health.");
  if (/[\0-\x1f\x7f]/.test(path)) {
    throw new UsageError("--rest: the path holds a control character.");
  }
  const instance = new URL(instanceUrl);
  let url: URL;
  try {
    url = new URL(path, `${instanceUrl}/`);
  } catch {
    throw new UsageError("--rest: not a path or URL.");
  }
  if (url.origin !== instance.origin) {
    throw new UsageError(
      `--rest leads to ${url.origin === "null" ? `a ${url.protocol} URL` : url.origin}, not to the instance (${instance.origin}): the token goes to the instance only.`,
      "Give a path on the instance, e.g. /health.",
    );
  }
  if (url.username || url.password) {
    throw new UsageError("--rest: a URL with a user name or password is refused.");
  }
  return url;
}

export interface RestRequest {
  url: URL;
  method: string;
  body?: Buffer;
  /** Content-Type for the body, unless -H gives one. */
  contentType?: string;
}

export async function sendRest(
  token: UsableToken,
  request: RestRequest,
  options: CallOptions,
): Promise<ApiResponse> {
  const ours: Record<string, string> = {
    accept: "application/json, */*;q=0.5",
    authorization: `Bearer ${token.accessToken}`,
  };
  if (request.body && request.contentType) ours["content-type"] = request.contentType;
  const response = await send({
    url: request.url.toString(),
    method: request.method,
    headers: mergeHeaders(ours, options.headers),
    body: request.body,
    target: token.instanceUrl,
    step: `${request.method} ${request.url.pathname}`,
    signal: options.signal,
  });
  if (response.status === 401) throw new InvalidTokenError(token.instanceUrl, "HTTP 401");
  return response;
}
