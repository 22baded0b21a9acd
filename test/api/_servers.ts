// Small real servers on 127.0.0.1 for the api tests, standing in for an instance where the
// sandbox cannot misbehave on demand: one that records every HTTP request (and answers as
// told), and one that speaks graphql-ws and lets a test push events, complete or drop.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: string | object;
}

export interface RecordingServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Records every request; answers with answer(request) (default: {"ok":true}). */
export async function recordingServer(
  answer: (request: Recorded, index: number) => Answer = () => ({ body: { ok: true } }),
): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: Recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const reply = answer(recorded, requests.length - 1);
      const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        "content-type": "application/json",
        ...reply.headers,
      });
      res.end(body);
    });
  });
  const url = await listen(server);
  return { url, requests, close: () => closeServer(server) };
}

export interface FakeSubscription {
  /** Which connection this is, from 0. */
  index: number;
  /** connection_init's payload.Authorization. */
  authorization: unknown;
  query: string;
  /** A next message whose payload is { data } (and errors, when given). */
  next(data: unknown, errors?: unknown[]): void;
  /** A graphql-ws error message: the operation failed. */
  error(errors: unknown[]): void;
  complete(): void;
  close(code: number, reason: string): void;
}

export interface FakeWsInstance {
  url: string;
  subscriptions: FakeSubscription[];
  close(): Promise<void>;
}

/** A graphql-transport-ws endpoint at /ws/graphql; onSubscribe drives each subscription. */
export async function fakeWsInstance(
  onSubscribe: (subscription: FakeSubscription) => void,
): Promise<FakeWsInstance> {
  const subscriptions: FakeSubscription[] = [];
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: "/ws/graphql" });
  wss.on("connection", (socket: WebSocket) => {
    let authorization: unknown;
    socket.on("message", (data) => {
      const message = JSON.parse(String(data));
      const send = (m: object) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      };
      if (message.type === "connection_init") {
        authorization = message.payload?.Authorization;
        send({ type: "connection_ack" });
      } else if (message.type === "ping") {
        send({ type: "pong" });
      } else if (message.type === "subscribe") {
        const subscription: FakeSubscription = {
          index: subscriptions.length,
          authorization,
          query: message.payload?.query,
          next: (data, errors) =>
            send({ id: message.id, type: "next", payload: errors ? { data, errors } : { data } }),
          error: (errors) => send({ id: message.id, type: "error", payload: errors }),
          complete: () => send({ id: message.id, type: "complete" }),
          close: (code, reason) => socket.close(code, reason),
        };
        subscriptions.push(subscription);
        onSubscribe(subscription);
      }
    });
  });
  const url = await listen(server);
  return {
    url,
    subscriptions,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(server);
    },
  };
}
