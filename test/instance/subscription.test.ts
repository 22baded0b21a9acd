// The login subscription against hostile WebSockets on 127.0.0.1 while the code "lives a day":
// only the socket's own bounds (shortened here) can end these waits, and each ends named.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { InstanceFailure } from "../../source/instance/errors.js";
import { type SocketBounds, waitForToken } from "../../source/instance/subscription.js";
import {
  goodToken,
  type HostileInstance,
  type HostileOptions,
  startHostileInstance,
} from "../e2e/_hostile-server.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const fast: Partial<SocketBounds> = { ackMs: 300, pingMs: 300, pongMs: 300 };

const servers: HostileInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function hostile(options: HostileOptions): Promise<HostileInstance> {
  const server = await startHostileInstance(options);
  servers.push(server);
  return server;
}

function wait(instanceUrl: string, bounds: Partial<SocketBounds> = fast) {
  return waitForToken({
    instanceUrl,
    requestId: "hostile-request",
    expiresAt: Date.now() + DAY_MS,
    bounds,
  });
}

async function failure(promise: Promise<unknown>): Promise<InstanceFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InstanceFailure);
  return error as InstanceFailure;
}

describe("waitForToken against hostile sockets", () => {
  it("takes a well-formed token (the control case)", async () => {
    const server = await hostile({ socket: "answer" });
    const token = await wait(server.url);
    expect(token).toMatchObject({
      accessToken: "hostile-access-token",
      refreshToken: "hostile-refresh-token",
      scopes: ["OFFLINE", "PROFILE_READ"],
    });
  });

  it("garbage instead of connection_ack is a WebSocket error, not a reconnect loop", async () => {
    const server = await hostile({ socket: "garbage" });
    const error = await failure(wait(server.url));
    expect(error.kind).toBe("websocket");
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      `the WebSocket to ${server.url}/ws/graphql failed (it sent a message that is not graphql-ws: not JSON).`,
    );
    expect(server.calls.filter((c) => c === "ws:open")).toHaveLength(1);
  });

  it("no connection_ack within the bound is a WebSocket error", async () => {
    const server = await hostile({ socket: "no-ack" });
    const error = await failure(wait(server.url));
    expect(error.kind).toBe("websocket");
    expect(error.message).toMatch(/failed \(no connection_ack within 0\.3 s\)\.$/);
  });

  it("a socket that acknowledges and then never answers a ping is a WebSocket error", async () => {
    const server = await hostile({ socket: "silent" });
    const error = await failure(wait(server.url));
    expect(error.kind).toBe("websocket");
    expect(error.message).toMatch(/no answer to a ping within 0\.3 s, 2 times in a row/);
    // The first silent socket is replaced once, as a dead connection would be.
    expect(server.calls.filter((c) => c === "ws:open")).toHaveLength(2);
  });

  it("a socket closed after every connection_ack ends after a bounded number of tries", async () => {
    const server = await hostile({ socket: "close" });
    const error = await failure(wait(server.url, { ...fast, connectAttempts: 3 }));
    expect(error.kind).toBe("websocket");
    expect(error.message).toMatch(/closed with code 1000; 4 connections in a row\)\.$/);
    expect(server.calls.filter((c) => c === "ws:open")).toHaveLength(4);
  });

  it("connections that keep failing end after a bounded number of tries", async () => {
    // A port that accepts nothing: each attempt is refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    const error = await failure(wait(`http://127.0.0.1:${port}`, { ...fast, connectAttempts: 2 }));
    expect(error.kind).toBe("websocket");
    expect(error.message).toMatch(/failed \(ECONNREFUSED; 3 connections in a row\)\.$/);
  });

  it("a message over 1 MiB is a WebSocket error", async () => {
    const server = await hostile({
      socket: "answer",
      token: { ...goodToken(), accessToken: "x".repeat(2 * 1024 * 1024) },
    });
    const error = await failure(wait(server.url));
    expect(error.kind).toBe("websocket");
    expect(error.message).toMatch(/Max payload size exceeded/);
  });

  it.each([
    ["a numeric accessToken", { accessToken: 1 }, "token.accessToken is a number, not a string"],
    ["a null expiresAt", { expiresAt: null }, "token.expiresAt is null, not a string"],
    ['scopes: "ALL"', { scopes: "ALL" }, "token.scopes is a string, not a list"],
    [
      "CR LF in the accessToken",
      { accessToken: "a\r\nb" },
      "token.accessToken holds a space, a line break or a character outside visible ASCII, which no token has",
    ],
  ])(
    "a token answer with %s is an instance failure naming the field",
    async (_, change, detail) => {
      const server = await hostile({ socket: "answer", token: { ...goodToken(), ...change } });
      const error = await failure(wait(server.url));
      expect(error).toMatchObject({ kind: "instance", exitCode: 1 });
      expect(error.message).toBe(
        `${server.url} sent a malformed answer to createdAuthenticationToken: ${detail}.`,
      );
    },
  );
});
