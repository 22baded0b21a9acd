// After login: refresh with rotation (a spent refresh token ends the session), bearer checks
// on viewer, logout, and CloudUserError UNAVAILABLE when the cloud is gone.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startCloud } from "../../source/sandbox/cloud/index.js";
import {
  DEVICE_CODE_GRANT,
  postForm,
  registerClient,
  startDeviceAuthorization,
} from "../../source/sandbox/cloud/oauth-client.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { startInstance } from "../../source/sandbox/instance/index.js";
import { SCHEMA_VERSION } from "../../source/sandbox/instance/schema-sdl.js";
import { caidoError, graphql, LOGOUT, loginWithPat, REFRESH, START, VIEWER } from "./_instance.js";

const INVALID_TOKEN = { code: "AUTHORIZATION", reason: "INVALID_TOKEN" };

describe("sessions on one sandbox", () => {
  let sandbox: Sandbox;
  let pat: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    pat = sandbox.accounts[0]!.pat;
  });
  afterAll(() => sandbox?.close());

  const refresh = async (refreshToken: string) =>
    (await graphql(sandbox.instanceUrl, REFRESH, { refreshToken })).body.data
      .refreshAuthenticationToken;

  test("refresh rotates; reusing the spent token is refused and ends the session", async () => {
    const first = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, pat);
    const second = await refresh(first.refreshToken);
    expect(second.error).toBeNull();
    expect(second.token.refreshToken).not.toBe(first.refreshToken);
    expect(second.token.scopes).toEqual(["ASSISTANT", "OFFLINE", "PROFILE_READ"]);
    expect(
      (await graphql(sandbox.instanceUrl, VIEWER, undefined, second.token.accessToken)).body.data,
    ).toBeTruthy();

    const reused = await refresh(first.refreshToken);
    expect(reused).toMatchObject({
      token: null,
      error: { __typename: "AuthenticationUserError", authReason: "INVALID" },
    });
    // Reuse revoked the whole grant (as real servers do): the newer token is dead too.
    const newer = await refresh(second.token.refreshToken);
    expect(newer).toMatchObject({ token: null, error: { authReason: "INVALID" } });
    const viewer = await graphql(sandbox.instanceUrl, VIEWER, undefined, second.token.accessToken);
    expect(caidoError(viewer.body)).toEqual(INVALID_TOKEN);
  });

  test("a refresh token that was never issued is INVALID", async () => {
    expect(await refresh("not-a-token")).toMatchObject({
      token: null,
      error: { authReason: "INVALID" },
    });
  });

  test.each([
    ["no Authorization header", undefined],
    ["a made-up token", "garbage"],
  ])("viewer with %s: INVALID_TOKEN, HTTP 200", async (_name, token) => {
    const { status, body } = await graphql(sandbox.instanceUrl, VIEWER, undefined, token);
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(caidoError(body)).toEqual(INVALID_TOKEN);
  });

  test("viewer with the refresh token as bearer: INVALID_TOKEN", async () => {
    const token = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, pat);
    const { body } = await graphql(sandbox.instanceUrl, VIEWER, undefined, token.refreshToken);
    expect(caidoError(body)).toEqual(INVALID_TOKEN);
  });

  test("viewer with the owner's token issued to another client: INVALID_TOKEN", async () => {
    const other = await registerClient(sandbox.cloudUrl, "Some other instance");
    const device = await startDeviceAuthorization(sandbox.cloudUrl, other);
    await sandbox.approve(device.user_code);
    const answer = await postForm(`${sandbox.cloudUrl}/token`, other, {
      grant_type: DEVICE_CODE_GRANT,
      device_code: device.device_code,
    });
    const { access_token } = (await answer.json()) as { access_token: string };
    const { body } = await graphql(sandbox.instanceUrl, VIEWER, undefined, access_token);
    expect(caidoError(body)).toEqual(INVALID_TOKEN);
  });

  test("logout revokes the access token and its refresh token", async () => {
    const token = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, pat);
    const out = await graphql(sandbox.instanceUrl, LOGOUT, undefined, token.accessToken);
    expect(out.body).toEqual({ data: { logout: { success: true, error: null } } });
    const viewer = await graphql(sandbox.instanceUrl, VIEWER, undefined, token.accessToken);
    expect(caidoError(viewer.body)).toEqual(INVALID_TOKEN);
    expect(await refresh(token.refreshToken)).toMatchObject({
      token: null,
      error: { authReason: "INVALID" },
    });
  });

  test("logout without a valid bearer: INVALID_TOKEN", async () => {
    const { body } = await graphql(sandbox.instanceUrl, LOGOUT, undefined, "garbage");
    expect(caidoError(body)).toEqual(INVALID_TOKEN);
  });
});

test("with the cloud gone: CloudUserError UNAVAILABLE for logins, and the instance keeps serving", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "instance-cloud-down-"));
  const cloud = await startCloud({ dataDir: join(dataDir, "cloud") });
  const instance = await startInstance({ cloudUrl: cloud.url, dataDir: join(dataDir, "instance") });
  try {
    const token = await loginWithPat(instance.url, cloud.url, cloud.accounts[0]!.pat);
    await cloud.close();

    const start = await graphql(instance.url, START);
    expect(start.body.data.startAuthenticationFlow).toMatchObject({
      request: null,
      error: { __typename: "CloudUserError", code: "CLOUD", cloudReason: "UNAVAILABLE" },
    });
    const refreshed = await graphql(instance.url, REFRESH, { refreshToken: token.refreshToken });
    expect(refreshed.body.data.refreshAuthenticationToken).toMatchObject({
      token: null,
      error: { __typename: "CloudUserError", cloudReason: "UNAVAILABLE" },
    });
    // A token the instance knows is served from memory (cloud-down.test.ts has the details);
    // one it never saw cannot be checked.
    const viewer = await graphql(instance.url, VIEWER, undefined, token.accessToken);
    expect(viewer.body.data.viewer.profile.identity.email).toBe(cloud.accounts[0]!.email);
    const unknown = await graphql(instance.url, VIEWER, undefined, "never-issued");
    expect(caidoError(unknown.body)).toEqual({ code: "CLOUD", reason: "UNAVAILABLE" });
    const health = await fetch(`${instance.url}/health`);
    expect(await health.json()).toEqual({ name: "caido", version: SCHEMA_VERSION, ready: true });
  } finally {
    await instance.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
