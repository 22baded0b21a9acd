// Where a caidoFetch request goes and what it carries: paths resolve against the instance URL,
// other origins are refused (the bearer never leaves the instance), and a stream body is read
// into memory once so the request can be sent again after a refresh.
import { UsageError } from "../base/errors.js";

export interface Prepared {
  url: string;
  init: RequestInit;
}

export const graphqlUrlOf = (instanceUrl: string) => `${instanceUrl}/graphql`;

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/** A path ("/graphql", "graphql?x=1") joins the instance URL, keeping its path prefix. */
export function resolveTarget(input: string | URL, instanceUrl: string): string {
  const text = String(input);
  const url = ABSOLUTE.test(text)
    ? text
    : `${instanceUrl}${text.startsWith("/") ? "" : "/"}${text}`;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new UsageError(`caidoFetch: "${text}" is not a URL or path.`, "Example: /graphql");
  }
  const instance = new URL(instanceUrl);
  if (target.origin !== instance.origin) {
    throw new UsageError(
      `caidoFetch sends the token only to ${instance.origin}, not to ${target.origin}.`,
      "Use fetch itself for other servers.",
    );
  }
  return target.href;
}

/** Bodies fetch can send twice as they are; streams and async iterables cannot. */
function isReplayable(body: unknown): boolean {
  return (
    body == null ||
    typeof body === "string" ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData ||
    body instanceof URLSearchParams
  );
}

async function buffered(body: unknown): Promise<BodyInit | null | undefined> {
  if (isReplayable(body)) return body as BodyInit | null | undefined;
  // A ReadableStream or an async iterable of chunks: Response reads either.
  return new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
}

/** The request as a URL and an init whose body can be sent twice. */
export async function prepare(
  input: string | URL | Request,
  init: RequestInit | undefined,
  instanceUrl: string,
): Promise<Prepared> {
  if (input instanceof Request) {
    const url = resolveTarget(input.url, instanceUrl);
    const fromRequest: RequestInit = {
      method: input.method,
      headers: input.headers,
      signal: input.signal,
      redirect: input.redirect,
    };
    // The Request's own body is read only when init does not replace it.
    if (init?.body === undefined && input.body) fromRequest.body = await input.arrayBuffer();
    return {
      url,
      init: { ...fromRequest, ...init, body: await buffered(init?.body ?? fromRequest.body) },
    };
  }
  const url = resolveTarget(input, instanceUrl);
  return { url, init: { ...init, body: await buffered(init?.body) } };
}

/** The init with our bearer in place of any Authorization the caller set. */
export function withBearer(init: RequestInit, accessToken: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${accessToken}`);
  return { ...init, headers };
}
