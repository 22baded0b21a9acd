// api --paginate through the built CLI: every page of the sandbox's requests connection
// merged (each id exactly once) or slurped, across token refreshes; and against small
// hostile servers, a repeated cursor, a page with errors and a malformed pageInfo.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type Recorded, type RecordingServer, recordingServer } from "../api/_servers.js";
import { REQUESTS_ALIASED, REQUESTS_PAGE } from "../api/documents.js";
import { baseEnv, newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const SEEDED = 250;
const allIds = Array.from({ length: SEEDED }, (_, i) => String(i + 1));
const ids = (list: { id?: string; node?: { id: string } }[]) =>
  list.map((item) => item.node?.id ?? item.id);

describe("api --paginate against the sandbox", () => {
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sandbox = await startSandbox({ seedRequests: SEEDED, requestInterval: 0 });
    const dir = newConfigDir();
    env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
  });
  afterAll(() => sandbox?.close());

  it("merges 5 pages into one answer: every id once, the last pageInfo", async () => {
    // -i prints each page's head as it arrives: one per page fetched.
    const result = await runCli(["api", "--paginate", "-i", "-F", "first=50", REQUESTS_PAGE], {
      env,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.match(/^HTTP\/1.1 200 OK$/gm)).toHaveLength(5);
    const body = result.stdout.slice(result.stdout.lastIndexOf("\n\n") + 2);
    const merged = JSON.parse(body).data.requests;
    expect(ids(merged.edges)).toEqual(allIds);
    expect(ids(merged.nodes)).toEqual(allIds);
    expect(merged.pageInfo).toEqual({ hasNextPage: false, endCursor: merged.edges.at(-1).cursor });
    expect(merged.count.value).toBe(SEEDED);
  });

  it("--slurp prints the page answers as an array", async () => {
    const result = await runCli(["api", "--paginate", "--slurp", "-F", "first=50", REQUESTS_PAGE], {
      env,
    });
    expect(result.code).toBe(0);
    const pages = JSON.parse(result.stdout);
    expect(pages).toHaveLength(5);
    for (const [i, page] of pages.entries()) {
      expect(ids(page.data.requests.nodes)).toEqual(allIds.slice(i * 50, i * 50 + 50));
      expect(page.data.requests.pageInfo.hasNextPage).toBe(i < 4);
    }
  });

  it("follows an aliased connection through a fragment, from a given cursor", async () => {
    const result = await runCli(["api", "--paginate", REQUESTS_ALIASED], { env });
    expect(result.code).toBe(0);
    const merged = JSON.parse(result.stdout).data.history;
    expect(ids(merged.items)).toEqual(allIds);
    expect(merged.info.more).toBe(false);

    // A starting cursor from -F: the pages after it.
    const first = JSON.parse(
      (await runCli(["api", "-F", "first=100", REQUESTS_PAGE], { env })).stdout,
    );
    const after = first.data.requests.pageInfo.endCursor;
    const rest = await runCli(
      ["api", "--paginate", "-F", "first=40", "-F", `cursor=${after}`, REQUESTS_PAGE],
      { env },
    );
    expect(ids(JSON.parse(rest.stdout).data.requests.nodes)).toEqual(allIds.slice(100));
  });

  it("--silent pages through and prints nothing", async () => {
    const result = await runCli(["api", "--paginate", "--silent", REQUESTS_PAGE], { env });
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });
});

describe("api --paginate across token refreshes", () => {
  let sandbox: Sandbox;
  afterAll(() => sandbox?.close());

  it("refreshes an expired token before paging, and as tokens expire; every id once", async () => {
    // Two-second access tokens (expiry in whole seconds: each lives 1 to 2 s); one with less
    // than 90% of its life left counts as stale, so pages refresh as they go.
    sandbox = await startSandbox({ seedRequests: SEEDED, requestInterval: 0, accessTokenTtl: 2 });
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const readSession = () =>
      JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[sandbox.instanceUrl];
    const before = readSession();
    // Wait out the stored token: the first page cannot go without a refresh.
    await new Promise((r) =>
      setTimeout(r, Math.max(0, Date.parse(before.expiresAt) - Date.now() + 50)),
    );
    const result = await runCli(["api", "--paginate", "-F", "first=10", REQUESTS_PAGE], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(ids(JSON.parse(result.stdout).data.requests.edges)).toEqual(allIds);
    const after = readSession();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(result.stdout).not.toContain(after.accessToken);
  });
});

describe("api --paginate against a hostile instance", () => {
  let server: RecordingServer;
  let env: NodeJS.ProcessEnv;
  /** How the server answers page n (1-based) of the current test. */
  let answer: (n: number, request: Recorded) => object = () => ({});
  let firstRequest = 0;
  beforeAll(async () => {
    server = await recordingServer((request, index) => ({
      body: answer(index - firstRequest + 1, request),
    }));
    env = baseEnv(newConfigDir(), {
      CAIDO_ACCESS_TOKEN: "hostile-test",
      CAIDO_INSTANCE: server.url,
    });
  });
  afterAll(() => server?.close());
  const run = async (extra: string[] = []) => {
    firstRequest = server.requests.length;
    const result = await runCli(["api", "--paginate", ...extra, REQUESTS_PAGE], { env });
    return { ...result, requests: server.requests.slice(firstRequest) };
  };
  const page = (from: number, hasNextPage: boolean, endCursor: unknown) => {
    const nodes = [{ id: String(from) }, { id: String(from + 1) }];
    const edges = nodes.map((node) => ({ cursor: `e${node.id}`, node }));
    return { data: { requests: { edges, nodes, pageInfo: { hasNextPage, endCursor } } } };
  };

  it("stops with an error when the server repeats a cursor, and prints nothing", async () => {
    answer = (n) => page(n * 2, true, n === 1 ? "A" : n === 2 ? "B" : "A");
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `caido-auth: --paginate stopped at page 3, nothing printed: ${server.url}: the instance gave the same endCursor twice.\n`,
    );
    expect(result.requests).toHaveLength(3);
    // Each page asked for the previous page's endCursor.
    expect(result.requests.map((r) => JSON.parse(r.body).variables.cursor)).toEqual([
      undefined,
      "A",
      "B",
    ]);
  });

  it("a page with errors stops the walk: the pages before it are printed with its errors", async () => {
    answer = (n) =>
      n < 3 ? page(n * 2, true, `c${n}`) : { data: null, errors: [{ message: "page 3 failed" }] };
    const merged = await run();
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(1);
    const nodes = ["2", "3", "4", "5"].map((id) => ({ id }));
    expect(JSON.parse(merged.stdout)).toEqual({
      data: {
        requests: {
          edges: nodes.map((node) => ({ cursor: `e${node.id}`, node })),
          nodes,
          pageInfo: { hasNextPage: true, endCursor: "c2" },
        },
      },
      errors: [{ message: "page 3 failed" }],
    });
    const slurped = await run(["--slurp"]);
    expect(slurped.code).toBe(1);
    const pages = JSON.parse(slurped.stdout);
    expect(pages).toHaveLength(3);
    expect(pages[2]).toEqual({ data: null, errors: [{ message: "page 3 failed" }] });
  });

  it("an error on the first page prints that answer as it is", async () => {
    answer = () => ({ errors: [{ message: "no" }] });
    const result = await run();
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ errors: [{ message: "no" }] });
  });

  it.each([
    ["a string hasNextPage", { hasNextPage: "yes", endCursor: "x" }, "is not a boolean"],
    [
      "a next page without endCursor",
      { hasNextPage: true, endCursor: null },
      "has a next page but no endCursor",
    ],
    ["a numeric endCursor", { hasNextPage: true, endCursor: 5 }, "is not a string"],
  ])("refuses %s without printing anything", async (_name, pageInfo, message) => {
    answer = (n) =>
      n === 1 ? page(1, true, "c1") : { data: { requests: { nodes: [], pageInfo } } };
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `--paginate stopped at page 2, nothing printed: ${server.url}: `,
    );
    expect(result.stderr).toContain(message);
  });

  it("refuses a page without a list the query selects, without printing anything", async () => {
    answer = (n) => {
      const answered = page(n, n < 2, `c${n}`);
      if (n === 2) (answered.data.requests as Record<string, unknown>).edges = { not: "a list" };
      return answered;
    };
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `caido-auth: --paginate stopped at page 2, nothing printed: ${server.url}: data.requests.edges is not a list.\n`,
    );
  });
});
