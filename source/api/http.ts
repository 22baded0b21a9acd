// HTTP for the api command: like instance/http.ts (deadline, size limit, proxies, errors a
// user can act on), but any method and body, and the status line and headers kept for -i.
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { debug } from "../debug.js";
import { CancelledError, UsageError } from "../errors.js";
import { notCaido, timedOut, tlsFailure, unreachable } from "../instance/errors.js";
import { DEFAULT_TIMEOUT_MS } from "../instance/http.js";
import { httpAgent } from "../instance/proxy.js";

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

export interface ApiResponse {
  httpVersion: string;
  status: number;
  statusMessage: string;
  /** Name, value, name, value… as received. */
  rawHeaders: string[];
  contentType: string;
  body: Buffer;
}

const TLS_CODES = /CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO/;

function readBody(response: IncomingMessage, target: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > API_MAX_RESPONSE_BYTES) {
      response.destroy();
      return reject(notCaido(target, `response of ${declared} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > API_MAX_RESPONSE_BYTES) {
        response.destroy();
        reject(notCaido(target, "response larger than 64 MiB"));
      } else chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks)));
    response.on("error", reject);
  });
}

export async function send(call: ApiRequest): Promise<ApiResponse> {
  const started = Date.now();
  const agent = await httpAgent(call.url);
  const transport = call.url.startsWith("https:") ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...call.headers };
  if (call.body) headers["content-length"] = String(call.body.length);
  return new Promise<ApiResponse>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (error: Error | undefined, response?: ApiResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      call.signal?.removeEventListener("abort", onAbort);
      const took = `${Date.now() - started} ms`;
      if (error) {
        debug(`${call.method} ${call.url} failed after ${took}: ${error.message}`);
        req?.destroy();
        reject(error);
      } else {
        const r = response as ApiResponse;
        debug(`${call.method} ${call.url} → HTTP ${r.status}, ${r.body.length} bytes, ${took}`);
        resolve(r);
      }
    };
    const onAbort = () => finish(new CancelledError());
    const deadline = setTimeout(
      () => finish(timedOut(call.target, call.step)),
      call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    try {
      req = transport(call.url, { method: call.method, headers, agent }, (response) => {
        readBody(response, call.target).then(
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
      // Node refuses a header value it cannot send (a token with a line break, say): never
      // echo the value, and never leave the deadline running.
      const code = (error as NodeJS.ErrnoException).code;
      return finish(new UsageError(`cannot send this request (${code ?? "invalid request"}).`));
    }
    req.on("error", (error: NodeJS.ErrnoException) => {
      const code = error.code ?? "";
      finish(
        TLS_CODES.test(code)
          ? tlsFailure(call.target, code)
          : unreachable(call.target, code || error.message),
      );
    });
    if (call.signal?.aborted) return onAbort();
    call.signal?.addEventListener("abort", onAbort);
    req.end(call.body);
  });
}

/** The status line and headers as -i prints them, ending with the empty line. */
export function formatHead(response: ApiResponse): string {
  const lines = [`HTTP/${response.httpVersion} ${response.status} ${response.statusMessage}`];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  }
  return `${lines.join("\n")}\n\n`;
}
