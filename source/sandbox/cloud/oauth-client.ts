// The few OAuth calls a Caido instance makes to its cloud, kept minimal for the sandbox's
// own tests and demos (the real client code lives elsewhere in the project).

export interface RegisteredClient {
  client_id: string;
  client_secret: string;
  [field: string]: unknown;
}

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 7591 open registration, shaped like an instance registering itself. */
export async function registerClient(cloudUrl: string, name = "Sandbox instance") {
  const response = await fetch(`${cloudUrl}/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: name,
      grant_types: ["client_credentials", DEVICE_CODE_GRANT, "refresh_token"],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: "client_secret_basic",
    }),
  });
  if (response.status !== 201) throw new Error(`registration: ${await response.text()}`);
  return (await response.json()) as RegisteredClient;
}

/** POST a form to an endpoint with HTTP Basic client authentication. */
export function postForm(url: string, client: RegisteredClient, form: Record<string, string>) {
  const basic = Buffer.from(
    `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`,
  ).toString("base64");
  return fetch(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form),
  });
}

export async function startDeviceAuthorization(
  cloudUrl: string,
  client: RegisteredClient,
  scope = "openid offline_access profile email assistant",
): Promise<DeviceAuthorization> {
  const response = await postForm(`${cloudUrl}/device/auth`, client, { scope });
  if (response.status !== 200) throw new Error(`device authorization: ${await response.text()}`);
  return (await response.json()) as DeviceAuthorization;
}
