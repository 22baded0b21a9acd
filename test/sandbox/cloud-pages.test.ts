// The verification pages a person uses, driven with fetch and a cookie jar: confirm the
// code, pick an account, approve or deny. Plus autoApprove, expiry and restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Cloud, startCloud } from "../../source/sandbox/cloud/index.js";
import {
  DEVICE_CODE_GRANT,
  postForm,
  type RegisteredClient,
  registerClient,
  startDeviceAuthorization,
} from "../../source/sandbox/cloud/oauth-client.js";
import { CookieJar, decideWithPages } from "../../source/sandbox/cloud/page-driver.js";

const dirs: string[] = [];
const clouds: Cloud[] = [];

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cloud-pages-"));
  dirs.push(dir);
  return dir;
}

async function newCloud(options: Partial<Parameters<typeof startCloud>[0]> = {}) {
  const cloud = await startCloud({ dataDir: newDir(), ...options });
  clouds.push(cloud);
  return cloud;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(clouds.splice(0).map((cloud) => cloud.close()));
});

async function poll(cloud: Cloud, client: RegisteredClient, deviceCode: string) {
  const response = await postForm(`${cloud.url}/token`, client, {
    grant_type: DEVICE_CODE_GRANT,
    device_code: deviceCode,
  });
  return { status: response.status, body: await response.json() };
}

async function subject(cloud: Cloud, accessToken: string): Promise<string> {
  const me = await fetch(`${cloud.url}/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return (await me.json()).sub;
}

describe("verification pages", () => {
  let cloud: Cloud;
  let client: RegisteredClient;
  beforeAll(async () => {
    cloud = await startCloud({ dataDir: newDir() });
    client = await registerClient(cloud.url, "Pages instance");
  });
  afterAll(() => cloud.close());

  it("approve as the chosen account", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const jar = new CookieJar();
    const start = await jar.fetch(device.verification_uri_complete);
    expect(start.status).toBe(200);
    const done = await decideWithPages(
      device.verification_uri_complete,
      { decision: "approve", email: "bob@example.test" },
      jar,
    );
    expect(done.status).toBe(200);
    expect(done.html).toContain("Signed in as bob@example.test");
    const { status, body } = await poll(cloud, client, device.device_code);
    expect(status).toBe(200);
    expect(await subject(cloud, body.access_token)).toBe(cloud.accounts[1]!.id);
  });

  it("show the code, the client and one choice per account", async () => {
    const device = await startDeviceAuthorization(cloud.url, client, "openid email");
    const jar = new CookieJar();
    const start = await jar.fetch(device.verification_uri_complete);
    const form = /name="xsrf" value="([^"]+)"/.exec(start.html)![1]!;
    const confirm = await jar.fetch(`${cloud.url}/device`, {
      method: "POST",
      form: { xsrf: form, user_code: device.user_code },
    });
    expect(confirm.html).toContain(device.user_code);
    expect(confirm.html).toContain("Pages instance");
    expect(confirm.html).toContain('name="abort"');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)![1]!;
    const consent = await jar.fetch(`${cloud.url}/device`, {
      method: "POST",
      form: { xsrf, user_code: device.user_code, confirm: "yes" },
    });
    expect(consent.url).toMatch(/\/interaction\/[\w-]+$/);
    expect(consent.html).toContain(device.user_code);
    expect(consent.html).toContain('<option value="alice@example.test">');
    expect(consent.html).toContain('<option value="bob@example.test">');
    expect(consent.html).toContain("<li>email</li>");
    expect(consent.html).not.toContain('type="text"');
  });

  it("deny on the account page ends the request with access_denied", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const done = await decideWithPages(device.verification_uri_complete, { decision: "deny" });
    expect(done.html).toContain("denied");
    const { status, body } = await poll(cloud, client, device.device_code);
    expect(status).toBe(400);
    expect(body.error).toBe("access_denied");
  });

  it("deny on the confirmation page ends the request with access_denied", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const done = await decideWithPages(device.verification_uri_complete, {
      decision: "deny",
      denyAtConfirm: true,
    });
    expect(done.html).toContain("denied");
    const { body } = await poll(cloud, client, device.device_code);
    expect(body.error).toBe("access_denied");
  });

  it("ask again for the next code in the same browser, as another account", async () => {
    const jar = new CookieJar();
    const first = await startDeviceAuthorization(cloud.url, client);
    await decideWithPages(first.verification_uri_complete, { decision: "approve" }, jar);
    const second = await startDeviceAuthorization(cloud.url, client);
    const done = await decideWithPages(
      second.verification_uri_complete,
      { decision: "approve", email: "bob@example.test" },
      jar,
    );
    expect(done.html).toContain("Signed in as bob@example.test");
    const { body } = await poll(cloud, client, second.device_code);
    expect(await subject(cloud, body.access_token)).toBe(cloud.accounts[1]!.id);
  });

  it("refuse a code that was already decided", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    await cloud.approve(device.user_code);
    const jar = new CookieJar();
    const start = await jar.fetch(device.verification_uri_complete);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(start.html)![1]!;
    const again = await jar.fetch(`${cloud.url}/device`, {
      method: "POST",
      form: { xsrf, user_code: device.user_code },
    });
    expect(again.html).toContain("already used");
  });
});

describe("cloud options", () => {
  it("autoApprove approves every device request as the first account at once", async () => {
    const cloud = await newCloud({ autoApprove: true, pollInterval: 3 });
    const client = await registerClient(cloud.url);
    const device = await startDeviceAuthorization(cloud.url, client);
    expect(device.interval).toBe(3);
    const { status, body } = await poll(cloud, client, device.device_code);
    expect(status).toBe(200);
    expect(await subject(cloud, body.access_token)).toBe(cloud.accounts[0]!.id);
  });

  it("an expired code answers expired_token, and the PAT routes refuse it", async () => {
    const cloud = await newCloud({ codeTtl: 1 });
    const client = await registerClient(cloud.url);
    const device = await startDeviceAuthorization(cloud.url, client);
    expect(device.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const { status, body } = await poll(cloud, client, device.device_code);
    expect(status).toBe(400);
    expect(body.error).toBe("expired_token");
    const info = await fetch(
      `${cloud.url}/oauth2/device/information?user_code=${device.user_code}`,
      { headers: { authorization: `Bearer ${cloud.accounts[0]!.pat}` } },
    );
    expect(info.status).toBe(400);
    expect((await info.json()).error).toBe("expired_token");
    await expect(cloud.approve(device.user_code)).rejects.toThrow(/expired/);
  });

  it("token lifetimes follow the options", async () => {
    const cloud = await newCloud({ accessTokenTtl: 120 });
    const client = await registerClient(cloud.url);
    const device = await startDeviceAuthorization(cloud.url, client);
    await cloud.approve(device.user_code);
    const { body } = await poll(cloud, client, device.device_code);
    expect(body.expires_in).toBe(120);
    const credentials = await postForm(`${cloud.url}/token`, client, {
      grant_type: "client_credentials",
    });
    expect((await credentials.json()).expires_in).toBe(120);
  });

  it("a restart on the same dataDir keeps clients, accounts, PATs and tokens", async () => {
    const dataDir = newDir();
    const before = await startCloud({ dataDir });
    const client = await registerClient(before.url);
    const device = await startDeviceAuthorization(before.url, client);
    await before.approve(device.user_code, "bob@example.test");
    const tokens = (await poll(before, client, device.device_code)).body;
    const port = new URL(before.url).port;
    const accounts = before.accounts;
    await before.close();

    const after = await newCloud({ dataDir, port: Number(port) });
    expect(after.url).toBe(before.url);
    expect(after.accounts).toEqual(accounts);
    const credentials = await postForm(`${after.url}/token`, client, {
      grant_type: "client_credentials",
    });
    expect(credentials.status).toBe(200);
    const refreshed = await postForm(`${after.url}/token`, client, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(await subject(after, (await refreshed.json()).access_token)).toBe(accounts[1]!.id);
  });

  it("log gets one line per event, and nothing about pending polls", async () => {
    const lines: string[] = [];
    const cloud = await newCloud({ log: (line) => lines.push(line) });
    const client = await registerClient(cloud.url);
    const device = await startDeviceAuthorization(cloud.url, client);
    await poll(cloud, client, device.device_code);
    await cloud.approve(device.user_code);
    await poll(cloud, client, device.device_code);
    expect(lines.join("\n")).toMatch(/registered client .*\n.*device request.*\n.*issued tokens/s);
    expect(lines.join("\n")).not.toContain("pending");
  });

  it("two clouds in one process keep their registrations apart", async () => {
    const one = await newCloud();
    const two = await newCloud();
    const client = await registerClient(one.url);
    const elsewhere = await postForm(`${two.url}/token`, client, {
      grant_type: "client_credentials",
    });
    expect(elsewhere.status).toBe(401);
    expect(one.accounts[0]!.pat).not.toBe(two.accounts[0]!.pat);
  });
});
