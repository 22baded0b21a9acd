// First start: register with the cloud (RFC 7591) and get the instance's own access token with
// client_credentials. Later starts reuse both from secrets.db; a registration the cloud no
// longer knows (its data was wiped) is replaced, and the log says so.
import { type CloudClient, type Credentials, OAuthError } from "./cloud-client.js";
import type { SecretsDb } from "./secrets-db.js";

export const AUTH_SCOPE = "openid offline_access profile email assistant";
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

export async function ensureRegistration(
  cloud: CloudClient,
  db: SecretsDb,
  log: (line: string) => void,
): Promise<Credentials> {
  const stored = readCredentials(db);
  if (stored) {
    try {
      await ensureInstanceToken(cloud, db, stored);
      return stored;
    } catch (error) {
      if (!(error instanceof OAuthError && error.error === "invalid_client")) throw error;
      log(`instance: the cloud no longer knows client ${stored.clientId}; registering again`);
    }
  }
  const answer = await cloud.register({
    client_name: "Caido instance (sandbox)",
    grant_types: [DEVICE_GRANT, "refresh_token", "client_credentials"],
    response_types: [],
    token_endpoint_auth_method: "client_secret_basic",
    scope: AUTH_SCOPE,
  });
  if (typeof answer.client_id !== "string" || typeof answer.client_secret !== "string") {
    throw new Error("the cloud's registration answer has no client_id and client_secret");
  }
  const credentials = { clientId: answer.client_id, clientSecret: answer.client_secret };
  // The owner's claim belongs to the old registration's tokens; it stays (it names an account).
  await db.update({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    instance_token: undefined,
  });
  log(`instance: registered with the cloud as client ${credentials.clientId}`);
  await ensureInstanceToken(cloud, db, credentials);
  return credentials;
}

function readCredentials(db: SecretsDb): Credentials | undefined {
  const clientId = db.get("client_id");
  const clientSecret = db.get("client_secret");
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

/**
 * The instance's own token (client_credentials), renewed when missing or about to expire, or
 * with `renew` when the cloud refused it.
 */
export async function ensureInstanceToken(
  cloud: CloudClient,
  db: SecretsDb,
  credentials: Credentials,
  renew = false,
): Promise<string> {
  const stored = db.get("instance_token");
  if (stored && !renew) {
    const { accessToken, expiresAt } = JSON.parse(stored) as {
      accessToken: string;
      expiresAt: number;
    };
    if (expiresAt - Date.now() > 60_000) return accessToken;
  }
  const answer = await cloud.post(
    "token_endpoint",
    { grant_type: "client_credentials" },
    credentials,
  );
  if (typeof answer.access_token !== "string") {
    throw new Error("the cloud's client_credentials answer has no access_token");
  }
  const expiresIn = typeof answer.expires_in === "number" ? answer.expires_in : 3600;
  await db.update({
    instance_token: JSON.stringify({
      accessToken: answer.access_token,
      expiresAt: Date.now() + expiresIn * 1000,
    }),
  });
  return answer.access_token;
}
