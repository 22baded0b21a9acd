// The cloud's routes for instances (INSTANCE_ROUTES) over real HTTP: only an instance's own
// client credentials token opens them; a registration key claims the instance for its Team
// workspace, kept across a restart; the user session check says who is a member.
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
import { INSTANCE_ROUTES } from "../../source/sandbox/instance/guesses.js";

const KEY = "ckey_routesTest_0123456789";
let dataDir: string;
let cloud: Cloud;
let client: RegisteredClient;
let instanceToken: string;

async function clientToken(who: RegisteredClient): Promise<string> {
  const answer = await postForm(`${cloud.url}/token`, who, { grant_type: "client_credentials" });
  return ((await answer.json()) as { access_token: string }).access_token;
}

async function userToken(who: RegisteredClient, email: string): Promise<string> {
  const device = await startDeviceAuthorization(cloud.url, who);
  await cloud.approve(device.user_code, email);
  const answer = await postForm(`${cloud.url}/token`, who, {
    grant_type: DEVICE_CODE_GRANT,
    device_code: device.device_code,
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${cloud.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cloud-instance-routes-"));
  cloud = await startCloud({ dataDir, registrationKeys: [KEY] });
  client = await registerClient(cloud.url, "A Team instance");
  instanceToken = await clientToken(client);
});
afterAll(async () => {
  await cloud?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the instance routes", () => {
  it("want the instance's own token: none, a made-up one or a user's is 401", async () => {
    const userOne = await userToken(client, "alice@example.test");
    for (const token of [undefined, "made-up", userOne]) {
      const answer = await call("GET", INSTANCE_ROUTES.workspace, token);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe("invalid_token");
    }
  });

  it("a key claims the instance for the Team workspace; an unknown one is refused, not echoed", async () => {
    expect((await call("GET", INSTANCE_ROUTES.workspace, instanceToken)).body).toEqual({
      workspace: null,
    });
    const wrong = await call("PUT", INSTANCE_ROUTES.workspace, instanceToken, {
      registration_key: "ckey_someoneElsesKey_99",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_registration_key");
    expect(wrong.text).not.toContain("someoneElsesKey");

    const team = { id: cloud.workspaces[0]!.id, name: "Sandbox Team", kind: "team" };
    const claimed = await call("PUT", INSTANCE_ROUTES.workspace, instanceToken, {
      registration_key: KEY,
    });
    expect(claimed).toMatchObject({ status: 200, body: { workspace: team } });
    expect((await call("GET", INSTANCE_ROUTES.workspace, instanceToken)).body).toEqual({
      workspace: team,
    });
  });

  it("the user session check: members have access, bob not, other clients' tokens are dead", async () => {
    const [alice, bob, carol] = cloud.accounts;
    const session = async (token: string) =>
      (await call("POST", INSTANCE_ROUTES.userSession, instanceToken, { access_token: token }))
        .body;
    for (const [account, access] of [
      [alice!, true],
      [bob!, false],
      [carol!, true],
    ] as const) {
      expect(await session(await userToken(client, account.email))).toEqual({
        active: true,
        user: { id: account.id },
        workspace: { id: cloud.workspaces[0]!.id, name: "Sandbox Team", kind: "team" },
        access,
        expires_at: expect.any(Number),
      });
    }
    const other = await registerClient(cloud.url, "Another instance");
    expect(await session(await userToken(other, "alice@example.test"))).toEqual({ active: false });
    expect(await session("never-issued")).toEqual({ active: false });
    const malformed = await call("POST", INSTANCE_ROUTES.userSession, instanceToken, [1]);
    expect(malformed.status).toBe(400);
  });

  it("a restarted cloud keeps the claim", async () => {
    await cloud.close();
    cloud = await startCloud({ dataDir });
    const token = await clientToken(client);
    expect((await call("GET", INSTANCE_ROUTES.workspace, token)).body.workspace.name).toBe(
      "Sandbox Team",
    );
  });
});
