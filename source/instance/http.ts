// HTTP requests with a deadline, a size limit, and failures mapped to errors a user can act on.
// node:http rather than fetch: Node's fetch costs ~30 ms to initialise in every process,
// which `token` and `login` would pay on each run (measured: first fetch 35 ms, http 8 ms).
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { debug } from "../debug.js";
import { CaidoAuthError, CancelledError } from "../errors.js";
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
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
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

/** Collects the body, refusing more than MAX_RESPONSE_BYTES. */
function readLimited(response: IncomingMessage, options: HttpOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > MAX_RESPONSE_BYTES) {
      response.destroy();
      return reject(notCaido(options.target, `response of ${declared} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy();
        reject(notCaido(options.target, "response larger than 1 MiB"));
      } else chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", reject);
  });
}

export async function request(
  url: string,
  init: HttpInit,
  options: HttpOptions,
): Promise<HttpResponse> {
  const method = init.method ?? "GET";
  const started = Date.now();
  const agent = await httpAgent(url);
  // node:https (and TLS with it) only for https: ~2 ms of a login to a local instance.
  const send = url.startsWith("https:") ? (await import("node:https")).request : httpRequest;
  const headers = {
    ...init.headers,
    ...(init.body ? { "content-length": String(Buffer.byteLength(init.body)) } : {}),
  };
  return new Promise<HttpResponse>((resolve, reject) => {
    let req: ClientRequest | undefined;
    let settled = false;
    const finish = (error: Error | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      options.signal?.removeEventListener("abort", onAbort);
      if (error) {
        debug(`${method} ${url} failed after ${Date.now() - started} ms: ${error.message}`);
        req?.destroy();
        reject(error);
      } else {
        const r = response as HttpResponse;
        debug(
          `${method} ${url} → HTTP ${r.status}, ${r.text.length} bytes, ${Date.now() - started} ms`,
        );
        resolve(r);
      }
    };
    const onAbort = () => finish(new CancelledError());
    const deadline = setTimeout(
      () => finish(timedOut(options.target, options.step)),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    // Node refuses at once a header or path it cannot send (a CR or LF in a token): say so,
    // before any byte left, and leave no timer behind to find no request later.
    let sent: ClientRequest;
    try {
      sent = send(url, { method, headers, agent }, (response) => {
        readLimited(response, options).then(
          (text) =>
            finish(undefined, {
              status: response.statusCode ?? 0,
              contentType: response.headers["content-type"] ?? "",
              text,
            }),
          (error: Error) => finish(error),
        );
      });
    } catch (error) {
      const what = (error as Error).message;
      return finish(new CaidoAuthError(`cannot send a request to ${options.target}: ${what}.`));
    }
    req = sent;
    sent.on("error", (error) => finish(networkFailure(error, options, url)));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort);
    sent.end(init.body);
  });
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
