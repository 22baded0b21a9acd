// Waits for createdAuthenticationToken over graphql-ws. The request's expiresAt ends the wait;
// so, within bounds of their own, do a socket that never acknowledges, one that sends what is not
// graphql-ws, one that stops answering pings, and connections that keep failing: a hostile or
// broken instance cannot keep a login waiting on a code it claims lives for a day. A dropped
// socket reconnects and subscribes again.
import { createClient } from "graphql-ws/client";
import WebSocket from "ws";
import { debug } from "../base/debug.js";
import { CancelledError } from "../base/errors.js";
import { safeText } from "../base/safe-text.js";
import { type AuthenticationToken, loginCommandFor, tokenPayload } from "./auth.js";
import { CREATED_AUTHENTICATION_TOKEN } from "./documents.js";
import { codeExpired, InstanceFailure, instanceError, websocketFailure } from "./errors.js";
import { websocketAgent } from "./proxy.js";
import { userErrorToFailure } from "./user-errors.js";
import { ANSWER_LIMITS } from "./validate.js";

/** How long the socket may take, or stay quiet, before the wait gives up on it. */
export interface SocketBounds {
  /** The upgrade's answer, then connection_ack after it. */
  ackMs: number;
  /** Quiet after which the client pings. */
  pingMs: number;
  /** How long a ping may wait for its pong; then the socket counts as dead and is replaced. */
  pongMs: number;
  /** Sockets in a row that may die without a pong before the wait fails. */
  silentSockets: number;
  /** Connection attempts in a row that may fail (a connection_ack starts the count again). */
  connectAttempts: number;
}

export const SOCKET_BOUNDS: SocketBounds = {
  ackMs: 10_000,
  pingMs: 10_000,
  pongMs: 10_000,
  silentSockets: 2,
  connectAttempts: 6,
};

/**
 * Internal, for tests of the built CLI: sets ackMs, pingMs and pongMs at once, so a test of a
 * silent socket takes a second, not half a minute. Not documented for users.
 */
export const SOCKET_BOUNDS_VARIABLE = "CAIDO_AUTH_INTERNAL_WS_TIMEOUT_MS";

/** A message larger than this is not a token answer: the socket fails (ws's default: 100 MiB). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WaitOptions {
  instanceUrl: string;
  requestId: string;
  /** Epoch ms at which the code expires. */
  expiresAt: number;
  signal?: AbortSignal;
  /** Overrides SOCKET_BOUNDS (and the environment variable), for tests. */
  bounds?: Partial<SocketBounds>;
}

export function websocketUrl(instanceUrl: string): string {
  const url = new URL(`${instanceUrl}/ws/graphql`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

function boundsFrom(options: WaitOptions, env: NodeJS.ProcessEnv): SocketBounds {
  const fromEnv = Number(env[SOCKET_BOUNDS_VARIABLE]);
  const timeouts =
    Number.isInteger(fromEnv) && fromEnv > 0
      ? { ackMs: fromEnv, pingMs: fromEnv, pongMs: fromEnv }
      : {};
  return { ...SOCKET_BOUNDS, ...timeouts, ...options.bounds };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The socket broke the protocol: no retry helps, and the hint is not about upgrades. */
function protocolFailure(instanceUrl: string, detail: string): InstanceFailure {
  return new InstanceFailure(
    "websocket",
    `the WebSocket to ${instanceUrl}/ws/graphql failed (${detail}).`,
    "Check that the URL is the Caido instance you meant, and that no proxy in between alters WebSocket traffic.",
  );
}

/** What a graphql-ws close or error event says, in words safe to print. */
function eventDetail(event: unknown): string {
  const e = event as { code?: unknown; reason?: unknown; message?: unknown } | null;
  const words = [e?.reason, e?.message].find((w) => typeof w === "string" && w !== "");
  const code = typeof e?.code === "number" || typeof e?.code === "string" ? e.code : undefined;
  const said = words === undefined ? "" : safeText(String(words), 100);
  if (said && code !== undefined) return `${said}, code ${code}`;
  return said || (code !== undefined ? `closed with code ${code}` : "closed");
}

export async function waitForToken(options: WaitOptions): Promise<AuthenticationToken> {
  const { instanceUrl } = options;
  const bounds = boundsFrom(options, process.env);
  const agent = await websocketAgent(websocketUrl(instanceUrl));
  // A proxy that refuses the upgrade lets /graphql work while this never can: fail at once.
  let upgradeRefused: string | undefined;
  // Set when the socket broke the protocol or a bound ran out: the wait ends with it.
  let fatal: InstanceFailure | undefined;
  let fail: (error: InstanceFailure) => void = () => {};
  const failWith = (error: InstanceFailure) => {
    fatal ??= error;
    fail(fatal);
  };
  // Sockets in a row that ended without ever answering a ping, and of those, the ones that
  // went silent: a pong proves the connection and starts both counts again.
  let unanswered = 0;
  let silent = 0;
  // Every socket the client opens, so that finishing can end even one still connecting: a
  // server that never answers the upgrade would otherwise keep the process alive.
  const sockets = new Set<TrackedWebSocket>();
  let activeSocket: TrackedWebSocket | undefined;

  class TrackedWebSocket extends WebSocket {
    #ackTimer: NodeJS.Timeout | undefined;
    #pongTimer: NodeJS.Timeout | undefined;
    #answered = false;
    #problem: string | undefined;

    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, {
        handshakeTimeout: bounds.ackMs,
        maxPayload: MAX_MESSAGE_BYTES,
        agent,
      });
      sockets.add(this);
      this.on("upgrade", () => {
        this.#ackTimer = setTimeout(() => {
          const detail = `no connection_ack within ${seconds(bounds.ackMs)}`;
          failWith(protocolFailure(instanceUrl, detail));
        }, bounds.ackMs);
      });
      this.on("error", (error: NodeJS.ErrnoException) => {
        this.#problem = safeText(error.code ?? error.message, 100);
      });
      this.on("close", (code: number) => {
        clearTimeout(this.#ackTimer);
        clearTimeout(this.#pongTimer);
        sockets.delete(this);
        if (activeSocket === this) activeSocket = undefined;
        if (this.#answered) return;
        unanswered += 1;
        if (unanswered > bounds.connectAttempts) {
          const detail = this.#problem ?? `closed with code ${code}`;
          failWith(websocketFailure(instanceUrl, `${detail}; ${unanswered} connections in a row`));
        }
      });
    }

    acknowledged(): void {
      clearTimeout(this.#ackTimer);
    }

    pinged(): void {
      clearTimeout(this.#pongTimer);
      this.#pongTimer = setTimeout(() => {
        silent += 1;
        debug(`no pong within ${seconds(bounds.pongMs)} (${silent} sockets in a row)`);
        if (silent >= bounds.silentSockets) {
          const detail = `no answer to a ping within ${seconds(bounds.pongMs)}, ${silent} times in a row`;
          failWith(protocolFailure(instanceUrl, detail));
        } else {
          this.#problem = `no answer to a ping within ${seconds(bounds.pongMs)}`;
          this.terminate(); // the client reconnects and subscribes again
        }
      }, bounds.pongMs);
    }

    ponged(): void {
      clearTimeout(this.#pongTimer);
      this.#answered = true;
      unanswered = 0;
      silent = 0;
    }
  }

  const client = createClient({
    url: websocketUrl(instanceUrl),
    webSocketImpl: TrackedWebSocket,
    lazy: true,
    keepAlive: bounds.pingMs,
    // Bounded by the counts above instead: graphql-ws starts its own count again at every ack.
    retryAttempts: Number.POSITIVE_INFINITY,
    // Unref'd: the code's deadline keeps the process alive while it waits, and a wait that has
    // failed must not hold the exit for the rest of a back-off.
    retryWait: (retries) =>
      new Promise((r) => setTimeout(r, Math.min(250 * 2 ** retries, 5_000)).unref()),
    shouldRetry: () => upgradeRefused === undefined && fatal === undefined,
    on: {
      connecting: (isRetry) =>
        debug(`${isRetry ? "reconnecting" : "connecting"} to ${websocketUrl(instanceUrl)}`),
      closed: (event) => debug(`WebSocket closed (${eventDetail(event)})`),
      error: (event) => {
        // graphql-ws reports a message it cannot read as an Error of its own (JSON.parse's, or
        // its check of the message's shape); ws reports a broken frame with a WS_ERR_ code.
        if (event instanceof Error) {
          const detail = event instanceof SyntaxError ? "not JSON" : safeText(event.message, 100);
          return failWith(
            protocolFailure(instanceUrl, `it sent a message that is not graphql-ws: ${detail}`),
          );
        }
        const cause = (event as { error?: { code?: unknown } }).error;
        if (typeof cause?.code === "string" && cause.code.startsWith("WS_ERR_")) {
          return failWith(protocolFailure(instanceUrl, eventDetail(event)));
        }
        const message = (event as { message?: string }).message ?? "";
        const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
        if (status) upgradeRefused = `the upgrade got HTTP ${status}`;
      },
      connected: (socket) => {
        activeSocket = socket as TrackedWebSocket;
        activeSocket.acknowledged();
      },
      // graphql-ws sends a ping after keepAlive of quiet; its pong must come in time.
      ping: (received) => {
        if (!received) activeSocket?.pinged();
      },
      pong: (received) => {
        if (received) activeSocket?.ponged();
      },
    },
  });

  return new Promise<AuthenticationToken>((resolve, reject) => {
    let settled = false;
    let unsubscribe: () => void = () => {};
    const finish = (error: Error | undefined, token?: AuthenticationToken) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      options.signal?.removeEventListener("abort", onAbort);
      unsubscribe();
      // dispose() awaits a connection in progress and rejects if it fails: nobody cares then.
      Promise.resolve(client.dispose()).catch(() => {});
      for (const socket of sockets) socket.terminate();
      if (error) reject(error);
      else resolve(token as AuthenticationToken);
    };
    fail = (error) => finish(error);
    const onAbort = () => finish(new CancelledError());
    const deadline = setTimeout(
      () => finish(codeExpired(instanceUrl, loginCommandFor(instanceUrl))),
      Math.max(0, options.expiresAt - Date.now()),
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort);

    unsubscribe = client.subscribe(
      { query: CREATED_AUTHENTICATION_TOKEN, variables: { requestId: options.requestId } },
      {
        next: (result) => {
          if (result.errors?.length) {
            const said = result.errors
              .map((e) => safeText(String(e?.message ?? "unknown error"), ANSWER_LIMITS.message))
              .join("; ");
            return finish(instanceError(instanceUrl, safeText(said, ANSWER_LIMITS.message)));
          }
          try {
            const payload = tokenPayload(instanceUrl, "createdAuthenticationToken", result.data);
            if (payload.error) {
              finish(userErrorToFailure(instanceUrl, payload.error, loginCommandFor(instanceUrl)));
            } else if (payload.token) {
              finish(undefined, payload.token);
            }
          } catch (error) {
            finish(error as Error);
          }
        },
        error: (error) => {
          if (fatal) return finish(fatal);
          if (upgradeRefused) return finish(websocketFailure(instanceUrl, upgradeRefused));
          if (Array.isArray(error)) {
            const said = error
              .map((e) => safeText(String(e?.message ?? "unknown error"), ANSWER_LIMITS.message))
              .join("; ");
            return finish(
              new InstanceFailure(
                "websocket",
                `the login subscription on ${instanceUrl} failed (${safeText(said, ANSWER_LIMITS.message)}).`,
              ),
            );
          }
          finish(websocketFailure(instanceUrl, eventDetail(error)));
        },
        complete: () =>
          finish(instanceError(instanceUrl, "the login subscription ended without a token")),
      },
    );
  });
}
