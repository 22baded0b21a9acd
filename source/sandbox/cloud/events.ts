// What the cloud did, one line each, for the `log` option (demos and debugging). Polls
// still waiting for a decision are left out: they would drown everything else.
import type { Provider } from "oidc-provider";

interface EventContext {
  oidc?: { params?: { grant_type?: string }; client?: { clientId: string } };
}

export function logEvents(provider: Provider, log: (line: string) => void): void {
  const on = (event: string, describe: (ctx: EventContext, error?: Error) => string | undefined) =>
    provider.on(event, (ctx, error) => {
      const line = describe(ctx as EventContext, error as Error | undefined);
      if (line) log(`cloud: ${line}`);
    });
  on("registration_create.success", (ctx) => `registered client ${ctx.oidc?.client?.clientId}`);
  on("device_authorization.success", (ctx) => `device request from ${ctx.oidc?.client?.clientId}`);
  on("grant.success", (ctx) => `issued tokens (${ctx.oidc?.params?.grant_type})`);
  on("grant.error", (ctx, error) =>
    error?.message === "authorization_pending"
      ? undefined
      : `token request (${ctx.oidc?.params?.grant_type}) failed: ${describeError(error)}`,
  );
  on("grant.revoked", () => "revoked a grant (a spent refresh token came back, or revocation)");
  on("revocation.success", () => "revoked a token");
  // A listener keeps Koa from printing errors itself; Koa passes (error, ctx).
  provider.on("error", (error) => log(`cloud: error ${describeError(error as Error)}`));
  on("server_error", (_ctx, error) => `server_error ${describeError(error)}`);
}

function describeError(error?: Error & { error_description?: string }): string {
  if (!error) return "unknown error";
  return error.error_description ? `${error.message} (${error.error_description})` : error.message;
}
