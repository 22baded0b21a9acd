// Resolvers for the slice of Caido's data API the sandbox serves: `requests` (a Relay
// connection), `request(id)` and the `createdRequest` subscription, all behind the bearer check.
// `filter` (HTTPQL) and `scopeId` are accepted and ignored: every request matches. `order` is
// honoured for every RequestResponseOrderBy value (ties by id); `requestEdge(order:)` ignores it,
// since a cursor here names the request, whatever the order.
import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { RequestContext } from "./context.js";
import { eventStream } from "./event-stream.js";
import { edgeOf, type PageArgs, type RequestLog } from "./request-log.js";
import { type RequestRecord, rawRequest, rawResponse } from "./traffic.js";

type Resolver = GraphQLFieldResolver<unknown, RequestContext>;

export function attachDataResolvers(
  schema: GraphQLSchema,
  requests: RequestLog,
  authenticate: (ctx: RequestContext) => Promise<unknown>,
): void {
  const field = (typeName: string, name: string) => {
    const type = schema.getType(typeName);
    const found = type && "getFields" in type ? type.getFields()[name] : undefined;
    if (!found || !("resolve" in found))
      throw new Error(`the served schema has no ${typeName}.${name}`);
    return found;
  };

  field("QueryRoot", "requests").resolve = (async (_root, args: PageArgs, ctx) => {
    await authenticate(ctx);
    const page = requests.page(args);
    return {
      edges: page.edges,
      nodes: page.edges.map((e) => e.node),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.edges[0]?.cursor ?? null,
        endCursor: page.edges.at(-1)?.cursor ?? null,
      },
      count: { value: page.total, snapshot: page.snapshot },
      snapshot: page.snapshot,
    };
  }) satisfies Resolver;

  field("QueryRoot", "request").resolve = (async (_root, args: { id: string }, ctx) => {
    await authenticate(ctx);
    return requests.get(String(args.id)) ?? null;
  }) satisfies Resolver;

  const created = field("SubscriptionRoot", "createdRequest");
  created.subscribe = (async (_root, _args, ctx) => {
    await authenticate(ctx);
    return eventStream<RequestRecord>((push) => requests.listen(push), ctx.signal);
  }) satisfies Resolver;
  created.resolve = ((record: RequestRecord) => ({
    requestEdge: edgeOf(record),
    snapshot: requests.snapshot,
  })) as Resolver;

  // Fields of Request and Response that are not stored as they are served.
  const unedited = { alteration: () => "NONE", edited: () => false, edits: () => [] };
  for (const [name, resolve] of Object.entries(unedited)) {
    field("Request", name).resolve = resolve;
    field("Response", name).resolve = resolve;
  }
  const base64 = (latin1: string) => Buffer.from(latin1, "latin1").toString("base64");
  field("Request", "raw").resolve = (record: RequestRecord) => base64(rawRequest(record));
  field("Request", "metadata").resolve = (record: RequestRecord) => ({
    id: record.id,
    color: null,
  });
  field("Request", "sni").resolve = (record: RequestRecord) => (record.isTls ? record.host : null);
  field("Request", "response").resolve = (record: RequestRecord) =>
    record.response ? { ...record.response, raw: () => base64(rawResponse(record) ?? "") } : null;
}
