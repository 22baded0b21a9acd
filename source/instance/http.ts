// fetch with a deadline, a size limit, and failures mapped to errors a user can act on.
import { debug } from "../debug.js";
import { CancelledError } from "../errors.js";
import { notCaido, timedOut, tlsFailure, unreachable } from "./errors.js";
import { proxiedFetch } from "./proxy.js";

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

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

const TLS_CODES = /CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO/;

function networkFailure(error: unknown, options: HttpOptions, timeout: AbortSignal): Error {
  if (options.signal?.aborted) return new CancelledError();
  if (timeout.aborted) return timedOut(options.target, options.step);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code ?? "";
  if (TLS_CODES.test(code)) return tlsFailure(options.target, code);
  return unreachable(options.target, code || cause?.message || (error as Error).message);
}

async function readLimited(response: Response, options: HttpOptions): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_RESPONSE_BYTES)
    throw notCaido(options.target, `response of ${declared} bytes`);
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => {});
      throw notCaido(options.target, "response larger than 1 MiB");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function request(
  url: string,
  init: RequestInit,
  options: HttpOptions,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = Date.now();
  const method = init.method ?? "GET";
  try {
    const response = await proxiedFetch(url, { ...init, signal, redirect: "manual" });
    const text = await readLimited(response, options);
    debug(
      `${method} ${url} → HTTP ${response.status}, ${text.length} bytes, ${Date.now() - started} ms`,
    );
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      text,
    };
  } catch (error) {
    debug(`${method} ${url} failed after ${Date.now() - started} ms: ${(error as Error).message}`);
    if ((error as { name?: string }).name === "InstanceFailure") throw error;
    throw networkFailure(error, options, timeout);
  }
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
