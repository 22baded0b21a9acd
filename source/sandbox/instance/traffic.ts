// Made-up but realistic proxied HTTP traffic for the sandbox's request history: request n is
// the same on every run (a PRNG seeded with n), so tests and demos can count on it; only the
// time of a request added live is the real one. Raw bytes are rebuilt on demand, not stored.

export type Source = "AUTOMATE" | "INTERCEPT" | "REPLAY";

export interface ResponseRecord {
  id: string;
  statusCode: number;
  roundtripTime: number;
  length: number;
  /** Milliseconds since the epoch (Caido's Timestamp scalar). */
  createdAt: number;
}

export interface RequestRecord {
  id: string;
  /** Position in id order, 0-based (id = n + 1). */
  n: number;
  host: string;
  port: number;
  method: string;
  path: string;
  /** Without the leading "?"; "" when there is none. */
  query: string;
  isTls: boolean;
  /** With the leading dot, as Caido documents it (".js"), or null. */
  fileExtension: string | null;
  source: Source;
  createdAt: number;
  length: number;
  response: ResponseRecord | null;
}

/** Seeded requests start here, a few seconds apart (fixed, so the seed is the same each run). */
export const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

interface Endpoint {
  host: string;
  isTls: boolean;
  port: number;
  method: string;
  path: (r: Random) => string;
  query?: (r: Random) => string;
  body?: (r: Random) => string;
  /** [status, weight] pairs. */
  status: [number, number][];
  type: string;
  weight: number;
}

type Random = () => number;

const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Random, low: number, high: number) => low + Math.floor(r() * (high - low + 1));
/** One of the [item, weight] pairs, chosen in proportion to its weight. */
function weighted<T>(r: Random, choices: [T, number][]): T {
  let roll = r() * choices.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of choices) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return choices[0]![0];
}
const hex = (r: Random, length: number) =>
  Array.from({ length }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");

const ENDPOINTS: Endpoint[] = [
  {
    host: "shop.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: () => "/",
    status: [[200, 1]],
    type: "text/html; charset=utf-8",
    weight: 3,
  },
  {
    host: "shop.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: () => "/products",
    query: (r) => `page=${int(r, 1, 12)}&sort=${pick(r, ["price", "name", "new"])}`,
    status: [[200, 1]],
    type: "text/html; charset=utf-8",
    weight: 4,
  },
  {
    host: "shop.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: (r) => `/products/${int(r, 1000, 1099)}`,
    status: [
      [200, 9],
      [404, 1],
    ],
    type: "text/html; charset=utf-8",
    weight: 5,
  },
  {
    host: "shop.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: () => "/static/app.3f9a1c2e.js",
    status: [
      [200, 2],
      [304, 3],
    ],
    type: "application/javascript",
    weight: 4,
  },
  {
    host: "shop.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: () => "/static/style.css",
    status: [
      [200, 1],
      [304, 2],
    ],
    type: "text/css",
    weight: 3,
  },
  {
    host: "cdn.example.net",
    isTls: true,
    port: 443,
    method: "GET",
    path: (r) => `/images/p${int(r, 1000, 1099)}.png`,
    status: [
      [200, 5],
      [304, 2],
      [404, 1],
    ],
    type: "image/png",
    weight: 5,
  },
  {
    host: "shop.example.com",
    isTls: true,
    port: 443,
    method: "POST",
    path: () => "/cart",
    body: (r) => JSON.stringify({ productId: int(r, 1000, 1099), quantity: int(r, 1, 3) }),
    status: [
      [201, 8],
      [400, 1],
    ],
    type: "application/json",
    weight: 2,
  },
  {
    host: "api.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: (r) => `/v1/users/${int(r, 1, 60)}`,
    status: [
      [200, 8],
      [401, 1],
      [404, 1],
    ],
    type: "application/json",
    weight: 5,
  },
  {
    host: "api.example.com",
    isTls: true,
    port: 443,
    method: "GET",
    path: () => "/v1/orders",
    query: (r) => `limit=20&offset=${20 * int(r, 0, 9)}`,
    status: [
      [200, 12],
      [500, 1],
    ],
    type: "application/json",
    weight: 4,
  },
  {
    host: "api.example.com",
    isTls: true,
    port: 443,
    method: "PUT",
    path: (r) => `/v1/users/${int(r, 1, 60)}`,
    body: (r) => JSON.stringify({ name: pick(r, ["Ada", "Grace", "Alan", "Edsger"]) }),
    status: [
      [200, 5],
      [403, 1],
    ],
    type: "application/json",
    weight: 1,
  },
  {
    host: "api.example.com",
    isTls: true,
    port: 443,
    method: "DELETE",
    path: (r) => `/v1/sessions/${hex(r, 12)}`,
    status: [[204, 1]],
    type: "application/json",
    weight: 1,
  },
  {
    host: "api.example.com",
    isTls: true,
    port: 443,
    method: "OPTIONS",
    path: () => "/v1/users",
    status: [[204, 1]],
    type: "text/plain",
    weight: 1,
  },
  {
    host: "api.example.com",
    isTls: true,
    port: 443,
    method: "POST",
    path: () => "/v1/login",
    body: (r) =>
      JSON.stringify({ email: `user${int(r, 1, 60)}@example.com`, password: "********" }),
    status: [
      [200, 3],
      [401, 2],
    ],
    type: "application/json",
    weight: 2,
  },
  {
    host: "auth.example.org",
    isTls: true,
    port: 443,
    method: "GET",
    path: () => "/oauth/authorize",
    query: (r) => `client_id=shop&response_type=code&state=${hex(r, 16)}`,
    status: [[302, 1]],
    type: "text/html; charset=utf-8",
    weight: 1,
  },
  {
    host: "legacy.example.net",
    isTls: false,
    port: 8080,
    method: "GET",
    path: () => "/admin.php",
    query: (r) => `id=${int(r, 1, 500)}`,
    status: [
      [200, 2],
      [403, 3],
      [500, 1],
    ],
    type: "text/html; charset=iso-8859-1",
    weight: 2,
  },
  {
    host: "legacy.example.net",
    isTls: false,
    port: 80,
    method: "GET",
    path: () => "/robots.txt",
    status: [[200, 1]],
    type: "text/plain",
    weight: 1,
  },
];

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  302: "Found",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
};

/** Everything about request n that does not depend on time. */
interface Shape {
  endpoint: Endpoint;
  path: string;
  query: string;
  body: string;
  status: number;
  roundtripTime: number;
  source: Source;
  answered: boolean;
}

function shape(n: number): Shape {
  const r = mulberry32(n + 1);
  const endpoint = weighted(
    r,
    ENDPOINTS.map((e) => [e, e.weight] as [Endpoint, number]),
  );
  const path = endpoint.path(r);
  const query = endpoint.query?.(r) ?? "";
  const body = endpoint.body?.(r) ?? "";
  const status = weighted(r, endpoint.status);
  const sourceRoll = r();
  return {
    endpoint,
    path,
    query,
    body,
    status,
    roundtripTime: int(r, 12, 480),
    source: sourceRoll < 0.85 ? "INTERCEPT" : sourceRoll < 0.95 ? "REPLAY" : "AUTOMATE",
    // One request in about thirty never got an answer (timeout, connection reset).
    answered: r() >= 0.033,
  };
}

/** Request n (0-based; its id is n + 1), sent at createdAt (ms since the epoch). */
export function makeRequest(n: number, createdAt: number): RequestRecord {
  const s = shape(n);
  const id = String(n + 1);
  const record: RequestRecord = {
    id,
    n,
    host: s.endpoint.host,
    port: s.endpoint.port,
    method: s.endpoint.method,
    path: s.path,
    query: s.query,
    isTls: s.endpoint.isTls,
    fileExtension: /\.[A-Za-z0-9]+$/.exec(s.path)?.[0] ?? null,
    source: s.source,
    createdAt,
    length: 0,
    response: null,
  };
  record.length = rawRequest(record).length;
  if (s.answered) {
    const answeredAt = createdAt + s.roundtripTime;
    record.response = {
      id,
      statusCode: s.status,
      roundtripTime: s.roundtripTime,
      createdAt: answeredAt,
      length: rawResponseOf(s, id, answeredAt).length,
    };
  }
  return record;
}

/** When seeded request n was sent: a deterministic 1-20 s after the previous one. */
export function seedTime(n: number, previous: number): number {
  return n === 0 ? SEED_EPOCH : previous + 1000 * (1 + Math.floor(mulberry32(7919 * n)() * 20));
}

/** The request as sent, one byte per character (latin1): Blob fields encode it as base64. */
export function rawRequest(record: RequestRecord): string {
  const s = shape(record.n);
  const target = record.query ? `${record.path}?${record.query}` : record.path;
  const defaultPort = record.isTls ? 443 : 80;
  const host = record.port === defaultPort ? record.host : `${record.host}:${record.port}`;
  const lines = [
    `${record.method} ${target} HTTP/1.1`,
    `Host: ${host}`,
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    `Accept: ${s.endpoint.type.startsWith("application/json") ? "application/json" : "*/*"}`,
    "Accept-Language: en-US,en;q=0.5",
    "Connection: keep-alive",
  ];
  if (s.body) {
    lines.push("Content-Type: application/json", `Content-Length: ${s.body.length}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n${s.body}`;
}

/** The response as received (latin1, as rawRequest), or null when none came. */
export function rawResponse(record: RequestRecord): string | null {
  if (!record.response) return null;
  return rawResponseOf(shape(record.n), record.id, record.response.createdAt);
}

function rawResponseOf(s: Shape, id: string, date: number): string {
  const body = responseBody(s, id);
  const lines = [
    `HTTP/1.1 ${s.status} ${REASONS[s.status] ?? "Unknown"}`,
    "Server: nginx/1.26.2",
    `Date: ${new Date(date).toUTCString()}`,
    ...(s.status === 302 ? ["Location: https://shop.example.com/callback?code=sandbox"] : []),
    ...(body ? [`Content-Type: ${s.endpoint.type}`, `Content-Length: ${body.length}`] : []),
  ];
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

function responseBody(s: Shape, id: string): string {
  if (s.status === 204 || s.status === 304 || s.status === 302) return "";
  const type = s.endpoint.type;
  if (type.startsWith("application/json")) {
    return s.status < 400
      ? JSON.stringify({ ok: true, request: Number(id) })
      : JSON.stringify({ error: REASONS[s.status] ?? "error" });
  }
  if (type.startsWith("text/html")) {
    return `<!doctype html><html><head><title>${REASONS[s.status]}</title></head><body><h1>${
      s.status < 400 ? s.endpoint.host : REASONS[s.status]
    }</h1></body></html>`;
  }
  if (type === "image/png") return "\x89PNG\r\n\x1a\n";
  if (type === "application/javascript") return 'console.log("sandbox");\n';
  if (type === "text/css") return "body{font-family:sans-serif}\n";
  return "User-agent: *\nDisallow: /admin.php\n";
}

/** A small, fast, seedable PRNG (public domain); values in [0, 1). */
function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
