// One GraphQL subscription on one graphql-ws (graphql-transport-ws) socket, with the bearer in
// connection_init's payload as Caido's own clients send it. Our own small client rather than
// graphql-ws's: that one reconnects by itself after some closes, and api --subscribe must
// decide every reconnection (a fresh token first, and whether events may have been missed).
import WebSocket from "ws";
import { debug } from "../base/debug.js";
import { websocketAgent } from "../instance/proxy.js";
import { websocketUrl } from "../instance/subscription.js";
import { API_MAX_RESPONSE_BYTES } from "./http.js";
import type { Answer } from "./merge.js";

export interface SubscriptionRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

export interface SubscriptionHandlers {
  /** The server acknowledged the connection and the subscribe message went out. */
  live(): void;
  next(payload: Answer): void;
  /** The server refused the operation (graphql-ws `error`): its GraphQL errors. */
  error(errors: unknown[]): void;
  complete(): void;
  /** The socket ended without `complete`, before or after `live`. Not called after close(). */
  closed(why: string, live: boolean): void;
}

export interface Subscription {
  /** Completes the operation and closes the socket; no handler is called afterwards. */
  close(): void;
}

export interface OpenOptions {
  instanceUrl: string;
  accessToken: string;
  request: SubscriptionRequest;
  headers?: Record<string, string>;
  /** Ping period, the ack deadline and the handshake timeout; silence this long means dead. */
  keepAliveMs?: number;
}

const OPERATION_ID = "1";
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export async function openSubscription(
  options: OpenOptions,
  on: SubscriptionHandlers,
): Promise<Subscription> {
  const url = websocketUrl(options.instanceUrl);
  const keepAlive = options.keepAliveMs ?? 10_000;
  const agent = await websocketAgent(url);
  const socket = new WebSocket(url, "graphql-transport-ws", {
    agent,
    headers: options.headers,
    handshakeTimeout: keepAlive,
    maxPayload: API_MAX_RESPONSE_BYTES,
  });
  let live = false;
  let ended = false;
  let failure: string | undefined;
  let alive = true;
  let ackTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;

  const send = (message: object) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const stop = () => {
    ended = true;
    clearTimeout(ackTimer);
    clearInterval(pingTimer);
  };
  /** Ends the socket because of something the server did; `closed` reports it once. */
  const breakOff = (why: string, code = 4400) => {
    failure ??= why;
    clearTimeout(ackTimer);
    clearInterval(pingTimer);
    if (socket.readyState === WebSocket.OPEN) socket.close(code, why.slice(0, 100));
    else socket.terminate();
  };

  socket.on("open", () => {
    send({ type: "connection_init", payload: { Authorization: `Bearer ${options.accessToken}` } });
    ackTimer = setTimeout(() => breakOff("no connection_ack", 4504), keepAlive);
  });
  socket.on("message", (data, isBinary) => {
    if (ended) return;
    alive = true;
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      message = undefined;
    }
    if (!isObject(message) || typeof message.type !== "string") {
      return breakOff("a message that is not graphql-ws");
    }
    const ours = message.id === OPERATION_ID;
    switch (message.type) {
      case "connection_ack":
        if (live) return breakOff("a second connection_ack");
        live = true;
        clearTimeout(ackTimer);
        send({ id: OPERATION_ID, type: "subscribe", payload: options.request });
        pingTimer = setInterval(() => {
          if (!alive) return breakOff("no answer to ping", 4499);
          alive = false;
          send({ type: "ping" });
        }, keepAlive);
        return on.live();
      case "ping":
        return send({ type: "pong" });
      case "pong":
        return;
      case "next":
        if (!live || !ours || !isObject(message.payload)) return breakOff("a malformed next");
        return on.next(message.payload);
      case "error":
        if (!live || !ours) return breakOff("a malformed error");
        stop();
        socket.close(1000, "Normal Closure");
        return on.error(Array.isArray(message.payload) ? message.payload : [message.payload]);
      case "complete":
        if (!ours) return;
        stop();
        socket.close(1000, "Normal Closure");
        return on.complete();
      default:
        return breakOff(`an unknown message type`);
    }
  });
  socket.on("error", (error) => {
    const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
    failure ??= status ? `the upgrade got HTTP ${status}` : error.message;
    debug(`WebSocket ${url}: ${error.message}`);
  });
  socket.on("close", (code, reason) => {
    const wasEnded = ended;
    stop();
    debug(`WebSocket ${url} closed (${code})`);
    if (wasEnded) return;
    const text = String(reason)
      .replace(/[^\x20-\x7e]/g, "")
      .slice(0, 100);
    const why = failure ?? `code ${code}${text ? ` ${text}` : ""}`;
    on.closed(why, live);
  });

  return {
    close() {
      if (ended) return;
      if (live) send({ id: OPERATION_ID, type: "complete" });
      stop();
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, "Normal Closure");
      else socket.terminate();
    },
  };
}
