// api --subscribe through the built CLI: the sandbox's createdRequest events as JSON lines,
// --limit, signals, a token renewal that loses and repeats nothing; and against a small
// graphql-ws server, completion, a dropped connection, operation errors, a refused upgrade.
import type { ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import {
  type FakeSubscription,
  type FakeWsInstance,
  fakeWsInstance,
  type RecordingServer,
  recordingServer,
} from "../api/_servers.js";
import { CREATED_REQUEST } from "../api/documents.js";
import { baseEnv, newConfigDir, runCli, startCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

interface Event {
  data: { createdRequest: { requestEdge: { cursor: string; node: { id: string } } } };
}
const parseLines = (stdout: string) =>
  stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Event);
const idsOf = (events: Event[]) =>
  events.map((e) => Number(e.data.createdRequest.requestEdge.node.id));

/** Each id one more than the one before: nothing missing, nothing doubled. */
function expectContiguous(ids: number[]) {
  expect(ids.length).toBeGreaterThan(0);
  const first = ids[0] as number;
  expect(ids).toEqual(ids.map((_, i) => first + i));
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts the CLI; resolves once stdout holds `lines` lines; then `finished` gives the result. */
function startListening(args: string[], env: NodeJS.ProcessEnv, lines: number) {
  const child = startCli(args, { env });
  children.push(child);
  child.stdin?.end();
  let stdout = "";
  let stderr = "";
  let onLines: () => void = () => {};
  const enough = new Promise<void>((resolve) => {
    onLines = resolve;
  });
  child.stdout?.on("data", (d) => {
    stdout += d;
    if (stdout.split("\n").length > lines) onLines();
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const finished = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, enough, finished };
}

describe("api --subscribe against the sandbox", () => {
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ requestInterval: 0.1 });
    dir = newConfigDir();
    env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
  });
  afterAll(() => sandbox?.close());

  it("prints --limit events, one JSON line each, and exits 0", async () => {
    const result = await runCli(["api", "--subscribe", "--limit", "5", CREATED_REQUEST], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")).toHaveLength(6); // five lines, each ending in "\n"
    const events = parseLines(result.stdout);
    expect(events).toHaveLength(5);
    for (const event of events) expect(event.data.createdRequest.requestEdge.node).toBeDefined();
    expectContiguous(idsOf(events));
  });

  it.each(["SIGINT", "SIGTERM"] as const)("%s ends it with exit 130", async (signal) => {
    const listening = startListening(["api", "--subscribe", CREATED_REQUEST], env, 2);
    await listening.enough;
    listening.child.kill(signal);
    const result = await listening.finished;
    expect(result.code).toBe(130);
    // Whole lines only, each one event.
    expect(result.stdout.endsWith("\n")).toBe(true);
    expectContiguous(idsOf(parseLines(result.stdout)));
  });

  it("a stored token the instance refuses is refreshed once, and the subscription starts", async () => {
    const file = join(dir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.sessions[sandbox.instanceUrl].accessToken = "revoked-or-garbled";
    writeFileSync(file, JSON.stringify(config));
    const result = await runCli(["api", "--subscribe", "--limit", "3", CREATED_REQUEST], { env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expectContiguous(idsOf(parseLines(result.stdout)));
    const stored = JSON.parse(readFileSync(file, "utf8")).sessions[sandbox.instanceUrl];
    expect(stored.accessToken).not.toBe("revoked-or-garbled");
  });

  it("--silent counts events without printing them", async () => {
    const result = await runCli(
      ["api", "--subscribe", "--silent", "--limit", "2", CREATED_REQUEST],
      {
        env,
      },
    );
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });
});

describe("api --subscribe across token renewals", () => {
  let sandbox: Sandbox;
  afterAll(() => sandbox?.close());

  it("moves to a fresh token before the old one expires: no event missing or doubled", async () => {
    // Five-second tokens (the sandbox closes a socket whose token expired), ten events a second.
    sandbox = await startSandbox({ accessTokenTtl: 5, requestInterval: 0.1 });
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    // 80 events take 8 s or more: at least one token expires on the way.
    const result = await runCli(["api", "--subscribe", "--limit", "80", CREATED_REQUEST], {
      env,
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const events = parseLines(result.stdout);
    expect(events).toHaveLength(80);
    expectContiguous(idsOf(events));
    const lines = result.stderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line).toBe(
        "caido-auth: access token renewed: the subscription reconnected with it, overlapping the old connection so that no event is lost or repeated.",
      );
    }
  }, 90_000);
});

describe("api --subscribe, quiet, across token renewals", () => {
  let sandbox: Sandbox;
  afterAll(() => sandbox?.close());

  it("renews again and again while no event comes, and never reports a drop", async () => {
    // No new requests at all: the overlapping connections never share an event to meet on.
    sandbox = await startSandbox({ accessTokenTtl: 5, requestInterval: 0 });
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const child = startCli(["api", "--subscribe", CREATED_REQUEST], { env });
    children.push(child);
    child.stdin?.end();
    let stderr = "";
    const renewals = () => stderr.match(/access token renewed/g)?.length ?? 0;
    const threeRenewals = new Promise<void>((resolve) => {
      child.stderr?.on("data", (d) => {
        stderr += d;
        if (renewals() >= 3) resolve();
      });
    });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await Promise.race([threeRenewals, closed]);
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    expect(renewals()).toBeGreaterThanOrEqual(3);
    expect(stderr).not.toMatch(/missed|closed/);
  }, 60_000);
});

describe("api --subscribe against a small graphql-ws server", () => {
  let server: FakeWsInstance;
  let env: NodeJS.ProcessEnv;
  let onSubscribe: (s: FakeSubscription) => void = () => {};
  const TOKEN = "ws-env-token";
  beforeAll(async () => {
    server = await fakeWsInstance((s) => onSubscribe(s));
    env = baseEnv(newConfigDir(), { CAIDO_ACCESS_TOKEN: TOKEN, CAIDO_INSTANCE: server.url });
  });
  afterAll(() => server?.close());
  const tick = (n: number) => ({ tick: { id: String(n) } });
  const DOC = "subscription { tick { id } }";

  it("sends the bearer in connection_init; the server completing ends it with exit 0", async () => {
    const before = server.subscriptions.length;
    onSubscribe = (s) => {
      for (let n = 1; n <= 3; n++) s.next(tick(n));
      s.complete();
    };
    const result = await runCli(["api", "--subscribe", DOC], { env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      [
        '{"data":{"tick":{"id":"1"}}}',
        '{"data":{"tick":{"id":"2"}}}',
        '{"data":{"tick":{"id":"3"}}}',
        "",
      ].join("\n"),
    );
    const [subscription] = server.subscriptions.slice(before);
    expect(subscription?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(subscription?.query).toBe(DOC);
  });

  it("a dropped connection is reopened, saying events may have been missed", async () => {
    const before = server.subscriptions.length;
    let n = 0;
    onSubscribe = (s) => {
      if (s.index === before) {
        s.next(tick(++n));
        s.next(tick(++n));
        s.close(1011, "going away");
      } else {
        n += 5; // events the client never saw
        s.next(tick(++n));
        s.next(tick(++n));
      }
    };
    const result = await runCli(["api", "--subscribe", "--limit", "4", DOC], { env });
    expect(result.code).toBe(0);
    expect(
      parseLines(result.stdout).map((e) => (e.data as unknown as ReturnType<typeof tick>).tick.id),
    ).toEqual(["1", "2", "8", "9"]);
    expect(result.stderr).toBe(
      "caido-auth: the subscription's connection closed (code 1011 going away); reconnected: events in between may have been missed.\n",
    );
  });

  it("gives up, exit 1, when every connection drops before an event", async () => {
    const before = server.subscriptions.length;
    onSubscribe = (s) => s.close(1011, "nope");
    const result = await runCli(["api", "--subscribe", DOC], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    // The first connection and five more, each closed at once.
    expect(server.subscriptions.length - before).toBe(6);
    expect(result.stderr).toBe(
      `caido-auth: the WebSocket to ${server.url}/ws/graphql failed (6 connections in a row ended without an event, the last: code 1011 nope). If a reverse proxy sits in front of the instance, let it pass WebSocket upgrades.\n`,
    );
  });

  it("events carrying errors are printed and make the exit 1", async () => {
    onSubscribe = (s) => {
      s.next(tick(1));
      s.next(null, [{ message: "resolver failed" }]);
      s.complete();
    };
    const result = await runCli(["api", "--subscribe", DOC], { env });
    expect(result.code).toBe(1);
    expect(parseLines(result.stdout)).toEqual([
      { data: tick(1) },
      { data: null, errors: [{ message: "resolver failed" }] },
    ]);
  });

  it("an operation the server refuses prints its errors and exits 1", async () => {
    onSubscribe = (s) => s.error([{ message: 'Cannot query field "nope"' }]);
    const result = await runCli(["api", "--subscribe", DOC], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('{"errors":[{"message":"Cannot query field \\"nope\\""}]}\n');
  });

  it("a refused token (INVALID_TOKEN) with CAIDO_ACCESS_TOKEN is exit 4, naming the variable", async () => {
    onSubscribe = (s) => {
      s.next(null, [
        {
          message: "refused",
          extensions: { CAIDO: { code: "AUTHORIZATION", reason: "INVALID_TOKEN" } },
        },
      ]);
      s.complete();
    };
    const result = await runCli(["api", "--subscribe", DOC], { env });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("CAIDO_ACCESS_TOKEN");
    expect(result.stderr).not.toContain(TOKEN);
  });
});

describe("api --subscribe without a WebSocket endpoint", () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await recordingServer(() => ({ status: 404, body: { errors: [{ message: "no" }] } }));
  });
  afterAll(() => server?.close());

  it("fails at once with exit 1, naming the WebSocket", async () => {
    const env = baseEnv(newConfigDir(), { CAIDO_ACCESS_TOKEN: "t", CAIDO_INSTANCE: server.url });
    const result = await runCli(["api", "--subscribe", "subscription { tick { id } }"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `caido-auth: the WebSocket to ${server.url}/ws/graphql failed (the upgrade got HTTP 404). If a reverse proxy sits in front of the instance, let it pass WebSocket upgrades.\n`,
    );
  });
});
