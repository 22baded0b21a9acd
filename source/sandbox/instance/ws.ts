// graphql-ws (graphql-transport-ws) at /ws/graphql. Upgrades to another path, or without that
// subprotocol, are refused at the HTTP level with a status, before any socket exists. The glue
// to `ws` is our own (graphql-ws/use/ws prints to the console and closes with 4500 on a syntax
// error): documents go through prepareDocument, failures end up in `log`. A socket whose bearer
// passed an authenticated operation is closed when that token expires or is revoked (see
// TOKEN_ENDED_CLOSE), so a client cannot keep listening on a dead token.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { GraphQLSchema } from "graphql";
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, handleProtocols, makeServer } from "graphql-ws";
import { type WebSocket, WebSocketServer } from "ws";
import { InvalidBearer } from "./access.js";
import type { Clock } from "./clock.js";
import type { RequestContext } from "./context.js";
import { prepareDocument } from "./documents.js";
import { TOKEN_ENDED_CLOSE } from "./guesses.js";
import { MAX_BODY_BYTES } from "./http.js";
import type { Caller, Sessions } from "./sessions.js";

export const WS_PATH = "/ws/graphql";
const KEEP_ALIVE_MS = 12_000;
/** How often a bound socket's token is introspected again, to notice revocations elsewhere. */
const RECHECK_MS = 10_000;
/** setTimeout's limit; a later expiry is caught by a recheck instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  closed: AbortSignal;
  /** Ties the socket to the token of its first authenticated operation. */
  bind(caller: Caller, authorization: string | undefined): void;
}

export function attachWebSocket(
  server: Server,
  schema: GraphQLSchema,
  sessions: Sessions,
  clock: Clock,
  log: (line: string) => void,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES, handleProtocols });
  const graphqlWs = makeServer<Record<string, unknown> | undefined, Extra>({
    schema,
    onSubscribe: (_ctx, _id, payload) => {
      const document = prepareDocument(schema, payload.query);
      if (Array.isArray(document)) return document;
      return {
        schema,
        document,
        variableValues: payload.variables,
        operationName: payload.operationName ?? undefined,
      };
    },
    context: (ctx): RequestContext => {
      const fromParams = ctx.connectionParams?.Authorization ?? ctx.connectionParams?.authorization;
      const authorization =
        typeof fromParams === "string" ? fromParams : ctx.extra.request.headers.authorization;
      return {
        authorization,
        signal: ctx.extra.closed,
        onCaller: (caller) => ctx.extra.bind(caller, authorization),
      };
    },
  });

  wss.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    const closed = new AbortController();
    socket.once("error", (error) => {
      // ws raises these for protocol violations (e.g. a frame over maxPayload) and closes itself.
      log(`instance: WebSocket error: ${error.message}`);
    });
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    let alive = true;
    socket.on("pong", () => {
      alive = true;
    });
    const onClosed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on("message", async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              log(`instance: WebSocket message failed: ${(error as Error).stack}`);
              socket.close(CloseCode.InternalServerError, "Internal server error");
            }
          }),
      },
      {
        socket,
        request,
        closed: closed.signal,
        bind: (caller, authorization) => {
          if (!unbind) unbind = watchToken(socket, caller, authorization, sessions, clock, log);
        },
      },
    );
    let unbind: (() => void) | undefined;
    socket.once("close", (code, reason) => {
      clearInterval(ping);
      unbind?.();
      closed.abort();
      void onClosed(code, String(reason));
    });
  });

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
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Closes socket when caller's token expires or is revoked; returns the cleanup. */
function watchToken(
  socket: WebSocket,
  caller: Caller,
  authorization: string | undefined,
  sessions: Sessions,
  clock: Clock,
  log: (line: string) => void,
): () => void {
  const end = (reason: string) => {
    cleanup();
    // After the current send (a logout answered on this socket still goes out).
    setImmediate(() => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
        socket.close(TOKEN_ENDED_CLOSE.code, reason);
    });
  };
  const expires = caller.expiresAt;
  const expiry =
    expires === undefined
      ? undefined
      : setTimeout(
          () => end(TOKEN_ENDED_CLOSE.expired),
          Math.min(Math.max(0, expires - clock.now()), MAX_TIMER_MS),
        );
  let checking = false;
  const recheck = setInterval(() => {
    if (expires !== undefined && clock.now() >= expires) return end(TOKEN_ENDED_CLOSE.expired);
    if (checking) return;
    checking = true;
    sessions
      .authenticate(authorization)
      .then(
        (now) => {
          if (now.accessToken !== caller.accessToken) end(TOKEN_ENDED_CLOSE.revoked);
        },
        (error: unknown) => {
          if (error instanceof InvalidBearer) end(TOKEN_ENDED_CLOSE.revoked);
          else log(`instance: token recheck failed: ${(error as Error).message}`);
        },
      )
      .finally(() => {
        checking = false;
      });
  }, RECHECK_MS);
  const unlisten = sessions.onRevoked((token) => {
    if (token === caller.accessToken) end(TOKEN_ENDED_CLOSE.revoked);
  });
  expiry?.unref();
  recheck.unref();
  function cleanup() {
    clearTimeout(expiry);
    clearInterval(recheck);
    unlisten();
  }
  return cleanup;
}

function refuse(socket: Duplex, status: number, text: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
