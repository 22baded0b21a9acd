// The sandbox cloud over real HTTP: registration, client credentials, the device flow
// with PAT approval, refresh rotation and reuse detection, revocation, introspection.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cloud, startCloud } from "../../source/sandbox/cloud/index.js";
import {
  DEVICE_CODE_GRANT,
  postForm,
  type RegisteredClient,
  registerClient,
  startDeviceAuthorization,
} from "../../source/sandbox/cloud/oauth-client.js";

let dataDir: string;
let cloud: Cloud;
let client: RegisteredClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cloud-test-"));
  cloud = await startCloud({ dataDir });
  client = await registerClient(cloud.url);
});

afterAll(async () => {
  await cloud?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  error?: string;
  error_description?: string;
}

async function token(form: Record<string, string>, who = client) {
  const response = await postForm(`${cloud.url}/token`, who, form);
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

async function approvedTokens() {
  const device = await startDeviceAuthorization(cloud.url, client);
  await cloud.approve(device.user_code);
  const { status, body } = await token({
    grant_type: DEVICE_CODE_GRANT,
    device_code: device.device_code,
  });
  expect(status).toBe(200);
  return body;
}

describe("sandbox cloud", () => {
  it("binds to 127.0.0.1 and serves discovery with the real port", async () => {
    expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = await (await fetch(`${cloud.url}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(cloud.url);
    expect(discovery.device_authorization_endpoint).toBe(`${cloud.url}/device/auth`);
    expect(discovery.registration_endpoint).toBe(`${cloud.url}/reg`);
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(["openid", "offline_access", "profile", "email", "assistant"]),
    );
  });

  it("has three accounts with random caido_ PATs, alice and carol in the Team workspace", () => {
    expect(cloud.accounts.map((a) => a.email)).toEqual([
      "alice@example.test",
      "bob@example.test",
      "carol@example.test",
    ]);
    const [alice, bob, carol] = cloud.accounts;
    expect(cloud.workspaces).toEqual([
      {
        id: expect.any(String),
        name: "Sandbox Team",
        kind: "team",
        members: [alice!.id, carol!.id],
      },
    ]);
    expect(cloud.workspaces[0]!.members).not.toContain(bob!.id);
    for (const account of cloud.accounts) expect(account.pat).toMatch(/^caido_.{20,}$/);
    expect(cloud.accounts[0]!.pat).not.toBe(cloud.accounts[1]!.pat);
  });

  it("registers an instance that sends only its name", async () => {
    const response = await fetch(`${cloud.url}/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Minimal instance" }),
    });
    expect(response.status).toBe(201);
    const registered = await response.json();
    expect(registered.client_secret).toBeTruthy();
    expect(registered.grant_types).toEqual([
      "client_credentials",
      DEVICE_CODE_GRANT,
      "refresh_token",
    ]);
    const device = await startDeviceAuthorization(cloud.url, registered, "offline_access");
    await cloud.approve(device.user_code, "bob@example.test");
    const { body } = await token(
      { grant_type: DEVICE_CODE_GRANT, device_code: device.device_code },
      registered,
    );
    expect(body.refresh_token).toBeTruthy();
  });

  it("approve() and deny() refuse unknown accounts and codes", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    await expect(cloud.approve(device.user_code, "eve@example.test")).rejects.toThrow(/eve/);
    await expect(cloud.deny("BBBB-CCCC")).rejects.toThrow(/unknown user code/);
    await cloud.deny(device.user_code);
    await expect(cloud.approve(device.user_code)).rejects.toThrow(/already used/);
  });

  it("issues client credentials tokens to a registered client", async () => {
    const { status, body } = await token({ grant_type: "client_credentials" });
    expect(status).toBe(200);
    expect(body.access_token).toBeTruthy();
    expect(body.expires_in).toBeGreaterThan(3500);
  });

  it("puts interval in the device authorization response", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    expect(device.interval).toBe(1);
    expect(device.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verification_uri_complete).toContain(`${cloud.url}/device?user_code=`);
  });

  it("answers authorization_pending before a decision", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const { status, body } = await token({
      grant_type: DEVICE_CODE_GRANT,
      device_code: device.device_code,
    });
    expect(status).toBe(400);
    expect(body.error).toBe("authorization_pending");
  });

  it("approves through the PAT routes and returns access and refresh tokens", async () => {
    const device = await startDeviceAuthorization(
      cloud.url,
      client,
      "openid offline_access profile",
    );
    const headers = { authorization: `Bearer ${cloud.accounts[1]!.pat}` };
    const info = await fetch(
      `${cloud.url}/oauth2/device/information?user_code=${device.user_code}`,
      { headers },
    );
    expect(info.status).toBe(200);
    expect((await info.json()).scopes).toEqual([
      { name: "openid" },
      { name: "offline_access" },
      { name: "profile" },
    ]);
    const approve = await fetch(
      `${cloud.url}/oauth2/device/approve?user_code=${device.user_code}&scope=openid,offline_access,profile`,
      { method: "POST", headers },
    );
    expect(approve.status).toBe(200);
    const { status, body } = await token({
      grant_type: DEVICE_CODE_GRANT,
      device_code: device.device_code,
    });
    expect(status).toBe(200);
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeTruthy();
    expect(body.scope?.split(" ").sort()).toEqual(["offline_access", "openid", "profile"]);
    const me = await fetch(`${cloud.url}/me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(await me.json()).toEqual({
      sub: cloud.accounts[1]!.id,
      name: "Bob",
      plan: "Individual",
    });
  });

  it("refuses scopes that were not requested", async () => {
    const device = await startDeviceAuthorization(cloud.url, client, "openid profile");
    const response = await fetch(
      `${cloud.url}/oauth2/device/approve?user_code=${device.user_code}&scope=openid,assistant`,
      { method: "POST", headers: { authorization: `Bearer ${cloud.accounts[0]!.pat}` } },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("invalid_scope");
  });

  it("answers 401 invalid_token for a bad PAT without echoing it", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const bad = "caido_not-a-real-token-0123456789";
    for (const headers of [{ authorization: `Bearer ${bad}` }, {}] as Record<string, string>[]) {
      const response = await fetch(
        `${cloud.url}/oauth2/device/information?user_code=${device.user_code}`,
        { headers },
      );
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).not.toContain(bad);
      expect(JSON.parse(text)).toMatchObject({ error: "invalid_token" });
      expect(JSON.parse(text).error_description).toBeTruthy();
    }
  });

  it("answers 404 for an unknown user code", async () => {
    const response = await fetch(`${cloud.url}/oauth2/device/information?user_code=BBBB-CCCC`, {
      headers: { authorization: `Bearer ${cloud.accounts[0]!.pat}` },
    });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toBeTruthy();
  });

  it("works with the official PATApprover unchanged", async () => {
    const { PATApprover } = await import("@caido/server-auth");
    const device = await startDeviceAuthorization(cloud.url, client);
    const approver = new PATApprover({ pat: cloud.accounts[0]!.pat, apiUrl: cloud.url });
    await approver.approve({
      id: "x",
      userCode: device.user_code,
      verificationUrl: device.verification_uri_complete,
      expiresAt: new Date(Date.now() + 600_000),
    });
    const { status, body } = await token({
      grant_type: DEVICE_CODE_GRANT,
      device_code: device.device_code,
    });
    expect(status).toBe(200);
    expect(body.refresh_token).toBeTruthy();
  });

  it("answers access_denied for a denied code", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    await cloud.deny(device.user_code);
    const { status, body } = await token({
      grant_type: DEVICE_CODE_GRANT,
      device_code: device.device_code,
    });
    expect(status).toBe(400);
    expect(body.error).toBe("access_denied");
  });

  it("answers a device code once: polling again after success revokes what it issued", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    await cloud.approve(device.user_code);
    const poll = { grant_type: DEVICE_CODE_GRANT, device_code: device.device_code };
    const first = await token(poll);
    expect(first.status).toBe(200);
    const again = await token(poll);
    expect(again.body.error).toBe("invalid_grant");
    const refreshed = await token({
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token!,
    });
    expect(refreshed.body.error).toBe("invalid_grant");

    const denied = await startDeviceAuthorization(cloud.url, client);
    await cloud.deny(denied.user_code);
    const deniedPoll = { grant_type: DEVICE_CODE_GRANT, device_code: denied.device_code };
    expect((await token(deniedPoll)).body.error).toBe("access_denied");
    expect((await token(deniedPoll)).body.error).toBe("invalid_grant");
  });

  it("rotates refresh tokens and revokes the grant when a spent one comes back", async () => {
    const first = await approvedTokens();
    const second = await token({
      grant_type: "refresh_token",
      refresh_token: first.refresh_token!,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBeTruthy();
    expect(second.body.refresh_token).not.toBe(first.refresh_token);

    const reuse = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token! });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe("invalid_grant");
    // Reuse detection revoked the whole grant: the newer token is dead too.
    const newer = await token({
      grant_type: "refresh_token",
      refresh_token: second.body.refresh_token!,
    });
    expect(newer.status).toBe(400);
    expect(newer.body.error).toBe("invalid_grant");
  });

  it("introspects with the client's credentials", async () => {
    const tokens = await approvedTokens();
    const response = await postForm(`${cloud.url}/token/introspection`, client, {
      token: tokens.access_token!,
    });
    const body = await response.json();
    expect(body).toMatchObject({
      active: true,
      sub: cloud.accounts[0]!.id,
      client_id: client.client_id,
    });
  });

  it("gives email, name and plan at userinfo", async () => {
    const tokens = await approvedTokens();
    const response = await fetch(`${cloud.url}/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await response.json()).toEqual({
      sub: cloud.accounts[0]!.id,
      email: "alice@example.test",
      email_verified: true,
      name: "Alice",
      plan: "Pro",
    });
  });

  it("revokes refresh and access tokens", async () => {
    const tokens = await approvedTokens();
    const revoke = await postForm(`${cloud.url}/token/revocation`, client, {
      token: tokens.refresh_token!,
      token_type_hint: "refresh_token",
    });
    expect(revoke.status).toBe(200);
    const refreshed = await token({
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token!,
    });
    expect(refreshed.body.error).toBe("invalid_grant");

    await postForm(`${cloud.url}/token/revocation`, client, { token: tokens.access_token! });
    const introspected = await postForm(`${cloud.url}/token/introspection`, client, {
      token: tokens.access_token!,
    });
    expect((await introspected.json()).active).toBe(false);
  });
});
