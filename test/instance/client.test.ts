// The instance client against the sandbox and against servers that misbehave on purpose.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError } from "../../source/base/errors.js";
import { getViewer, startAuthenticationFlow } from "../../source/instance/auth.js";
import { InstanceFailure } from "../../source/instance/errors.js";
import { postGraphql } from "../../source/instance/graphql.js";
import { getHealth } from "../../source/instance/health.js";
import { waitForToken } from "../../source/instance/subscription.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type HoldProxy, startHoldProxy } from "../e2e/_hold-proxy.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serve(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function failure(promise: Promise<unknown>): Promise<InstanceFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InstanceFailure);
  return error as InstanceFailure;
}

describe("instance client", () => {
  let sandbox: Sandbox;
  let proxy: HoldProxy;
  beforeAll(async () => {
    sandbox = await startSandbox();
    proxy = await startHoldProxy(sandbox.instanceUrl);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  it("logs in: health, start, wait, viewer", async () => {
    expect(await getHealth(sandbox.instanceUrl)).toMatchObject({ name: "caido", ready: true });
    const request = await startAuthenticationFlow(sandbox.instanceUrl);
    const waiting = waitForToken({
      instanceUrl: sandbox.instanceUrl,
      requestId: request.id,
      expiresAt: Date.parse(request.expiresAt),
    });
    await sandbox.approve(request.userCode);
    const token = await waiting;
    expect(token.scopes).toContain("OFFLINE");
    const viewer = await getViewer(sandbox.instanceUrl, token.accessToken);
    expect(viewer.profile?.identity.email).toBe("alice@example.test");
  });

  it("a dropped WebSocket reconnects and subscribes again", async () => {
    proxy.hold(false);
    const request = await startAuthenticationFlow(proxy.url);
    const waiting = waitForToken({
      instanceUrl: proxy.url,
      requestId: request.id,
      expiresAt: Date.parse(request.expiresAt),
    });
    await sleep(300);
    proxy.dropAll();
    await sleep(300);
    await sandbox.approve(request.userCode);
    expect((await waiting).accessToken).toBeTruthy();
  });

  it("the code's expiry ends the wait even when the socket stays silent", async () => {
    const request = await startAuthenticationFlow(sandbox.instanceUrl);
    proxy.hold(true);
    try {
      const error = await failure(
        waitForToken({
          instanceUrl: proxy.url,
          requestId: request.id,
          expiresAt: Date.now() + 1_500,
        }),
      );
      expect(error.kind).toBe("expired");
      expect(error.exitCode).toBe(4);
    } finally {
      proxy.hold(false);
    }
  });

  it("an AbortSignal cancels the wait", async () => {
    const request = await startAuthenticationFlow(sandbox.instanceUrl);
    const controller = new AbortController();
    const waiting = waitForToken({
      instanceUrl: sandbox.instanceUrl,
      requestId: request.id,
      expiresAt: Date.parse(request.expiresAt),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
  });

  it("a proxy that refuses WebSocket upgrades is named, with the status it answered", async () => {
    const { server, url } = await serve((_req, res) => {
      res.writeHead(404).end();
    });
    try {
      const error = await failure(
        waitForToken({ instanceUrl: url, requestId: "1", expiresAt: Date.now() + 20_000 }),
      );
      expect(error.kind).toBe("websocket");
      expect(error.message).toContain("the upgrade got HTTP 404");
      expect(error.hint).toMatch(/reverse proxy/);
    } finally {
      server.close();
    }
  });

  it("a silent server times out; an oversized or non-JSON answer is 'not Caido'", async () => {
    proxy.hold(true);
    try {
      const error = await failure(
        postGraphql({ instanceUrl: proxy.url, query: "{ __typename }", timeoutMs: 500 }),
      );
      expect(error.kind).toBe("timeout");
    } finally {
      proxy.hold(false);
    }
    const big = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"data":"${"x".repeat(2 * 1024 * 1024)}"}`);
    });
    const text = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("hello");
    });
    try {
      expect(
        (await failure(postGraphql({ instanceUrl: big.url, query: "{ __typename }" }))).message,
      ).toMatch(/larger than 1 MiB/);
      expect((await failure(getHealth(text.url))).kind).toBe("not-caido");
    } finally {
      big.server.close();
      text.server.close();
    }
  });

  it("INVALID_TOKEN from the instance is its own error (exit 4)", async () => {
    const error = await failure(getViewer(sandbox.instanceUrl, "not-a-token"));
    expect(error.kind).toBe("invalid-token");
    expect(error.exitCode).toBe(4);
  });
});
