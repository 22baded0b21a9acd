// The instance's request history: seeded at start, one more request every `interval` seconds,
// paged as a Relay connection (`requests`) and announced to listeners (`createdRequest`).
// The timer is unref'd and stopped by close(): it never keeps a process alive.
import { GraphQLError } from "graphql";
import { INVALID_CURSOR } from "./guesses.js";
import { makeRequest, type RequestRecord, seedTime } from "./traffic.js";

export const DEFAULT_SEED_REQUESTS = 250;
export const MAX_SEED_REQUESTS = 100_000;
/** Seconds between two added requests; 0 adds none. */
export const DEFAULT_REQUEST_INTERVAL = 1;
export const MIN_REQUEST_INTERVAL = 0.01;

export type OrderBy =
  | "CREATED_AT"
  | "FILE_EXTENSION"
  | "HOST"
  | "ID"
  | "METHOD"
  | "PATH"
  | "QUERY"
  | "RESP_LENGTH"
  | "RESP_ROUNDTRIP_TIME"
  | "RESP_STATUS_CODE"
  | "SOURCE";

export interface PageArgs {
  after?: string | null;
  before?: string | null;
  first?: number | null;
  last?: number | null;
  order?: { by: OrderBy; ordering: "ASC" | "DESC" } | null;
}

export interface Edge {
  cursor: string;
  node: RequestRecord;
}

export interface Page {
  edges: Edge[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** All requests in the (unfiltered) history. */
  total: number;
  snapshot: number;
}

export interface RequestLogOptions {
  seedRequests?: number;
  requestInterval?: number;
}

/** The options with their defaults, or a RangeError saying which one is out of range. */
export function checkRequestLogOptions(options: RequestLogOptions): {
  seed: number;
  interval: number;
} {
  const seed = options.seedRequests ?? DEFAULT_SEED_REQUESTS;
  const interval = options.requestInterval ?? DEFAULT_REQUEST_INTERVAL;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED_REQUESTS)
    throw new RangeError(`seedRequests must be a whole number from 0 to ${MAX_SEED_REQUESTS}`);
  if (!Number.isFinite(interval) || (interval !== 0 && interval < MIN_REQUEST_INTERVAL))
    throw new RangeError(`requestInterval must be 0 (never) or at least ${MIN_REQUEST_INTERVAL}`);
  return { seed, interval };
}

export class RequestLog {
  readonly #records: RequestRecord[] = [];
  readonly #listeners = new Set<(record: RequestRecord) => void>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RequestLogOptions = {}) {
    const { seed, interval } = checkRequestLogOptions(options);
    let time = 0;
    for (let n = 0; n < seed; n++) {
      time = seedTime(n, time);
      this.#records.push(makeRequest(n, time));
    }
    if (interval > 0) {
      this.#timer = setInterval(() => this.add(), interval * 1000);
      this.#timer.unref();
    }
  }

  /** Grows with every added request; the connection's and payload's `snapshot`. */
  get snapshot(): number {
    return this.#records.length;
  }

  /** Adds the next request, sent now, and tells the listeners. */
  add(): RequestRecord {
    const last = this.#records.at(-1);
    const record = makeRequest(this.#records.length, Math.max(Date.now(), last?.createdAt ?? 0));
    this.#records.push(record);
    for (const listener of this.#listeners) listener(record);
    return record;
  }

  get(id: string): RequestRecord | undefined {
    return /^[1-9][0-9]{0,15}$/.test(id) ? this.#records[Number(id) - 1] : undefined;
  }

  listen(listener: (record: RequestRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Relay cursor paging over the history in `order` (default: by id, oldest first). */
  page(args: PageArgs): Page {
    for (const name of ["first", "last"] as const) {
      const value = args[name];
      if (value != null && value < 0) throw new GraphQLError(`"${name}" must not be negative`);
    }
    const list = this.#ordered(args.order);
    const byIdAscending = list === this.#records;
    const position = (cursor: string, name: string) => {
      const id = decodeCursor(cursor);
      const record = id === undefined ? undefined : this.get(id);
      const index = !record ? -1 : byIdAscending ? record.n : list.indexOf(record);
      if (index < 0) throw invalidCursor(name);
      return index;
    };
    let start = 0;
    let end = list.length;
    if (args.after != null) start = position(args.after, "after") + 1;
    if (args.before != null) end = Math.min(end, position(args.before, "before"));
    end = Math.max(start, end);
    if (args.first != null && end - start > args.first) end = start + args.first;
    if (args.last != null && end - start > args.last) start = end - args.last;
    return {
      edges: list.slice(start, end).map(edgeOf),
      hasPreviousPage: start > 0,
      hasNextPage: end < list.length,
      total: list.length,
      snapshot: this.snapshot,
    };
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }

  #ordered(order: PageArgs["order"]): RequestRecord[] {
    const by = order?.by ?? "ID";
    const descending = order?.ordering === "DESC";
    if (by === "ID" && !descending) return this.#records;
    const key = SORT_KEYS[by] ?? SORT_KEYS.ID;
    const sign = descending ? -1 : 1;
    return [...this.#records].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.n - b.n);
    });
  }
}

export function edgeOf(record: RequestRecord): Edge {
  return { cursor: encodeCursor(record.id), node: record };
}

// Cursors are opaque to clients; here, the request id in base64url.
function encodeCursor(id: string): string {
  return Buffer.from(`request:${id}`).toString("base64url");
}

function decodeCursor(cursor: string): string | undefined {
  if (cursor.length > 64) return undefined;
  return /^request:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"))?.[1];
}

function invalidCursor(name: string): GraphQLError {
  return new GraphQLError(`${INVALID_CURSOR} ("${name}")`);
}

const SORT_KEYS: Record<OrderBy, (r: RequestRecord) => number | string> = {
  CREATED_AT: (r) => r.createdAt,
  FILE_EXTENSION: (r) => r.fileExtension ?? "",
  HOST: (r) => r.host,
  ID: (r) => r.n,
  METHOD: (r) => r.method,
  PATH: (r) => r.path,
  QUERY: (r) => r.query,
  RESP_LENGTH: (r) => r.response?.length ?? -1,
  RESP_ROUNDTRIP_TIME: (r) => r.response?.roundtripTime ?? -1,
  RESP_STATUS_CODE: (r) => r.response?.statusCode ?? -1,
  SOURCE: (r) => r.source,
};
