// HTTP for the api command: instance/http.ts's exchange (deadline, proxies, errors a user can
// act on) with any method and body, a larger bound, and the status line and headers for -i.
import { UsageError } from "../base/errors.js";
import { exchange, type RawResponse } from "../instance/http.js";

/** An api answer may be much larger than an auth answer; still bounded (the server is untrusted). */
export const API_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface ApiRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Names the server in messages. */
  target: string;
  step: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** An api answer as received: status line, headers and the body's bytes (for -i). */
export type ApiResponse = RawResponse;

export function send(call: ApiRequest): Promise<ApiResponse> {
  return exchange(
    call.url,
    { method: call.method, headers: call.headers, body: call.body },
    {
      target: call.target,
      step: call.step,
      signal: call.signal,
      timeoutMs: call.timeoutMs,
      maxBytes: API_MAX_RESPONSE_BYTES,
      // Never echo the value Node refused (a token with a line break, say).
      unsendable: (error) =>
        new UsageError(`cannot send this request (${error.code ?? "invalid request"}).`),
    },
  );
}

/** The status line and headers as -i prints them, ending with the empty line. */
export function formatHead(response: ApiResponse): string {
  const lines = [`HTTP/${response.httpVersion} ${response.status} ${response.statusMessage}`];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  }
  return `${lines.join("\n")}\n\n`;
}
