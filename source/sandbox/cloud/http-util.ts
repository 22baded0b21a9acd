// Tiny request/response helpers for the sandbox's own routes on oidc-provider's Koa app.
import type { KoaContext } from "oidc-provider";
import { OAuthError } from "./approval.js";

export function sendJson(ctx: KoaContext, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set("Cache-Control", "no-store");
  ctx.body = body;
}

export function sendOAuthError(ctx: KoaContext, error: OAuthError): void {
  if (error.status === 401) ctx.set("WWW-Authenticate", `Bearer error="${error.error}"`);
  sendJson(ctx, error.status, { error: error.error, error_description: error.description });
}

export function sendHtml(ctx: KoaContext, status: number, html: string): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.set("Cache-Control", "no-store");
  ctx.body = html;
}

export function queryString(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.query[name];
  return typeof value === "string" ? value : undefined;
}

/** Read a small urlencoded form body (the interaction page posts a few fields). */
export async function readForm(ctx: KoaContext): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(ctx));
}

/** Read a small JSON object body (the instance routes); anything else is invalid_request. */
export async function readJsonObject(ctx: KoaContext): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(ctx));
  } catch {
    throw new OAuthError(400, "invalid_request", "the body must be JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new OAuthError(400, "invalid_request", "the body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

async function readBody(ctx: KoaContext): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new OAuthError(413, "invalid_request", "body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
