// GraphQL over HTTP to an instance's /graphql, with Caido's error extensions mapped.
import { cloudUnavailable, InstanceFailure, instanceError, notCaido } from "./errors.js";
import { type HttpOptions, parseJson, request } from "./http.js";

export interface GraphqlCall {
  instanceUrl: string;
  query: string;
  variables?: Record<string, unknown>;
  accessToken?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface GraphqlError {
  message?: string;
  extensions?: { CAIDO?: { code?: string; reason?: string; message?: string } };
}

/** The instance refused the bearer token: the caller may refresh once and retry. */
export class InvalidTokenError extends InstanceFailure {
  constructor(instance: string, reason: string) {
    super("invalid-token", `${instance} refused the access token (${reason}).`, undefined, 4);
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function mapErrors(instance: string, errors: GraphqlError[]): Error {
  for (const error of errors) {
    const caido = error.extensions?.CAIDO;
    if (caido?.code === "AUTHORIZATION") {
      return new InstanceFailure(
        "instance",
        `${instance} refused the call (${caido.reason ?? "AUTHORIZATION"}).`,
        undefined,
        4,
      );
    }
    if (caido?.code === "CLOUD" && caido.reason === "UNAVAILABLE")
      return cloudUnavailable(instance);
  }
  const message = errors.map((e) => e.message ?? "unknown error").join("; ");
  return instanceError(instance, shorten(message));
}

export interface GraphqlAnswer<T> {
  status: number;
  data?: T | null;
  errors?: GraphqlError[];
}

function isInvalidToken(errors: GraphqlError[] | undefined): boolean {
  return Boolean(errors?.some((e) => e.extensions?.CAIDO?.reason === "INVALID_TOKEN"));
}

/**
 * Posts a document and returns the GraphQL answer as it is. Throws only when there is no
 * GraphQL answer (network, not Caido) or the token was refused (InvalidTokenError).
 */
export async function sendGraphql<T>(call: GraphqlCall): Promise<GraphqlAnswer<T>> {
  const options: HttpOptions = {
    target: call.instanceUrl,
    signal: call.signal,
    timeoutMs: call.timeoutMs,
    step: "GraphQL request",
  };
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (call.accessToken) headers.authorization = `Bearer ${call.accessToken}`;
  const response = await request(
    `${call.instanceUrl}/graphql`,
    {
      method: "POST",
      headers,
      body: JSON.stringify({ query: call.query, variables: call.variables ?? {} }),
    },
    options,
  );
  // How the real instance pairs INVALID_TOKEN with an HTTP status is undocumented: 401 counts too.
  if (response.status === 401) throw new InvalidTokenError(call.instanceUrl, "HTTP 401");
  const body = parseJson(response, options) as Omit<GraphqlAnswer<T>, "status"> | null;
  if (typeof body !== "object" || body === null || (!("data" in body) && !("errors" in body))) {
    throw notCaido(call.instanceUrl, `HTTP ${response.status}, not a GraphQL answer`);
  }
  if (isInvalidToken(body.errors)) throw new InvalidTokenError(call.instanceUrl, "INVALID_TOKEN");
  return { status: response.status, ...body };
}

/** Posts a document and returns its `data`; throws a typed error for everything else. */
export async function postGraphql<T>(call: GraphqlCall): Promise<T> {
  const answer = await sendGraphql<T>(call);
  if (answer.errors?.length) throw mapErrors(call.instanceUrl, answer.errors);
  if (answer.data == null) {
    throw instanceError(call.instanceUrl, `HTTP ${answer.status} without data`);
  }
  return answer.data;
}
