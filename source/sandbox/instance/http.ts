// HTTP side of the instance: /health, POST /graphql. Hostile input gets a JSON error with the
// fitting status and never takes the server down: malformed JSON 400, body over 1 MiB 413,
// wrong method 405, unknown path 404, GraphQL syntax/validation errors in the `errors` list.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  execute,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  OperationTypeNode,
} from "graphql";
import type { RequestContext } from "./context.js";
import { prepareDocument } from "./documents.js";
import { INVALID_TOKEN } from "./guesses.js";
import { SCHEMA_VERSION } from "./schema-sdl.js";

export const MAX_BODY_BYTES = 1024 * 1024;
/** The version is the schema's: clients (the official Python one) pick query shapes from it. */
export const HEALTH = { name: "caido", version: SCHEMA_VERSION, ready: true } as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function httpHandler(schema: GraphQLSchema, log: (line: string) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    route(schema, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500)
        log(`instance: ${req.method} ${req.url} failed: ${(error as Error).stack}`);
      const message = status === 500 ? "internal error" : (error as Error).message;
      send(res, status, { errors: [{ message }] }, status === 413 ? { connection: "close" } : {});
    });
  };
}

async function route(
  schema: GraphQLSchema,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://instance").pathname;
  if (path === "/health") {
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "use GET");
    return send(res, 200, HEALTH);
  }
  if (path !== "/graphql") throw new HttpError(404, `no such path: ${path}`);
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    throw new HttpError(405, "POST a JSON GraphQL request to /graphql");
  }
  const body = await readJson(req);
  if (
    typeof body !== "object" ||
    body === null ||
    typeof (body as { query?: unknown }).query !== "string"
  ) {
    throw new HttpError(400, 'the body must be a JSON object with a "query" string');
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) {
    throw new HttpError(400, '"variables" must be an object');
  }
  if (operationName != null && typeof operationName !== "string") {
    throw new HttpError(400, '"operationName" must be a string');
  }
  const document = prepareDocument(schema, query as string);
  if (Array.isArray(document)) return send(res, 400, { errors: document.map((e) => e.toJSON()) });
  const operation = getOperationAST(document, operationName as string | undefined);
  if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
    const error = new GraphQLError("subscriptions are served over WebSocket at /ws/graphql");
    return send(res, 400, { errors: [error.toJSON()] });
  }
  const contextValue: RequestContext = { authorization: req.headers.authorization };
  const result = await execute({
    schema,
    document,
    variableValues: variables as Record<string, unknown> | undefined,
    operationName: operationName as string | undefined,
    contextValue,
  });
  const invalid = result.errors?.some(
    (e) => e.extensions?.CAIDO && isInvalidToken(e.extensions.CAIDO),
  );
  send(res, invalid ? INVALID_TOKEN.status : 200, result);
}

function isInvalidToken(caido: unknown): boolean {
  return (caido as { reason?: unknown }).reason === INVALID_TOKEN.extensions.CAIDO.reason;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers["content-length"]);
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, `bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, `bodies are limited to ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
