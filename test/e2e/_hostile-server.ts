// A small hostile "instance" on 127.0.0.1, real HTTP and a real WebSocket: it speaks just enough
// of Caido's login (and of the cloud's PAT approval) to deliver whatever answer a test gives it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { WebSocketServer } from "ws";

/** How the WebSocket at /ws/graphql behaves. */
export type SocketBehaviour =
  /** connection_ack, then the token answer on the subscription. */
  | "answer"
  /** Not JSON at all instead of connection_ack. */
  | "garbage"
  /** The upgrade succeeds, then nothing: no connection_ack, ever. */
  | "no-ack"
  /** connection_ack, then silence: no pong, no data. */
  | "silent"
  /** connection_ack, then a normal close (1000) at once, on every connection. */
  | "close";

export interface HostileOptions {
  /** The AuthenticationToken delivered by the login subscription and by a refresh, as is. */
  token?: unknown;
  /** Replaces startAuthenticationFlow's request. */
  request?: unknown;
  /** Replaces the viewer. */
  viewer?: unknown;
  /** Replaces the logout payload. */
  logout?: unknown;
  socket?: SocketBehaviour;
}

export interface HostileInstance {
  url: string;
  /** GraphQL operations and cloud routes asked for, in order ("refresh", "approve", "ws:subscribe"…). */
  calls: string[];
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A token answer that is exactly right, for tests that spoil one field at a time. */
export function goodToken(): Record<string, unknown> {
  return {
    accessToken: "hostile-access-token",
    refreshToken: "hostile-refresh-token",
    expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
    scopes: ["OFFLINE", "PROFILE_READ"],
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

export async function startHostileInstance(options: HostileOptions): Promise<HostileInstance> {
  const calls: string[] = [];
  const token = "token" in options ? options.token : goodToken();
  let url = "";
  const request = () =>
    options.request ?? {
      id: "hostile-request",
      userCode: "HOST-ILE1",
      verificationUrl: `${url}/activate`,
      // The server claims the code lives a day: only the WebSocket's own bounds can end a wait.
      expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
    };
  const viewer = () =>
    options.viewer ?? {
      __typename: "CloudUser",
      id: "hostile-user",
      profile: { identity: { email: "mallory@example.test", name: "Mallory" } },
    };

  const server = createServer(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/health") {
      return json(res, 200, { name: "caido", version: "0.0.0-hostile", ready: true });
    }
    // The cloud's PAT approval: asks for the usual scopes and approves anything.
    if (path === "/oauth2/device/information") {
      calls.push("information");
      return json(res, 200, { scopes: [{ name: "openid" }, { name: "offline_access" }] });
    }
    if (path === "/oauth2/device/approve") {
      calls.push("approve");
      return json(res, 200, {});
    }
    if (req.method === "POST" && path === "/graphql") {
      const { query } = JSON.parse(await bodyOf(req)) as { query: string };
      if (query.includes("startAuthenticationFlow")) {
        calls.push("start");
        return json(res, 200, {
          data: { startAuthenticationFlow: { request: request(), error: null } },
        });
      }
      if (query.includes("refreshAuthenticationToken")) {
        calls.push("refresh");
        return json(res, 200, { data: { refreshAuthenticationToken: { token, error: null } } });
      }
      if (query.includes("viewer")) {
        calls.push("viewer");
        return json(res, 200, { data: { viewer: viewer() } });
      }
      if (query.includes("logout")) {
        calls.push("logout");
        return json(res, 200, {
          data: { logout: options.logout ?? { success: true, error: null } },
        });
      }
    }
    json(res, 404, { error: "not found" });
  });

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: () => "graphql-transport-ws",
  });
  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").split("?")[0] !== "/ws/graphql") return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      calls.push("ws:open");
      ws.on("message", (data) => {
        let message: { type?: string; id?: string };
        try {
          message = JSON.parse(String(data));
        } catch {
          return;
        }
        const behaviour = options.socket ?? "answer";
        if (message.type === "connection_init") {
          if (behaviour === "garbage") return ws.send("<html>502 Bad Gateway</html>\u0000{{{");
          if (behaviour === "no-ack") return;
          ws.send(JSON.stringify({ type: "connection_ack" }));
          if (behaviour === "close") ws.close(1000, "bye");
          return;
        }
        if (behaviour === "silent") return;
        if (message.type === "ping") return ws.send(JSON.stringify({ type: "pong" }));
        if (message.type === "subscribe") {
          calls.push("ws:subscribe");
          ws.send(
            JSON.stringify({
              id: message.id,
              type: "next",
              payload: { data: { createdAuthenticationToken: { token, error: null } } },
            }),
          );
        }
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    calls,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
