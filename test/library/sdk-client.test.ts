// The official @caido/sdk-client on our store, through sdkClientOptions: it keeps answering past
// access-token expiries while `caido-auth token` processes refresh the same session, and it
// never holds a refresh token, so it can never spend one that our processes rotated.
import { Client, type Logger } from "@caido/sdk-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthRequiredError, type SdkCachedToken, sdkClientOptions } from "../../source/index.js";
import { runCli } from "../e2e/_cli.js";
import { sandboxEnv } from "../e2e/_login.js";
import { logIn, untilExpired, type Watched, watchedSandbox } from "./_session.js";

const PROCESSES = 8;
const ROUNDS = 4;
const SDK_CALLS_PER_ROUND = 3;

interface Outgoing {
  url: string;
  body: string;
}

/** globalThis.fetch, keeping what went out on the network. */
function recordingFetch(outgoing: Outgoing[]): typeof globalThis.fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    outgoing.push({ url, body: typeof init?.body === "string" ? init.body : "" });
    return globalThis.fetch(input, init);
  };
}

function quietLogger(lines: string[]): Logger {
  const keep = (message: string) => {
    lines.push(message);
  };
  return { debug: keep, info: keep, warn: keep, error: keep };
}

describe("sdkClientOptions with the official @caido/sdk-client", () => {
  let watched: Watched;
  let email: string;
  beforeAll(async () => {
    watched = await watchedSandbox({ accessTokenTtl: 3 });
    email = watched.sandbox.accounts[0]?.email as string;
  });
  afterAll(() => watched?.sandbox.close());

  it(`answers past ${ROUNDS} expiries while ${PROCESSES} caido-auth token processes refresh the same session`, async () => {
    const { sandbox } = watched;
    const session = await logIn(sandbox);
    const outgoing: Outgoing[] = [];
    const options = await sdkClientOptions(undefined, {
      env: session.env,
      fetch: recordingFetch(outgoing),
    });
    // What the SDK stores after each of its refreshes: the token state it holds.
    const saved: SdkCachedToken[] = [];
    const { cache } = options.auth;
    cache.save = async (token) => {
      saved.push(token as SdkCachedToken);
    };
    const logged: string[] = [];
    const client = new Client({ ...options, logger: quietLogger(logged) });
    await client.connect();
    const viewer = async () => {
      const user = await client.user.viewer();
      return user.kind === "CloudUser" ? user.profile.identity.email : user.kind;
    };
    expect(await viewer()).toBe(email);

    const cliEnv = sandboxEnv(sandbox, session.dir);
    for (let round = 1; round <= ROUNDS; round++) {
      // The SDK's token is no newer than the stored one: both have expired now.
      await untilExpired(session);
      const [results, answers] = await Promise.all([
        Promise.all(
          Array.from({ length: PROCESSES }, () =>
            runCli(["token"], { env: cliEnv, timeoutMs: 60_000 }),
          ),
        ),
        (async () => {
          const answers: string[] = [];
          for (let call = 0; call < SDK_CALLS_PER_ROUND; call++) answers.push(await viewer());
          return answers;
        })(),
      ]);
      for (const r of results) {
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
        expect(r.stdout.trim()).not.toBe("");
      }
      expect(answers, `round ${round}`).toEqual(Array(SDK_CALLS_PER_ROUND).fill(email));
    }

    // The SDK refreshed after each expiry (through sdkClientOptions), and only ever held the
    // placeholder refresh token.
    expect(saved.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(logged.filter((m) => m === "Access token refreshed").length).toBe(saved.length);
    for (const token of saved) expect(token.refreshToken).toMatch(/^caido-auth-placeholder-/);
    // Nothing it sent was a refresh: the instance never saw the placeholder or the mutation.
    const graphqlCalls = outgoing.filter((o) => o.url === `${sandbox.instanceUrl}/graphql`);
    expect(graphqlCalls.length).toBeGreaterThanOrEqual(1 + ROUNDS * SDK_CALLS_PER_ROUND);
    for (const { body } of outgoing) {
      expect(body).not.toMatch(/refreshAuthenticationToken|caido-auth-placeholder/);
    }

    // Had any refresh token been spent twice, the cloud would have revoked the grant.
    expect(watched.revocations()).toBe(0);
    const final = await runCli(["token", "--force-refresh"], { env: cliEnv });
    expect({ code: final.code, stderr: final.stderr }).toEqual({ code: 0, stderr: "" });
    expect(await viewer()).toBe(email);
  }, 180_000);

  it("without a session it fails at once with AuthRequiredError", async () => {
    const session = await logIn(watched.sandbox);
    const other = "http://127.0.0.1:9";
    const failed = sdkClientOptions(other, { env: session.env });
    await expect(failed).rejects.toBeInstanceOf(AuthRequiredError);
    await expect(failed).rejects.toMatchObject({ hint: `Log in: caido-auth login ${other}` });
  });
});
