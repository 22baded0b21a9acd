// What api reads from a GraphQL document: the operation, and --paginate's connection.
import { describe, expect, it } from "vitest";
import { analyse, pagedConnection } from "../../source/api/document.js";
import { UsageError } from "../../source/base/errors.js";
import { CREATED_REQUEST, REQUESTS_ALIASED, REQUESTS_PAGE } from "./documents.js";

describe("analyse", () => {
  it("tells the operation type and its variables", () => {
    expect(analyse(REQUESTS_PAGE)).toMatchObject({
      operation: "query",
      operationName: "RequestsPage",
      variables: ["cursor", "first"],
    });
    expect(analyse("{ viewer { __typename } }").operation).toBe("query");
    expect(analyse("mutation { logout { success } }").operation).toBe("mutation");
    expect(analyse(CREATED_REQUEST).operation).toBe("subscription");
  });

  it("refuses a document that does not parse, with where, on one line", () => {
    const error = catchError(() => analyse("query {\n viewer {"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(
      /^the GraphQL document does not parse: Syntax Error: .* \(line 2, column 10\)\.$/,
    );
    expect(error.message).not.toContain("\n");
  });

  it("refuses no operation, or several", () => {
    expect(() => analyse("fragment F on Request { id }")).toThrow(/holds no operation/);
    expect(() => analyse("query A { a } query B { b }")).toThrow(/holds 2 operations/);
  });
});

describe("pagedConnection", () => {
  it("finds the connection that takes $cursor, by response keys", () => {
    expect(pagedConnection(analyse(REQUESTS_PAGE))).toEqual({
      path: ["requests"],
      pageInfoKey: "pageInfo",
      hasNextPageKey: "hasNextPage",
      endCursorKey: "endCursor",
      listKeys: ["edges", "nodes"],
    });
  });

  it("follows aliases, fragment spreads and inline fragments", () => {
    expect(pagedConnection(analyse(REQUESTS_ALIASED))).toEqual({
      path: ["history"],
      pageInfoKey: "info",
      hasNextPageKey: "more",
      endCursorKey: "endCursor",
      listKeys: ["items"],
    });
    const nested = `query($cursor: String) { viewer { ... on CloudUser {
      things: requests(after: $cursor) { edges { cursor } pageInfo { hasNextPage endCursor } } } } }`;
    expect(pagedConnection(analyse(nested)).path).toEqual(["viewer", "things"]);
  });

  it("finds $cursor inside an input object", () => {
    const doc = `query($cursor: String) { page(input: { after: $cursor }) { nodes { id } pageInfo { endCursor hasNextPage } } }`;
    expect(pagedConnection(analyse(doc)).path).toEqual(["page"]);
  });

  it.each([
    [
      "a query without $cursor",
      "query { requests(first: 5) { nodes { id } pageInfo { hasNextPage endCursor } } }",
      /declares \$cursor/,
    ],
    [
      "a mutation",
      "mutation($cursor: String) { logout { success } }",
      /pages a query, and this document is a mutation/,
    ],
    ["a subscription", CREATED_REQUEST, /this document is a subscription/],
    [
      "no pageInfo",
      "query($cursor: String) { requests(after: $cursor) { nodes { id } } }",
      /selects pageInfo/,
    ],
    [
      "pageInfo without endCursor",
      "query($cursor: String) { requests(after: $cursor) { pageInfo { hasNextPage } } }",
      /selects pageInfo/,
    ],
    [
      "$cursor unused",
      "query($cursor: String) { requests { pageInfo { hasNextPage endCursor } } }",
      /no field takes \$cursor/,
    ],
    [
      "two connections",
      "query($cursor: String) { a: requests(after: $cursor) { pageInfo { hasNextPage endCursor } } b: requests(after: $cursor) { pageInfo { hasNextPage endCursor } } }",
      /several: a, b/,
    ],
  ])("refuses %s", (_name, doc, message) => {
    const error = catchError(() => pagedConnection(analyse(doc)));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it("does not loop on a fragment that spreads itself", () => {
    const doc = `query($cursor: String) { requests(after: $cursor) { ...F } }
      fragment F on RequestConnection { pageInfo { hasNextPage endCursor } ...F }`;
    expect(pagedConnection(analyse(doc)).path).toEqual(["requests"]);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
