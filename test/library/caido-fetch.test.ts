// caidoFetch against the sandbox: a fresh bearer on every request, one refresh under the lock
// when the stored token expired or the instance refuses it, one retry, and never a bearer for
// another origin.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthRequiredError, caidoFetch, UsageError } from "../../source/index.js";
import {
  logIn,
  untilExpired,
  VIEWER_QUERY,
  viewerEmail,
  type Watched,
  watchedSandbox,
} from "./_session.js";

interface Sent {
  url: string;
  authorization: string | null;
}

/** globalThis.fetch, noting what each request was sent to and with. */
function recordingFetch(sent: Sent[]): typeof globalThis.fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    sent.push({ url, authorization: new Headers(init?.headers).get("authorization") });
    return globalThis.fetch(input, init);
  };
}

const viewerBody = () => JSON.stringify({ query: VIEWER_QUERY });
const json = { "content-type": "application/json" };

describe("caidoFetch", () => {
  let watched: Watched;
  let email: string;
  beforeAll(async () => {
    watched = await watchedSandbox({ accessTokenTtl: 3 });
    email = watched.sandbox.accounts[0]?.email as string;
  });
  afterAll(() => watched?.sandbox.close());

  it("refreshes an expired stored token once, then sends the request with it", async () => {
    const session = await logIn(watched.sandbox);
    await untilExpired(session);
    const before = { refreshes: watched.refreshes(), token: session.stored() };
    const sent: Sent[] = [];
    const fetch = caidoFetch(undefined, { env: session.env, fetch: recordingFetch(sent) });

    const response = await fetch("/graphql", { method: "POST", headers: json, body: viewerBody() });

    expect(response.status).toBe(200);
    expect(viewerEmail(await response.json())).toBe(email);
    expect(watched.refreshes() - before.refreshes).toBe(1);
    const after = session.stored();
    expect(after.accessToken).not.toBe(before.token.accessToken);
    expect(after.refreshToken).not.toBe(before.token.refreshToken);
    expect(sent).toEqual([
      {
        url: `${watched.sandbox.instanceUrl}/graphql`,
        authorization: `Bearer ${after.accessToken}`,
      },
    ]);
  });

  it("a token the instance refuses: refreshes under the lock and sends once more, stream body and all", async () => {
    const session = await logIn(watched.sandbox);
    // Valid by the clock, refused by the instance: what a revoked token looks like.
    session.patch({ accessToken: "refused-by-the-instance" });
    const before = watched.refreshes();
    const sent: Sent[] = [];
    const fetch = caidoFetch(watched.sandbox.instanceUrl, {
      env: session.env,
      fetch: recordingFetch(sent),
    });
    // A stream can be read once: caidoFetch must have kept it to send it again.
    const body = new Blob([viewerBody()]).stream();
    const request = new Request(`${watched.sandbox.instanceUrl}/graphql`, {
      method: "POST",
      headers: json,
      body,
      duplex: "half",
    } as RequestInit);

    const response = await fetch(request);

    expect(response.status).toBe(200);
    expect(viewerEmail(await response.json())).toBe(email);
    expect(watched.refreshes() - before).toBe(1);
    expect(sent.map((s) => s.authorization)).toEqual([
      "Bearer refused-by-the-instance",
      `Bearer ${session.stored().accessToken}`,
    ]);
  });

  it("retries once only: a second refusal is the caller's answer", async () => {
    const session = await logIn(watched.sandbox);
    let calls = 0;
    // A fetch whose every request carries a token the instance refuses.
    const refusing: typeof globalThis.fetch = (input, init) => {
      calls++;
      const headers = new Headers(init?.headers);
      headers.set("authorization", "Bearer not-a-token");
      return globalThis.fetch(input, { ...init, headers });
    };
    const fetch = caidoFetch(undefined, { env: session.env, fetch: refusing });
    const response = await fetch("graphql", { method: "POST", headers: json, body: viewerBody() });
    const answer = (await response.json()) as { errors?: { extensions?: unknown }[] };
    expect(answer.errors?.[0]?.extensions).toEqual({
      CAIDO: { code: "AUTHORIZATION", reason: "INVALID_TOKEN" },
    });
    expect(calls).toBe(2);
  });

  it("never sends the token to another origin", async () => {
    const session = await logIn(watched.sandbox);
    const other = await listen();
    try {
      const fetch = caidoFetch(undefined, { env: session.env });
      const instance = new URL(watched.sandbox.instanceUrl);
      for (const url of [
        other.url,
        `${other.url}/graphql`,
        new URL("/graphql", other.url),
        `http://localhost:${instance.port}/graphql`, // same server, another origin
      ]) {
        const refused = fetch(url);
        await expect(refused).rejects.toBeInstanceOf(UsageError);
        await expect(refused).rejects.toThrow(`only to ${instance.origin}`);
      }
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("a redirect to another origin reaches it without the bearer", async () => {
    const session = await logIn(watched.sandbox);
    const target = await listen();
    // A server that answers every request with a redirect to the other origin.
    const redirecting = await listen(target.url);
    try {
      // The stored token is for the sandbox; a session for the redirecting server reuses it.
      const stored = session.stored();
      const file = `${session.dir}/config.json`;
      const config = JSON.parse(readFileSync(file, "utf8"));
      config.sessions[redirecting.url] = { ...config.sessions[watched.sandbox.instanceUrl] };
      writeFileSync(file, JSON.stringify(config), { mode: 0o600 });

      const response = await caidoFetch(redirecting.url, { env: session.env })("/somewhere");
      expect(response.status).toBe(200);
      expect(redirecting.requests).toEqual([`Bearer ${stored.accessToken}`]);
      expect(target.requests).toEqual([undefined]);
    } finally {
      await Promise.all([redirecting.close(), target.close()]);
    }
  });

  it("an ended session fails with AuthRequiredError and the login to run", async () => {
    const session = await logIn(watched.sandbox);
    // Expired by the clock, and its refresh token the instance does not know.
    session.patch({ expiresAt: new Date(Date.now() - 1000).toISOString(), refreshToken: "spent" });
    const fetch = caidoFetch(undefined, { env: session.env });
    const failed = fetch("/graphql", { method: "POST", headers: json, body: viewerBody() });
    await expect(failed).rejects.toBeInstanceOf(AuthRequiredError);
    await expect(failed).rejects.toMatchObject({
      exitCode: 4,
      hint: `Log in again: caido-auth login ${watched.sandbox.instanceUrl}`,
    });
  });
});

interface Listening {
  url: string;
  /** The Authorization header of each request received. */
  requests: (string | undefined)[];
  close(): Promise<void>;
}

/** A plain HTTP server on 127.0.0.1: answers 200, or redirects everything to `redirectTo`. */
async function listen(redirectTo?: string): Promise<Listening> {
  const requests: (string | undefined)[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.headers.authorization);
    if (redirectTo) res.writeHead(302, { location: `${redirectTo}/landed` }).end();
    else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
