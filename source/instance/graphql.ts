// GraphQL over HTTP to an instance's /graphql, with Caido's error extensions mapped. The
// answer's envelope is checked here; auth.ts checks what is inside `data` (validate.ts).
import { safeText } from "../base/safe-text.js";
import { isVisibleAscii } from "../base/visible-ascii.js";
import { cloudUnavailable, InstanceFailure, instanceError, notCaido } from "./errors.js";
import { type HttpOptions, parseJson, request } from "./http.js";
import { caidoOf, refusesToken } from "./invalid-token.js";
import { ANSWER_LIMITS } from "./validate.js";

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

/** The instance's own words, as we may print them: a string, short, control characters shown. */
function words(value: unknown, fallback: string, max = 64): string {
  return typeof value === "string" && value !== "" ? safeText(value, max) : fallback;
}

/** Caido's error extension of one GraphQL error, whatever the instance put there. */
function mapErrors(instance: string, errors: GraphqlError[]): Error {
  for (const error of errors) {
    const caido = caidoOf(error);
    if (caido?.code === "AUTHORIZATION") {
      return new InstanceFailure(
        "instance",
        `${instance} refused the call (${words(caido.reason, "AUTHORIZATION")}).`,
        undefined,
        4,
      );
    }
    if (caido?.code === "CLOUD" && caido.reason === "UNAVAILABLE")
      return cloudUnavailable(instance);
  }
  const message = errors
    .map((e) => words((e as GraphqlError | null)?.message, "unknown error", ANSWER_LIMITS.message))
    .join("; ");
  return instanceError(instance, safeText(message, ANSWER_LIMITS.message));
}

export interface GraphqlAnswer<T> {
  status: number;
  data?: T | null;
  errors?: GraphqlError[];
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
  if (call.accessToken) {
    // Refused before anything is sent, naming the token, never showing it.
    // An Authorization header with anything else would make Node throw.
    if (!isVisibleAscii(call.accessToken)) {
      throw new InstanceFailure(
        "invalid-token",
        `the access token for ${call.instanceUrl} holds a space, a line break or a character outside visible ASCII, which no token has.`,
        `Log in again: caido-auth login ${call.instanceUrl}`,
        4,
      );
    }
    headers.authorization = `Bearer ${call.accessToken}`;
  }
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
  if (body.errors !== undefined && body.errors !== null && !Array.isArray(body.errors)) {
    throw notCaido(call.instanceUrl, `HTTP ${response.status}, errors that are not a list`);
  }
  if (refusesToken(body.errors)) throw new InvalidTokenError(call.instanceUrl, "INVALID_TOKEN");
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
