// The page oidc-provider sends a person to (interactions.url) after they confirm a user
// code. The decision is written straight onto the device code, as the PAT route does,
// rather than through interactionFinished: that would sign the browser in, and the next
// code confirmed in the same browser would then be approved without asking.
import type { KoaContext, Middleware, Provider } from "oidc-provider";
import {
  approveCode,
  checkPending,
  denyCode,
  displayUserCode,
  OAuthError,
  requestedScopes,
} from "./approval.js";
import { readForm, sendHtml } from "./http-util.js";
import { consentPage, messagePage } from "./pages.js";
import type { CloudAccount } from "./types.js";

export const INTERACTION_PATH = "/interaction";

export function interactionRoutes(
  provider: Provider,
  accounts: CloudAccount[],
  log: (line: string) => void,
): Middleware {
  return async (ctx, next) => {
    const uid = new RegExp(`^${INTERACTION_PATH}/([\\w-]+)$`).exec(ctx.path)?.[1];
    if (!uid || (ctx.method !== "GET" && ctx.method !== "POST")) return next();
    try {
      await handle(ctx, provider, accounts, uid, log);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendHtml(ctx, error.status, messagePage("Cannot continue", error.description));
    }
  };
}

async function handle(
  ctx: KoaContext,
  provider: Provider,
  accounts: CloudAccount[],
  uid: string,
  log: (line: string) => void,
): Promise<void> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res).catch(() => undefined);
  if (!interaction || interaction.uid !== uid) {
    throw new OAuthError(400, "invalid_request", "This page has expired; enter the code again.");
  }
  const code = interaction.deviceCode
    ? await provider.DeviceCode.find(interaction.deviceCode, { ignoreExpiration: true })
    : undefined;
  if (!code) throw new OAuthError(400, "invalid_request", "Only device sign-ins are handled here.");
  checkPending(code);

  if (ctx.method === "GET") {
    const client = await provider.Client.find(code.clientId);
    sendHtml(
      ctx,
      200,
      consentPage({
        action: `${INTERACTION_PATH}/${uid}`,
        clientName: client?.clientName ?? code.clientId,
        userCode: displayUserCode(code.userCode),
        scopes: requestedScopes(code),
        accounts,
      }),
    );
    return;
  }

  const form = await readForm(ctx);
  const decision = form.get("decision");
  if (decision === "deny") {
    await denyCode(code);
    await interaction.destroy();
    log(`cloud: ${displayUserCode(code.userCode)} denied in the browser`);
    sendHtml(ctx, 200, messagePage("Denied", "The sign-in was denied. You can close this page."));
    return;
  }
  const account = accounts.find((candidate) => candidate.email === form.get("account"));
  if (decision !== "approve" || !account) {
    throw new OAuthError(400, "invalid_request", "Pick an account, then Approve or Deny.");
  }
  await approveCode(provider, code, account);
  await interaction.destroy();
  log(`cloud: ${account.email} approved ${displayUserCode(code.userCode)} in the browser`);
  sendHtml(
    ctx,
    200,
    messagePage("Approved", `Signed in as ${account.email}. You can close this page.`),
  );
}
