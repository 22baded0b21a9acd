// `caido-auth sandbox` through its run half: one JSON line once both servers answer, a clean
// stop on abort (SIGINT/SIGTERM in the CLI), usage errors for bad numbers.
import { PassThrough } from "node:stream";
import { expect, test } from "vitest";
import { command } from "../../source/commands/sandbox.js";
import type { Context } from "../../source/context.js";
import { UsageError } from "../../source/errors.js";

function fakeContext() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk) => out.push(String(chunk)));
  stderr.on("data", (chunk) => err.push(String(chunk)));
  const controller = new AbortController();
  const ctx: Context = {
    io: {
      stdout,
      stderr,
      stdin: new PassThrough(),
      stdinIsTTY: false,
      stdoutIsTTY: false,
      stderrIsTTY: false,
    },
    env: {},
    signal: controller.signal,
    debug: () => {},
  };
  return { ctx, controller, out, err };
}

async function until<T>(probe: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("--json prints exactly one line when both servers are up, and stops cleanly on abort", async () => {
  const { ctx, controller, out, err } = fakeContext();
  const running = command.run({ json: true, port: "0", "code-ttl": "30" }, [], ctx, []);
  const line = await until(() => (out.join("").includes("\n") ? out.join("") : undefined));
  expect(line.split("\n")).toEqual([expect.any(String), ""]);
  const summary = JSON.parse(line);
  expect(Object.keys(summary)).toEqual(["instanceUrl", "cloudUrl", "accounts"]);
  expect(summary.accounts[0]).toEqual({
    email: "alice@example.test",
    pat: expect.stringMatching(/^caido_/),
  });
  expect(await (await fetch(`${summary.instanceUrl}/health`)).json()).toMatchObject({
    ready: true,
  });
  expect((await fetch(`${summary.cloudUrl}/.well-known/openid-configuration`)).status).toBe(200);

  controller.abort();
  expect(await running).toBe(0);
  await expect(fetch(`${summary.instanceUrl}/health`)).rejects.toThrow();
  expect(err.join("")).toBe(""); // --json keeps stderr quiet too
});

test("the human summary names both URLs, the accounts with PATs, and the login commands", async () => {
  const { ctx, controller, out } = fakeContext();
  const running = command.run({ port: "0" }, [], ctx, []);
  const text = await until(() => (out.join("").includes("CAIDO_PAT=") ? out.join("") : undefined));
  const instance = /instance\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1]!;
  const cloud = /cloud\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1]!;
  expect(text).toContain(`CAIDO_CLOUD_URL=${cloud} caido-auth login ${instance}`);
  expect(text).toMatch(
    new RegExp(`CAIDO_PAT=caido_\\S+ CAIDO_CLOUD_URL=${cloud} caido-auth login ${instance}`),
  );
  expect(text).toContain("bob@example.test");
  controller.abort();
  expect(await running).toBe(0);
});

test.each([
  ["port", "http"],
  ["port", "70000"],
  ["cloud-port", "-1"],
  ["access-token-ttl", "0"],
  ["code-ttl", "1.5"],
  ["refresh-token-ttl", ""],
])("--%s %j is a usage error", async (flag, value) => {
  const { ctx } = fakeContext();
  await expect(command.run({ [flag]: value }, [], ctx, [])).rejects.toBeInstanceOf(UsageError);
});

test("a positional argument is a usage error", async () => {
  const { ctx } = fakeContext();
  await expect(command.run({}, ["http://x"], ctx, [])).rejects.toBeInstanceOf(UsageError);
});
