// What every resolver gets as its GraphQL context, over HTTP and WebSocket alike. On its own so
// that the schema and the data API resolvers can both use it without importing each other.
import type { Caller } from "./sessions.js";

export interface RequestContext {
  authorization?: string;
  /** Aborted when the client goes away (WebSocket closed, subscription completed). */
  signal?: AbortSignal;
  /** Told who a valid bearer belongs to (the WebSocket closes when that token ends). */
  onCaller?: (caller: Caller) => void;
}
