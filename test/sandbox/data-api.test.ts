// The sandbox's slice of Caido's data API over real HTTP and graphql-ws: `requests` pages with
// cursors (each request exactly once, in order, both ways), `request(id)`, `createdRequest`
// delivers requests as the sandbox adds them, and all of it wants the owner's bearer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { CREATED_REQUEST, listen, PAGE, until } from "./_data.js";
import { caidoError, graphql, loginWithPat } from "./_instance.js";

const INVALID_TOKEN = { code: "AUTHORIZATION", reason: "INVALID_TOKEN" };

describe("a sandbox that adds no requests", () => {
  let sandbox: Sandbox;
  let token: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ seedRequests: 137, requestInterval: 0 });
    const alice = sandbox.accounts[0]!;
    token = (await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice.pat)).accessToken;
  });
  afterAll(() => sandbox?.close());

  const query = async (document: string, variables?: Record<string, unknown>) => {
    const { status, body } = await graphql(sandbox.instanceUrl, document, variables, token);
    expect(status).toBe(200);
    return body;
  };

  test("first/after pages through every request exactly once, in id order", async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const body = await query(PAGE, { cursor, first: 10 });
      expect(body.errors).toBeUndefined();
      const { edges, pageInfo, count } = body.data.requests;
      pages++;
      expect(count).toEqual({ value: 137, snapshot: 137 });
      expect(pageInfo.hasPreviousPage).toBe(cursor !== null);
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
      ids.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      cursor = pageInfo.endCursor;
    }
    expect(pages).toBe(14);
    expect(ids).toEqual(Array.from({ length: 137 }, (_, i) => String(i + 1)));
  });

  test("last/before pages backwards through the same requests", async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const body = await query(
        `query ($cursor: String) { requests(last: 40, before: $cursor) {
          nodes { id } pageInfo { hasPreviousPage startCursor } } }`,
        { cursor },
      );
      const { nodes, pageInfo } = body.data.requests;
      ids.unshift(...nodes.map((n: { id: string }) => n.id));
      if (!pageInfo.hasPreviousPage) break;
      cursor = pageInfo.startCursor;
    }
    expect(ids).toEqual(Array.from({ length: 137 }, (_, i) => String(i + 1)));
  });

  test("order is honoured: newest first, or by a field with ties in id order", async () => {
    const desc = await query(
      `{ requests(first: 3, order: { by: ID, ordering: DESC }) { nodes { id } } }`,
    );
    expect(desc.data.requests.nodes).toEqual([{ id: "137" }, { id: "136" }, { id: "135" }]);

    const byHost = await query(
      `{ requests(order: { by: HOST, ordering: ASC }) { nodes { id host } } }`,
    );
    const nodes: { id: string; host: string }[] = byHost.data.requests.nodes;
    expect(nodes).toHaveLength(137);
    const sorted = [...nodes].sort((a, b) =>
      a.host === b.host ? Number(a.id) - Number(b.id) : a.host < b.host ? -1 : 1,
    );
    expect(nodes).toEqual(sorted);
    expect(new Set(nodes.map((n) => n.host)).size).toBeGreaterThan(2);

    // A cursor from that order continues that order.
    const page = await query(
      `query ($after: String) { requests(first: 5, after: $after, order: { by: HOST, ordering: ASC }) {
        nodes { id } } }`,
      {
        after: (
          await query(`{ requests(first: 10, order: { by: HOST, ordering: ASC }) {
        pageInfo { endCursor } } }`)
        ).data.requests.pageInfo.endCursor,
      },
    );
    expect(page.data.requests.nodes.map((n: { id: string }) => n.id)).toEqual(
      nodes.slice(10, 15).map((n) => n.id),
    );
  });

  test("filter and scopeId are accepted (and ignored)", async () => {
    const body = await query(
      `{ requests(first: 2, filter: { code: "req.host.eq:\\"nowhere\\"" }, scopeId: "1") {
        count { value } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.requests.count.value).toBe(137);
  });

  test("a cursor it never issued, or a negative count, is an error, not a page", async () => {
    for (const variables of [{ cursor: "bm9wZQ", first: 5 }, { cursor: "x".repeat(500) }]) {
      const body = await query(PAGE, variables);
      expect(body.data).toBeNull();
      expect(body.errors[0].message).toMatch(/cursor/i);
    }
    const negative = await query(PAGE, { first: -1 });
    expect(negative.errors[0].message).toMatch(/first/);
  });

  test("request(id) answers the request with its response, or null", async () => {
    const body = await query(`{ request(id: "42") {
      id method host port path query isTls createdAt length fileExtension source sni raw
      metadata { id color } edited edits { id } alteration
      response { id statusCode roundtripTime length createdAt raw edited }
    } missing: request(id: "138") { id } junk: request(id: "abc") { id } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.missing).toBeNull();
    expect(body.data.junk).toBeNull();
    const request = body.data.request;
    expect(request).toMatchObject({ id: "42", metadata: { id: "42", color: null }, edits: [] });
    const raw = Buffer.from(request.raw, "base64").toString("latin1");
    const target = request.query ? `${request.path}?${request.query}` : request.path;
    expect(raw.startsWith(`${request.method} ${target} HTTP/1.1\r\n`)).toBe(true);
    expect(raw).toContain(`\r\nHost: ${request.host}`);
    expect(raw.length).toBe(request.length);
    expect(request.createdAt).toEqual(expect.any(Number));
    expect(request.sni).toBe(request.isTls ? request.host : null);
    if (request.response) {
      const answer = Buffer.from(request.response.raw, "base64").toString("latin1");
      expect(answer.startsWith(`HTTP/1.1 ${request.response.statusCode} `)).toBe(true);
      expect(answer.length).toBe(request.response.length);
      expect(request.response.createdAt).toBe(request.createdAt + request.response.roundtripTime);
    }
  });

  test("every request is well-formed, and some are answered with errors or not at all", async () => {
    const body = await query(`{ requests { nodes {
      id method host port path query isTls createdAt response { statusCode } } } }`);
    const nodes = body.data.requests.nodes;
    expect(nodes).toHaveLength(137);
    for (const [i, node] of nodes.entries()) {
      expect(node.method).toMatch(/^(GET|POST|PUT|DELETE|OPTIONS)$/);
      expect(node.host).toMatch(/^[a-z.]+\.(com|net|org)$/);
      expect(node.path.startsWith("/")).toBe(true);
      expect(node.isTls ? [443] : [80, 8080]).toContain(node.port);
      if (i > 0) expect(node.createdAt).toBeGreaterThan(nodes[i - 1].createdAt);
    }
    const statuses = nodes.map((n: { response: { statusCode: number } | null }) =>
      n.response === null ? null : n.response.statusCode,
    );
    expect(statuses).toContain(200);
    expect(statuses.some((s: number | null) => s !== null && s >= 400)).toBe(true);
    expect(statuses).toContain(null);
  });

  test("without a valid bearer, requests and request are refused", async () => {
    for (const bearer of [undefined, "not-a-token"]) {
      for (const document of [PAGE, `{ request(id: "1") { id } }`]) {
        const { body } = await graphql(sandbox.instanceUrl, document, {}, bearer);
        expect(caidoError(body)).toEqual(INVALID_TOKEN);
        expect(body.data?.requests ?? body.data?.request ?? null).toBeNull();
      }
    }
  });

  test("createdRequest without a valid bearer answers INVALID_TOKEN and completes", async () => {
    for (const bearer of [undefined, "not-a-token"]) {
      const listening = listen(sandbox.instanceUrl, CREATED_REQUEST, bearer);
      expect(await listening.ended).toBe("complete");
      expect(listening.events).toHaveLength(1);
      expect(listening.events[0].errors[0].extensions.CAIDO).toEqual(INVALID_TOKEN);
      await listening.stop();
    }
  });
});

describe("a sandbox that adds requests", () => {
  let sandbox: Sandbox;
  let token: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ seedRequests: 5, requestInterval: 0.05 });
    const alice = sandbox.accounts[0]!;
    token = (await loginWithPat(sandbox.instanceUrl, sandbox.cloudUrl, alice.pat)).accessToken;
  });
  afterAll(() => sandbox?.close());

  test("createdRequest delivers each new request once, in order, with its cursor", async () => {
    const listening = listen(sandbox.instanceUrl, CREATED_REQUEST, token);
    await until(() => listening.events.length >= 5, "five createdRequest events");
    await listening.stop();
    const payloads = listening.events.map((e) => {
      expect(e.errors).toBeUndefined();
      return e.data.createdRequest;
    });
    const ids = payloads.map((p) => Number(p.requestEdge.node.id));
    expect(ids[0]).toBeGreaterThan(5);
    const first = ids[0] as number;
    expect(ids).toEqual(ids.map((_, i) => first + i));
    for (const p of payloads)
      expect(p.snapshot).toBeGreaterThanOrEqual(Number(p.requestEdge.node.id));

    // The edge's cursor pages on from that request; request(id) finds it.
    const last = payloads.at(-1);
    const next = await graphql(
      sandbox.instanceUrl,
      PAGE,
      { cursor: last.requestEdge.cursor, first: 1 },
      token,
    );
    expect(next.body.data.requests.edges[0]?.node.id ?? null).toBe(
      next.body.data.requests.count.value > Number(last.requestEdge.node.id)
        ? String(Number(last.requestEdge.node.id) + 1)
        : null,
    );
    const found = await graphql(
      sandbox.instanceUrl,
      `query ($id: ID!) { request(id: $id) { host path } }`,
      { id: last.requestEdge.node.id },
      token,
    );
    expect(found.body.data.request).toEqual({
      host: last.requestEdge.node.host,
      path: last.requestEdge.node.path,
    });
  });

  test("a script's document: paging with $cursor reaches requests added meanwhile", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let before = 0;
    for (let page = 0; page < 200; page++) {
      const { body } = await graphql(
        sandbox.instanceUrl,
        `query($cursor: String) { requests(first: 50, after: $cursor) {
          edges { node { id method host path } } pageInfo { hasNextPage endCursor } } }`,
        { cursor },
        token,
      );
      for (const { node } of body.data.requests.edges) {
        expect(seen.has(node.id)).toBe(false);
        seen.add(node.id);
      }
      if (page === 0) before = seen.size;
      if (!body.data.requests.pageInfo.hasNextPage && seen.size > before) break;
      cursor = body.data.requests.pageInfo.endCursor ?? cursor;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen.size).toBeGreaterThan(before);
    expect([...seen]).toEqual([...seen].map((_, i) => String(i + 1)));
  });
});
