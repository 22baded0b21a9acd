// Hostile and careless input: each gets a clear refusal with a fitting status, and the
// instance keeps serving afterwards (checked at the end with /health and a real login).
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import WebSocket from "ws";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { SCHEMA_VERSION } from "../../source/sandbox/instance/schema-sdl.js";
import { graphql, loginWithPat } from "./_instance.js";

let sandbox: Sandbox;
const consoleCalls: unknown[][] = [];
beforeAll(async () => {
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args) => void consoleCalls.push(args));
  }
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

async function post(body: BodyInit, headers: Record<string, string> = {}) {
  const response = await fetch(`${sandbox.instanceUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: JSON.parse(text),
  };
}

describe("HTTP", () => {
  test.each([
    ["malformed JSON", "{ nope", 400, /not valid JSON/],
    ["a JSON array", "[1,2]", 400, /"query" string/],
    ["no query", "{}", 400, /"query" string/],
    ["a number as query", '{"query":42}', 400, /"query" string/],
    [
      "variables that are not an object",
      '{"query":"{ viewer { __typename } }","variables":[1]}',
      400,
      /"variables"/,
    ],
    ["a syntax error", '{"query":"{ viewer { "}', 400, /Syntax Error/],
    ["an unknown field", '{"query":"{ projects { id } }"}', 400, /Cannot query field "projects"/],
    [
      "an unknown operation name",
      '{"query":"{ authenticationState { allowGuests } }","operationName":"Nope"}',
      200,
      /Unknown operation named "Nope"/,
    ],
    [
      "a subscription over HTTP",
      '{"query":"subscription { createdAuthenticationToken(requestId: \\"x\\") { token { accessToken } } }"}',
      400,
      /WebSocket/,
    ],
    [
      "a wrongly typed variable",
      '{"query":"mutation ($t: Token!) { refreshAuthenticationToken(refreshToken: $t) { token { accessToken } } }","variables":{}}',
      200,
      /\$t/,
    ],
  ])("%s: %i with a JSON error", async (_name, body, status, message) => {
    const answer = await post(body);
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.body.errors[0].message).toMatch(message);
  });

  test("a deeply nested document: 400, not a crash", async () => {
    const depth = 100_000;
    const query = `{${"viewer{".repeat(depth)}id${"}".repeat(depth + 1)}`;
    const answer = await post(JSON.stringify({ query }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/nested|tokens/);
  });

  test("a body over 1 MiB: 413 (declared length)", async () => {
    const big = JSON.stringify({
      query: `{ authenticationState { allowGuests } }${" ".repeat(1024 * 1024)}`,
    });
    const answer = await post(big);
    expect(answer.status).toBe(413);
  });

  test("a body over 1 MiB: 413 (streamed, no length)", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(32);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const answer = await post(stream as unknown as BodyInit);
    expect(answer.status).toBe(413);
  });

  test.each([
    ["GET /graphql", "/graphql", "GET", 405],
    [
      "GET /graphql with a query",
      "/graphql?query=%7BauthenticationState%7BallowGuests%7D%7D",
      "GET",
      405,
    ],
    ["PUT /graphql", "/graphql", "PUT", 405],
    ["POST /health", "/health", "POST", 405],
    ["an unknown path", "/api/v1/projects", "GET", 404],
  ])("%s: %i", async (_name, path, method, status) => {
    const response = await fetch(`${sandbox.instanceUrl}${path}`, { method });
    expect(response.status).toBe(status);
    expect((await response.json()).errors[0].message).toEqual(expect.any(String));
  });
});

describe("WebSocket", () => {
  const wsUrl = (path: string) => `${sandbox.instanceUrl.replace(/^http/, "ws")}${path}`;

  async function refusedWith(path: string, protocols?: string | string[]): Promise<number> {
    const socket = new WebSocket(wsUrl(path), protocols);
    socket.on("error", () => {}); // the refusal itself; terminate() below reports it again
    const [, response] = (await once(socket, "unexpected-response")) as [
      unknown,
      { statusCode: number },
    ];
    socket.terminate();
    return response.statusCode;
  }

  test("an upgrade on another path is refused: 404", async () => {
    expect(await refusedWith("/graphql", "graphql-transport-ws")).toBe(404);
    expect(await refusedWith("/ws/other", "graphql-transport-ws")).toBe(404);
  });

  test("an upgrade without the graphql-transport-ws subprotocol is refused: 400", async () => {
    expect(await refusedWith("/ws/graphql")).toBe(400);
    expect(await refusedWith("/ws/graphql", "graphql-ws")).toBe(400);
  });

  async function closeCodeAfter(messages: string[]): Promise<number> {
    const socket = new WebSocket(wsUrl("/ws/graphql"), "graphql-transport-ws");
    await once(socket, "open");
    for (const message of messages) socket.send(message);
    const [code] = (await once(socket, "close")) as [number];
    return code;
  }

  test("garbage on the socket closes it with 4400", async () => {
    expect(await closeCodeAfter(["not json"])).toBe(4400);
    expect(await closeCodeAfter(['{"type":"subscribe"}'])).toBe(4400);
  });

  test("a subscribe before connection_init closes it with 4401", async () => {
    const subscribe = {
      id: "1",
      type: "subscribe",
      payload: { query: "{ authenticationState { allowGuests } }" },
    };
    expect(await closeCodeAfter([JSON.stringify(subscribe)])).toBe(4401);
  });

  test("a message over 1 MiB closes it with 1009", async () => {
    expect(await closeCodeAfter(["x".repeat(1024 * 1024 + 1)])).toBe(1009);
  });

  /** Sends connection_init and one subscribe; the server's answer to the subscribe. */
  async function answerTo(
    query: string,
  ): Promise<{ type: string; payload: { message: string }[] }> {
    const socket = new WebSocket(wsUrl("/ws/graphql"), "graphql-transport-ws");
    await once(socket, "open");
    socket.send(JSON.stringify({ type: "connection_init" }));
    await once(socket, "message"); // connection_ack
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
    const [data] = (await once(socket, "message")) as [Buffer];
    socket.close();
    return JSON.parse(String(data));
  }

  test.each([
    ["a syntax error", "subscription {", /Syntax Error/],
    ["an unknown field", "subscription { projects { id } }", /Cannot query field "projects"/],
    [
      "a deeply nested document",
      `subscription {${"a{".repeat(100_000)}b${"}".repeat(100_001)}`,
      /nested/,
    ],
  ])(
    "%s on the socket: an error message for that operation, the socket stays",
    async (_name, query, message) => {
      const answer = await answerTo(query);
      expect(answer.type).toBe("error");
      expect(answer.payload[0]!.message).toMatch(message);
    },
  );

  test("a socket offering several subprotocols gets graphql-transport-ws", async () => {
    const socket = new WebSocket(wsUrl("/ws/graphql"), ["graphql-ws", "graphql-transport-ws"]);
    await once(socket, "open");
    expect(socket.protocol).toBe("graphql-transport-ws");
    socket.close();
  });
});

test("after all of the above the instance still serves: health, queries, a login", async () => {
  const health = await fetch(`${sandbox.instanceUrl}/health`);
  expect(await health.json()).toEqual({ name: "caido", version: SCHEMA_VERSION, ready: true });
  const state = await graphql(sandbox.instanceUrl, "{ authenticationState { allowGuests } }");
  expect(state.body.data.authenticationState.allowGuests).toBe(false);
  const token = await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, sandbox.accounts[0]!.pat);
  expect(token.accessToken).toEqual(expect.any(String));
  // Nothing went to the console either: the sandbox reports through its `log` option only.
  expect(consoleCalls).toEqual([]);
});
