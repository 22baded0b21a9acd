// paginate() itself against a small real server that never stops saying "next page" with a
// fresh cursor: the page bound ends it (run in-process: 10 000 pages through the CLI is slow).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyse, pagedConnection } from "../../source/api/document.js";
import { paginate } from "../../source/api/paginate.js";
import type { TokenSource } from "../../source/api/token.js";
import { CaidoAuthError } from "../../source/base/errors.js";
import type { UsableToken } from "../../source/session/usable-token.js";
import { type RecordingServer, recordingServer } from "./_servers.js";
import { REQUESTS_PAGE } from "./documents.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await recordingServer((_request, index) => ({
    body: {
      data: {
        requests: {
          edges: [{ cursor: `c${index}`, node: { id: String(index) } }],
          nodes: [{ id: String(index) }],
          pageInfo: { hasNextPage: true, endCursor: `c${index}` },
        },
      },
    },
  }));
});
afterAll(() => server?.close());

function fixedToken(instanceUrl: string): TokenSource {
  const token: UsableToken = {
    instanceUrl,
    accessToken: "fixed",
    expiresAt: null,
    scopes: null,
    source: "env",
  };
  return { current: async () => token, refreshed: async () => token, renewable: false };
}

describe("paginate", () => {
  it("stops a server that always has a next page at the page bound, returning nothing", async () => {
    const run = paginate({
      tokens: fixedToken(server.url),
      request: { query: REQUESTS_PAGE, variables: {} },
      paged: pagedConnection(analyse(REQUESTS_PAGE)),
      slurp: false,
      call: { headers: {} },
      maxPages: 7,
    });
    await expect(run).rejects.toThrow(CaidoAuthError);
    await expect(run).rejects.toThrow(
      `--paginate stopped at page 7, nothing printed: ${server.url}: still a next page after 7 pages.`,
    );
    expect(server.requests).toHaveLength(7);
    expect(server.requests.map((r) => JSON.parse(r.body).variables.cursor)).toEqual([
      undefined,
      "c0",
      "c1",
      "c2",
      "c3",
      "c4",
      "c5",
    ]);
  });
});
