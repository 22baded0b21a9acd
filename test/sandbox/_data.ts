// Helpers for the sandbox's data API tests: a graphql-ws subscription that records its events
// and how its socket ended, and documents as scripts write them.
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

export const PAGE = `query ($cursor: String, $first: Int) {
  requests(first: $first, after: $cursor) {
    count { value snapshot }
    edges { cursor node { id method host port path query isTls createdAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

export const CREATED_REQUEST = `subscription {
  createdRequest { snapshot requestEdge { cursor node { id method host path } } }
}`;

export interface Listening {
  // biome-ignore lint/suspicious/noExplicitAny: events are inspected field by field in tests
  events: any[];
  /** Resolves with how the subscription ended: an error (often a CloseEvent) or "complete". */
  ended: Promise<unknown>;
  /** Close codes and reasons of the socket, in order. */
  closes: { code: number; reason: string }[];
  client: Client;
  stop(): Promise<void>;
}

/** Subscribes over graphql-ws with the token in connection_init, as the official client does. */
export function listen(instanceUrl: string, query: string, token?: string): Listening {
  const closes: Listening["closes"] = [];
  const client = createClient({
    url: `${instanceUrl.replace(/^http/, "ws")}/ws/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : undefined,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closes.push({ code, reason: String(reason) });
      },
    },
  });
  const events: Listening["events"] = [];
  let unsubscribe = () => {};
  const ended = new Promise<unknown>((resolve) => {
    unsubscribe = client.subscribe(
      { query },
      { next: (event) => events.push(event), error: resolve, complete: () => resolve("complete") },
    );
  });
  return {
    events,
    ended,
    closes,
    client,
    async stop() {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** Waits until probe() is true, polling; fails with `what` after a generous limit. */
export async function until(probe: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
