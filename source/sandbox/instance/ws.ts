// graphql-ws (graphql-transport-ws) at /ws/graphql. Upgrades to another path, or without that
// subprotocol, are refused at the HTTP level with a status, before any socket exists.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type GraphQLSchema, validate } from "graphql";
import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from "graphql-ws";
import { useServer as serveGraphqlWs } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { MAX_BODY_BYTES } from "./http.js";
import { type RequestContext, validationRules } from "./schema.js";

export const WS_PATH = "/ws/graphql";

export function attachWebSocket(server: Server, schema: GraphQLSchema): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const closed = new WeakMap<object, AbortSignal>();
  const disposable = serveGraphqlWs<Record<string, unknown> | undefined>(
    {
      schema,
      validate: (s, document) => validate(s, document, validationRules),
      context: (ctx): RequestContext => {
        const socket = ctx.extra.socket;
        let signal = closed.get(socket);
        if (!signal) {
          const controller = new AbortController();
          socket.once("close", () => controller.abort());
          signal = controller.signal;
          closed.set(socket, signal);
        }
        const fromParams =
          ctx.connectionParams?.Authorization ?? ctx.connectionParams?.authorization;
        const authorization =
          typeof fromParams === "string" ? fromParams : ctx.extra.request.headers.authorization;
        return { authorization, signal };
      },
    },
    wss,
  );

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const path = new URL(req.url ?? "/", "http://instance").pathname;
    if (path !== WS_PATH)
      return refuse(socket, 404, "Not Found", `WebSocket endpoint is ${WS_PATH}`);
    const protocols = String(req.headers["sec-websocket-protocol"] ?? "")
      .split(",")
      .map((p) => p.trim());
    if (!protocols.includes(GRAPHQL_TRANSPORT_WS_PROTOCOL)) {
      return refuse(
        socket,
        400,
        "Bad Request",
        `subprotocol must be ${GRAPHQL_TRANSPORT_WS_PROTOCOL}`,
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function refuse(socket: Duplex, status: number, text: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
