// oidc-provider configuration for the sandbox cloud. Every hook that oidc-provider would
// otherwise default (and announce on the console) is set here, so it stays quiet.
import type { Client, Configuration, KoaContext } from "oidc-provider";
import { accountClaims } from "./accounts.js";
import type { OidcStore } from "./adapter.js";
import { sendHtml } from "./http-util.js";
import { INTERACTION_PATH } from "./interaction-routes.js";
import type { CloudKeys } from "./keys.js";
import { codeConfirmPage, codeInputPage, messagePage } from "./pages.js";
import type { CloudAccount } from "./types.js";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

export const SCOPES = ["openid", "offline_access", "profile", "email", "assistant"];

export interface ConfigInput {
  accounts: CloudAccount[];
  keys: CloudKeys;
  store: OidcStore;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  codeTtl: number;
}

export function providerConfiguration(input: ConfigInput): Configuration {
  const { accounts, accessTokenTtl, refreshTokenTtl, codeTtl } = input;
  return {
    adapter: input.store.adapterClass(),
    jwks: { keys: input.keys.jwks },
    cookies: { keys: input.keys.cookieKeys },
    findAccount: async (_ctx: KoaContext, sub: string) => {
      const account = accounts.find((candidate) => candidate.id === sub);
      return account && { accountId: account.id, claims: () => accountClaims(account) };
    },
    // What an instance needs when its registration leaves these out; without response_types
    // [] oidc-provider would demand redirect_uris from a client that never redirects.
    clientDefaults: {
      grant_types: ["client_credentials", DEVICE_CODE_GRANT, "refresh_token"],
      response_types: [],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
    },
    scopes: SCOPES,
    // `plan` is the sandbox's own claim, so the instance can show a subscription plan.
    claims: { openid: ["sub"], profile: ["name", "plan"], email: ["email", "email_verified"] },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      introspection: { enabled: true, allowedPolicy: confidentialOrOwn },
      userinfo: { enabled: true },
    },
    interactions: {
      url: (_ctx: KoaContext, interaction: { uid: string }) =>
        `${INTERACTION_PATH}/${interaction.uid}`,
    },
    // The instance asks for device codes; give those a refresh token whenever the client
    // registered the refresh_token grant, and always rotate it on use.
    issueRefreshToken: async (_ctx: KoaContext, client: Client, source: { kind: string }) =>
      source.kind === "DeviceCode" && client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      DeviceCode: codeTtl,
      // A grant outliving its refresh tokens would be pointless; one dying first breaks them.
      Grant: refreshTokenTtl,
      IdToken: accessTokenTtl,
      Interaction: 60 * 60,
      Session: 24 * 60 * 60,
      AuthorizationCode: 60,
    },
    clientBasedCORS: () => false,
    renderError: async (ctx: KoaContext, out: { error_description?: string; error?: string }) => {
      sendHtml(ctx, ctx.status, messagePage("Something went wrong", describe(out)));
    },
  };
}

function describe(out: { error_description?: string; error?: string }): string {
  return out.error_description ?? out.error ?? "unknown error";
}

async function userCodeInputSource(
  ctx: KoaContext,
  form: string,
  _out: unknown,
  error?: { name?: string; userCode?: string },
): Promise<void> {
  sendHtml(ctx, error ? ctx.status : 200, codeInputPage(form, inputProblem(error)));
}

function inputProblem(error?: { name?: string; userCode?: string }): string | undefined {
  switch (error?.name) {
    case undefined:
      return undefined;
    case "AbortedError":
      return "The sign-in was denied. You can close this page.";
    case "ExpiredError":
      return "That code has expired. Start the sign-in again on your device.";
    case "AlreadyUsedError":
      return "That code was already used.";
    default:
      return "That code is not valid. Check it and try again.";
  }
}

async function userCodeConfirmSource(
  ctx: KoaContext,
  form: string,
  client: Client,
  _deviceInfo: unknown,
  userCode: string,
): Promise<void> {
  sendHtml(ctx, 200, codeConfirmPage(form, client.clientName ?? client.clientId, userCode));
}

async function successSource(ctx: KoaContext): Promise<void> {
  sendHtml(ctx, 200, messagePage("Approved", "The sign-in was approved. You can close this page."));
}

// A client may only revoke what was issued to it.
async function ownTokensOnly(_ctx: KoaContext, client: Client, token: { clientId?: string }) {
  return token.clientId === client.clientId;
}

// oidc-provider's default: confidential clients may introspect any token, public ones
// only their own. The instance introspects with its own client credentials.
async function confidentialOrOwn(ctx: KoaContext, client: Client, token: { clientId?: string }) {
  return client.clientAuthMethod !== "none" || token.clientId === ctx.oidc?.client?.clientId;
}
