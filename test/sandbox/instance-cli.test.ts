// `caido-auth sandbox` as the CLI runs it (the table's parser, then the run half): one JSON
// line once both servers answer, a clean stop on abort (SIGINT/SIGTERM in the CLI), usage
// errors for bad numbers and keys, the request history flags, and the guest, Team and clock
// flags.
import { PassThrough } from "node:stream";
import { expect, test } from "vitest";
import type { Context } from "../../source/base/context.js";
import { UsageError } from "../../source/base/errors.js";
import { command } from "../../source/commands/sandbox.js";
import { parseCommandLine } from "../../source/spec/parse.js";
import { graphql, loginWithPat } from "./_instance.js";

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

/** `caido-auth sandbox ARGS`: parsed by the command table's parser, then run. */
async function sandbox(args: string[], ctx: Context): Promise<number | undefined> {
  const parsed = parseCommandLine(["sandbox", ...args]);
  if (parsed.kind !== "command") throw new Error(parsed.kind);
  return command.run(parsed.values, parsed.positionals, ctx, parsed.afterDashes);
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
  const running = sandbox(["--json", "--port", "0", "--code-ttl", "30"], ctx);
  const line = await until(() => (out.join("").includes("\n") ? out.join("") : undefined));
  expect(line.split("\n")).toEqual([expect.any(String), ""]);
  const summary = JSON.parse(line);
  expect(Object.keys(summary)).toEqual(["instanceUrl", "cloudUrl", "accounts"]);
  expect(summary.accounts[0]).toEqual({
    email: "alice@example.test",
    pat: expect.stringMatching(/^caido_/),
    member: true,
  });
  expect(summary.accounts.map((a: { member: boolean }) => a.member)).toEqual([true, false, false]);
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
  const running = sandbox(["--port", "0"], ctx);
  const text = await until(() => (out.join("").includes("CAIDO_PAT=") ? out.join("") : undefined));
  const instance = /instance\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1]!;
  const cloud = /cloud\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1]!;
  const lines = text.split("\n");
  // The variable a PAT login needs, ready to copy, and the login lines that set it.
  expect(lines).toContain(`  export CAIDO_CLOUD_URL=${cloud}`);
  expect(text).toMatch(/the default, Caido's https:\/\/api\.caido\.io, does not know/);
  expect(lines).toContain(`  CAIDO_CLOUD_URL=${cloud} caido-auth login ${instance}`);
  const patLine = lines.find((l) => l.startsWith("  CAIDO_PAT="))!;
  expect(patLine).toMatch(
    new RegExp(`^  CAIDO_PAT=caido_\\S+ CAIDO_CLOUD_URL=${cloud} caido-auth login ${instance}$`),
  );

  // The accounts table: a header, then one row per account, every column starting in line.
  const start = lines.indexOf("Accounts:");
  const table = lines.slice(start + 1, start + 4);
  expect(table[0]).toMatch(/^ {2}EMAIL +NAME +PERSONAL ACCESS TOKEN \(PAT\)$/);
  const starts = (line: string) => [...line.matchAll(/(?<=^ {2}| {2})\S/g)].map((m) => m.index);
  expect(table.slice(1).map((row) => row.split(/ {2,}/).slice(1))).toEqual([
    ["alice@example.test", "Alice", expect.stringMatching(/^caido_\S+$/)],
    ["bob@example.test", "Bob", expect.stringMatching(/^caido_\S+$/)],
  ]);
  for (const row of table) expect(starts(row)).toEqual(starts(table[0]!));
  // The PAT in the login line is alice's, as the table shows it.
  expect(patLine).toContain(table[1]!.split(/ {2,}/)[3]!);
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
  ["seed-requests", "-1"],
  ["seed-requests", "100001"],
  ["seed-requests", "ten"],
  ["request-interval", "-1"],
  ["request-interval", "0.001"],
  ["request-interval", "1s"],
  ["request-interval", "1.2345"],
  ["registration-key", "key_0123456789"],
  ["registration-key", "ckey_short"],
  ["registration-key", "ckey_with spaces in it"],
  ["clock-skew", "ten"],
  ["clock-skew", "1.5"],
  ["clock-skew", "-400000000"],
])("--%s %j is a usage error", async (flag, value) => {
  const { ctx } = fakeContext();
  await expect(sandbox([`--${flag}=${value}`], ctx)).rejects.toBeInstanceOf(UsageError);
});

test("--registration-key's usage error does not repeat the key", async () => {
  const { ctx } = fakeContext();
  const run = sandbox(["--registration-key", "ckey_secret part"], ctx);
  await expect(run).rejects.toBeInstanceOf(UsageError);
  await expect(run).rejects.not.toThrow(/secret/);
});

test("--allow-guests, --registration-key and --clock-skew reach the sandbox", async () => {
  const { ctx, controller, out } = fakeContext();
  const running = sandbox(
    [
      "--json",
      "--port=0",
      "--request-interval=0",
      "--allow-guests",
      "--registration-key=ckey_cliTeamKey_0001",
      "--clock-skew=-30",
    ],
    ctx,
  );
  const line = await until(() => (out.join("").includes("\n") ? out.join("") : undefined));
  const { instanceUrl, cloudUrl, accounts } = JSON.parse(line);
  expect(accounts.map((a: { email: string; member: boolean }) => [a.email, a.member])).toEqual([
    ["alice@example.test", true],
    ["bob@example.test", false],
    ["carol@example.test", true],
  ]);
  const state = await graphql(instanceUrl, "{ authenticationState { allowGuests } }");
  expect(state.body.data.authenticationState.allowGuests).toBe(true);
  // Carol is a member of the Team that the key belongs to; 30 s of skew is within the limit.
  const token = await loginWithPat(instanceUrl, cloudUrl, accounts[2].pat);
  expect(Date.parse(token.expiresAt) - Date.now()).toBeLessThan(3600_000 - 15_000);
  await expect(loginWithPat(instanceUrl, cloudUrl, accounts[1].pat)).rejects.toThrow(
    /INSTANCE_NO_ACCESS/,
  );
  controller.abort();
  expect(await running).toBe(0);
});

test("a positional argument is a usage error", async () => {
  const { ctx } = fakeContext();
  await expect(sandbox(["http://x"], ctx)).rejects.toBeInstanceOf(UsageError);
});

test("--seed-requests and --request-interval shape the instance's request history", async () => {
  const { ctx, controller, out } = fakeContext();
  const running = sandbox(
    ["--json", "--port", "0", "--seed-requests", "7", "--request-interval", "0"],
    ctx,
  );
  const line = await until(() => (out.join("").includes("\n") ? out.join("") : undefined));
  const { instanceUrl, cloudUrl, accounts } = JSON.parse(line);
  const token = await loginWithPat(instanceUrl, cloudUrl, accounts[0].pat);
  const count = async () =>
    (await graphql(instanceUrl, "{ requests { count { value } } }", {}, token.accessToken)).body
      .data.requests.count.value;
  expect(await count()).toBe(7);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // past the default interval
  expect(await count()).toBe(7);
  controller.abort();
  expect(await running).toBe(0);
});

test("the human summary says how many requests there are and how often one is added", async () => {
  const { ctx, controller, out } = fakeContext();
  const running = sandbox(
    ["--port", "0", "--seed-requests", "12", "--request-interval", "0.5"],
    ctx,
  );
  const text = await until(() => (out.join("").includes("CAIDO_PAT=") ? out.join("") : undefined));
  expect(text).toMatch(/requests\s+12 at start, one more every 0\.5 s/);
  controller.abort();
  expect(await running).toBe(0);
});
