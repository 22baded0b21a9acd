// Waits for createdAuthenticationToken over graphql-ws. The request's expiresAt ends the wait
// even if the socket stays silent; a dropped socket reconnects and subscribes again until then.
import { createClient } from "graphql-ws/client";
import WebSocket from "ws";
import { debug } from "../debug.js";
import { CancelledError } from "../errors.js";
import { type AuthenticationToken, loginCommandFor } from "./auth.js";
import { CREATED_AUTHENTICATION_TOKEN } from "./documents.js";
import { codeExpired, InstanceFailure, instanceError, websocketFailure } from "./errors.js";
import { websocketAgent } from "./proxy.js";
import { type UserError, userErrorToFailure } from "./user-errors.js";

export interface WaitOptions {
  instanceUrl: string;
  requestId: string;
  /** Epoch ms at which the code expires. */
  expiresAt: number;
  signal?: AbortSignal;
  /** Silence after which a socket counts as dead and is replaced. */
  keepAliveMs?: number;
}

type Payload = {
  createdAuthenticationToken: { token: AuthenticationToken | null; error: UserError | null };
};

export function websocketUrl(instanceUrl: string): string {
  const url = new URL(`${instanceUrl}/ws/graphql`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export async function waitForToken(options: WaitOptions): Promise<AuthenticationToken> {
  const { instanceUrl } = options;
  const agent = await websocketAgent(websocketUrl(instanceUrl));
  const keepAlive = options.keepAliveMs ?? 10_000;
  // A proxy that refuses the upgrade lets /graphql work while this never can: fail at once.
  let upgradeRefused: string | undefined;
  // Every socket the client opens, so that finishing can end even one still connecting: a
  // server that never answers the upgrade would otherwise keep the process alive.
  const sockets = new Set<WebSocket>();
  class TrackedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { handshakeTimeout: keepAlive, agent });
      sockets.add(this);
      this.on("close", () => sockets.delete(this));
    }
  }
  const client = createClient({
    url: websocketUrl(instanceUrl),
    webSocketImpl: TrackedWebSocket,
    lazy: true,
    keepAlive,
    connectionAckWaitTimeout: keepAlive,
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((r) => setTimeout(r, Math.min(250 * 2 ** retries, 5_000))),
    shouldRetry: () => upgradeRefused === undefined,
    on: {
      connecting: (isRetry) =>
        debug(`${isRetry ? "reconnecting" : "connecting"} to ${websocketUrl(instanceUrl)}`),
      closed: (event) => debug(`WebSocket closed (${(event as { code?: number }).code ?? "?"})`),
      error: (event) => {
        const message = (event as { message?: string }).message ?? "";
        const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
        if (status) upgradeRefused = `the upgrade got HTTP ${status}`;
      },
      // A pong that never comes means a dead connection: close it so the client reconnects.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => activeSocket?.terminate(), keepAlive);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      connected: (socket) => {
        activeSocket = socket as WebSocket;
      },
    },
  });
  let activeSocket: WebSocket | undefined;
  let pongTimer: NodeJS.Timeout | undefined;

  return new Promise<AuthenticationToken>((resolve, reject) => {
    let settled = false;
    let unsubscribe: () => void = () => {};
    const finish = (error: Error | undefined, token?: AuthenticationToken) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(pongTimer);
      options.signal?.removeEventListener("abort", onAbort);
      unsubscribe();
      // dispose() awaits a connection in progress and rejects if it fails: nobody cares then.
      Promise.resolve(client.dispose()).catch(() => {});
      for (const socket of sockets) socket.terminate();
      if (error) reject(error);
      else resolve(token as AuthenticationToken);
    };
    const onAbort = () => finish(new CancelledError());
    const deadline = setTimeout(
      () => finish(codeExpired(instanceUrl, loginCommandFor(instanceUrl))),
      Math.max(0, options.expiresAt - Date.now()),
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort);

    unsubscribe = client.subscribe<Payload>(
      { query: CREATED_AUTHENTICATION_TOKEN, variables: { requestId: options.requestId } },
      {
        next: (result) => {
          const payload = result.data?.createdAuthenticationToken;
          if (result.errors?.length) {
            finish(instanceError(instanceUrl, result.errors.map((e) => e.message).join("; ")));
          } else if (payload?.error) {
            finish(userErrorToFailure(instanceUrl, payload.error, loginCommandFor(instanceUrl)));
          } else if (payload?.token) {
            finish(undefined, payload.token);
          }
        },
        error: (error) => {
          if (upgradeRefused) return finish(websocketFailure(instanceUrl, upgradeRefused));
          const detail = Array.isArray(error)
            ? error.map((e) => e.message).join("; ")
            : ((error as { reason?: string; message?: string }).reason ??
              (error as Error).message ??
              "closed");
          finish(
            new InstanceFailure(
              "websocket",
              `the login subscription on ${instanceUrl} failed (${detail}).`,
            ),
          );
        },
        complete: () =>
          finish(instanceError(instanceUrl, "the login subscription ended without a token")),
      },
    );
  });
}
