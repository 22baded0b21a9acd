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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new OAuthError(413, "invalid_request", "form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
