// HTTP requests with a deadline, a size limit, and failures mapped to errors a user can act on.
// node:http rather than fetch: Node's fetch costs ~30 ms to initialise in every process,
// which `token` and `login` would pay on each run (measured: first fetch 35 ms, http 8 ms).
import type { ClientRequest, IncomingMessage } from "node:http";
import { debug } from "../base/debug.js";
import { CaidoAuthError, CancelledError } from "../base/errors.js";
import { InstanceFailure, notCaido, timedOut, tlsFailure, unreachable } from "./errors.js";
import { httpAgent, proxyFailure } from "./proxy.js";

export const DEFAULT_TIMEOUT_MS = 15_000;
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpOptions {
  /** Names the server in messages: the instance URL, or the cloud's. */
  target: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** What the request was for, in timeout messages. */
  step: string;
  /** The largest answer taken (default MAX_RESPONSE_BYTES): the server is untrusted. */
  maxBytes?: number;
  /** The error for a request Node refuses to send (a header it cannot carry). */
  unsendable?: (error: NodeJS.ErrnoException) => Error;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** An answer as received: status line, headers and the body's bytes. */
export interface RawResponse {
  httpVersion: string;
  status: number;
  statusMessage: string;
  /** Name, value, name, value… as received. */
  rawHeaders: string[];
  contentType: string;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

const TLS_CODES = /CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO/;

function networkFailure(error: NodeJS.ErrnoException, options: HttpOptions, url: string): Error {
  const code = error.code ?? "";
  const proxy = proxyFailure(url, error);
  if (proxy)
    return new InstanceFailure(
      "unreachable",
      `could not reach the proxy ${proxy} (${code || error.message}) on the way to ${options.target}.`,
      "Check HTTPS_PROXY/HTTP_PROXY, or add the host to NO_PROXY.",
    );
  if (TLS_CODES.test(code)) return tlsFailure(options.target, code);
  // https:// to a port that speaks plain HTTP: OpenSSL reads the HTTP answer as a bad record.
  if (code === "EPROTO" && /wrong version number|packet length too long/.test(error.message))
    return new InstanceFailure(
      "tls",
      `${options.target} answered plain HTTP on an https:// URL (EPROTO).`,
      `Try ${options.target.replace(/^https:/, "http:")}, or the port that serves TLS.`,
    );
  return unreachable(options.target, code || error.message);
}

/** Collects the body, refusing more than `maxBytes`. */
function readLimited(response: IncomingMessage, target: string, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      response.destroy();
      return reject(notCaido(target, `response of ${declared} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(notCaido(target, `response larger than ${maxBytes / (1024 * 1024)} MiB`));
      } else chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks)));
    response.on("error", reject);
  });
}

const unsendableRequest = (target: string) => (error: NodeJS.ErrnoException) =>
  new CaidoAuthError(`cannot send a request to ${target}: ${error.message}.`);

/** One request and its whole answer, with the deadline, size limit and errors above. */
export async function exchange(
  url: string,
  init: HttpInit,
  options: HttpOptions,
): Promise<RawResponse> {
  const method = init.method ?? "GET";
  const started = Date.now();
  const agent = await httpAgent(url);
  // Loaded at the first request, not with this module: a `token` that waits for another
  // process's refresh sends nothing, and an http:// instance never needs TLS (node:https alone
  // takes ~4.5 ms to load, a quarter of a bare Node start).
  const send = url.startsWith("https:")
    ? process.getBuiltinModule("node:https").request
    : process.getBuiltinModule("node:http").request;
  const headers = {
    ...init.headers,
    ...(init.body ? { "content-length": String(Buffer.byteLength(init.body)) } : {}),
  };
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  return new Promise<RawResponse>((resolve, reject) => {
    let req: ClientRequest | undefined;
    let settled = false;
    const finish = (error: Error | undefined, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      options.signal?.removeEventListener("abort", onAbort);
      const took = `${Date.now() - started} ms`;
      if (error) {
        debug(`${method} ${url} failed after ${took}: ${error.message}`);
        req?.destroy();
        reject(error);
      } else {
        const r = response as RawResponse;
        debug(`${method} ${url} → HTTP ${r.status}, ${r.body.length} bytes, ${took}`);
        resolve(r);
      }
    };
    const onAbort = () => finish(new CancelledError());
    const deadline = setTimeout(
      () => finish(timedOut(options.target, options.step)),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    // Node refuses at once a header or path it cannot send (a CR or LF in a token): say so,
    // before any byte left, never echoing the value, and leave no timer behind.
    let sent: ClientRequest;
    try {
      sent = send(url, { method, headers, agent }, (response) => {
        readLimited(response, options.target, maxBytes).then(
          (body) =>
            finish(undefined, {
              httpVersion: response.httpVersion,
              status: response.statusCode ?? 0,
              statusMessage: response.statusMessage ?? "",
              rawHeaders: response.rawHeaders,
              contentType: response.headers["content-type"] ?? "",
              body,
            }),
          (error: Error) => finish(error),
        );
      });
    } catch (error) {
      const unsendable = options.unsendable ?? unsendableRequest(options.target);
      return finish(unsendable(error as NodeJS.ErrnoException));
    }
    req = sent;
    sent.on("error", (error) => finish(networkFailure(error, options, url)));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort);
    sent.end(init.body);
  });
}

/** A request whose answer is text (at most MAX_RESPONSE_BYTES unless told). */
export async function request(
  url: string,
  init: HttpInit,
  options: HttpOptions,
): Promise<HttpResponse> {
  const { status, contentType, body } = await exchange(url, init, options);
  return { status, contentType, text: body.toString("utf8") };
}

/** Parses a JSON answer; HTML or other text means we are not talking to what we think. */
export function parseJson(response: HttpResponse, options: HttpOptions): unknown {
  const looksLikeHtml = /html/i.test(response.contentType) || /^\s*</.test(response.text);
  if (looksLikeHtml) throw notCaido(options.target, `HTTP ${response.status}, an HTML page`);
  try {
    return JSON.parse(response.text);
  } catch {
    throw notCaido(options.target, `HTTP ${response.status}, not JSON`);
  }
}
