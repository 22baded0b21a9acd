// The official @caido/sdk-client, unmodified, against the sandbox: connect() with a PAT,
// user.viewer() (which selects entitlements), a raw query paging `requests` through its GraphQL
// client, its own request list/get, and a subscription. Its PAT approver always calls
// https://api.caido.io (no option to change it), so the fetch it is given sends those calls to
// the sandbox cloud instead; every call it makes is recorded to prove nothing went elsewhere.
// Last, a Team member connects to an instance claimed with a registration key.
import { Client } from "@caido/sdk-client";
import { parse } from "graphql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { CREATED_REQUEST } from "./_data.js";

const OFFICIAL_CLOUD = "https://api.caido.io";

let sandbox: Sandbox;
let client: Client;
const origins = new Set<string>();

beforeAll(async () => {
  // Node 20 has no global WebSocket; the SDK's graphql-ws needs one.
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= (await import("ws")).default;
  sandbox = await startSandbox({ seedRequests: 120, requestInterval: 0.05 });
  client = await connected(sandbox, sandbox.accounts[0]!.pat);
});
afterAll(() => sandbox?.close());

/** The official client, logged in with a PAT; its calls to api.caido.io go to the sandbox cloud. */
async function connected(to: Sandbox, pat: string): Promise<Client> {
  const cloud = new URL(to.cloudUrl);
  const viaSandbox: typeof fetch = (input, init) => {
    if (input instanceof Request) return fetch(input, init);
    const url = new URL(String(input));
    if (url.origin === OFFICIAL_CLOUD) url.host = cloud.host;
    if (url.origin === `https://${cloud.host}`) url.protocol = cloud.protocol;
    origins.add(url.origin);
    return fetch(url, init);
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const sdk = new Client({
    url: to.instanceUrl,
    auth: { pat },
    request: { fetch: viaSandbox },
    logger: quiet,
  });
  await sdk.connect({ ready: { interval: 100, retries: 3 } });
  return sdk;
}

test("connect() logs in with the PAT, and user.viewer() answers with the sandbox account", async () => {
  const alice = sandbox.accounts[0]!;
  const viewer = await client.user.viewer();
  expect(viewer).toMatchObject({
    kind: "CloudUser",
    profile: { identity: { email: alice.email, name: alice.name } },
  });
  const subscription = (viewer as { profile: { subscription: Record<string, unknown> } }).profile
    .subscription;
  expect(subscription.plan).toEqual({ name: expect.any(String) });
  expect(subscription.entitlements).toEqual(expect.arrayContaining([{ name: expect.any(String) }]));
  expect([...origins].sort()).toEqual([sandbox.cloudUrl, sandbox.instanceUrl].sort());
});

test("a raw query through the SDK's GraphQL client pages through requests", async () => {
  const page = parse(`query ($cursor: String) {
    requests(first: 25, after: $cursor) {
      edges { node { id method host path } }
      pageInfo { hasNextPage endCursor }
    }
  }`);
  type Answer = {
    requests: {
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 5; pages++) {
    const data: Answer = await client.graphql.query<Answer, { cursor: string | null }>(page, {
      cursor,
    });
    ids.push(...data.requests.edges.map((e) => e.node.id));
    cursor = data.requests.pageInfo.endCursor;
    expect(data.requests.pageInfo.hasNextPage).toBe(true);
  }
  expect(ids).toEqual(Array.from({ length: 125 }, (_, i) => String(i + 1)));
});

test("the SDK's own request.list() and request.get() read the sandbox's requests", async () => {
  const first = await client.request.list().first(50);
  expect(first.edges.map((e) => e.node.request.id)).toEqual(
    Array.from({ length: 50 }, (_, i) => String(i + 1)),
  );
  const second = await first.next();
  expect(second?.edges[0]?.node.request.id).toBe("51");

  const one = await client.request.get("7");
  expect(one?.request).toMatchObject({ id: "7", metadata: { id: "7" } });
  expect(one?.request.createdAt.getTime()).toEqual(expect.any(Number));
  expect(new TextDecoder().decode(one?.request.raw)).toMatch(/^[A-Z]+ \/\S* HTTP\/1\.1\r\n/);
  expect(await client.request.get("999999")).toBeUndefined();
});

test("the SDK's subscribe() receives createdRequest events", async () => {
  const ids: number[] = [];
  for await (const event of client.graphql.subscribe<
    { createdRequest: { requestEdge: { node: { id: string } } } },
    Record<string, never>
  >(parse(CREATED_REQUEST))) {
    ids.push(Number(event.createdRequest.requestEdge.node.id));
    if (ids.length === 3) break;
  }
  expect(ids).toEqual([ids[0], ids[0]! + 1, ids[0]! + 2]);
  expect(ids[0]).toBeGreaterThan(120);
});

test("on a Team instance, user.viewer() answers for a member of the workspace", async () => {
  const team = await startSandbox({
    registrationKey: "ckey_sdkClientTeam_0001",
    seedRequests: 0,
    requestInterval: 0,
  });
  try {
    const carol = team.accounts.find((a) => a.email === "carol@example.test")!;
    expect(carol.member).toBe(true);
    const member = await connected(team, carol.pat);
    expect(await member.user.viewer()).toMatchObject({
      kind: "CloudUser",
      profile: { identity: { email: carol.email, name: carol.name } },
    });
  } finally {
    await team.close();
  }
});
