// The refresh window: the instance spends the old refresh token before the new one
// is saved. SIGINT/SIGTERM/SIGHUP wait until the new pair is saved, a clock refusal keeps the
// session, and SIGKILL loses a session only once the refresh request has gone out. Real
// processes against the sandbox, with an HTTP proxy that holds or rewrites the refresh answer.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli, startCli } from "./_cli.js";
import { type FaultProxy, LONG, record, startFaultProxy } from "./_faults.js";
import { patLogin, sandboxEnv } from "./_login.js";

const KILLS = LONG ? 120 : 12;
const MAX_DELAY_MS = 300;
const LOAD = LONG
  ? { instances: 4, processes: 40, rounds: 4 }
  : { instances: 2, processes: 8, rounds: 1 };
const FILE = "test/e2e/refresh-window.test.ts";

const sessionOf = (dir: string, url: string) =>
  JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[url];

function collect(child: ChildProcess): { stdout: string; stderr: string; exited: Promise<void> } {
  const out = { stdout: "", stderr: "", exited: Promise.resolve() };
  child.stdout?.on("data", (d) => {
    out.stdout += d;
  });
  child.stderr?.on("data", (d) => {
    out.stderr += d;
  });
  child.stdin?.end();
  out.exited = new Promise((resolve) => child.once("close", () => resolve()));
  return out;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the refresh window", () => {
  let sandbox: Sandbox;
  let proxy: FaultProxy;
  beforeAll(async () => {
    sandbox = await startSandbox({ accessTokenTtl: 600 });
    proxy = await startFaultProxy(sandbox.instanceUrl);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  async function loggedIn(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
    proxy.mode = { kind: "pass" };
    const dir = newConfigDir();
    expect((await patLogin(sandbox, dir, { instanceUrl: proxy.url })).code).toBe(0);
    return { dir, env: sandboxEnv(sandbox, dir) };
  }

  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)(
    "%s while the rotated pair is in flight: saved first, then the process ends by the signal",
    async (signal) => {
      const { dir, env } = await loggedIn();
      const before = sessionOf(dir, proxy.url);
      proxy.mode = { kind: "hold-answer" };
      const refreshesBefore = proxy.refreshes;
      const child = startCli(["token", "--force-refresh", "--debug"], { env });
      const out = collect(child);
      await proxy.held(); // the instance has rotated: the old refresh token is spent
      child.kill(signal);
      await until(() => out.stderr.includes(`${signal} received while saving`), "the deferral");
      proxy.release();
      await out.exited;

      expect(child.signalCode).toBe(signal);
      expect(out.stdout).toBe(""); // cancelled: no token printed
      expect(proxy.refreshes).toBe(refreshesBefore + 1);
      const after = sessionOf(dir, proxy.url);
      expect(after.refreshToken).not.toBe(before.refreshToken); // the new pair was saved
      proxy.mode = { kind: "pass" };
      const next = await runCli(["token", "--force-refresh"], { env });
      expect({ code: next.code, stderr: next.stderr }).toEqual({ code: 0, stderr: "" });
      record({
        section: "kills",
        what: `${signal} while the refresh answer is in flight`,
        result: "session saved, process ended by the signal",
        file: FILE,
        test: `${signal} while the rotated pair is in flight`,
        ok: true,
      });
    },
  );

  it("a signal waits at most its bound: a refresh answer that never comes does not keep the process", async () => {
    const { env } = await loggedIn();
    proxy.mode = { kind: "hold-answer" };
    const child = startCli(["token", "--force-refresh", "--debug"], { env });
    const out = collect(child);
    await proxy.held();
    child.kill("SIGTERM");
    await out.exited; // never released: only the bound ends it
    expect(child.signalCode).toBe("SIGTERM");
    proxy.release();
  });

  it.each([
    [
      "STALE_DATE",
      1,
      /refused the refresh because the clock of the machine running the instance \(127\.0\.0\.1:\d+\) is more than 5 minutes off \(STALE_DATE\)\. Set that machine's clock right.*the session is kept\.$/,
    ],
    [
      "DENIED",
      4,
      /denied the refresh: the account may no longer have access to this instance\. The session is kept/,
    ],
  ] as const)(
    "a refresh refused with %s keeps the tokens and says why",
    async (reason, code, message) => {
      const { dir, env } = await loggedIn();
      const before = readFileSync(join(dir, "config.json"), "utf8");
      proxy.mode = { kind: "refuse", reason };
      const refused = await runCli(["token", "--force-refresh"], { env });
      expect(refused.code).toBe(code);
      expect(refused.stdout).toBe("");
      expect(refused.stderr.trim()).toMatch(message);
      expect(readFileSync(join(dir, "config.json"), "utf8")).toBe(before);
      proxy.mode = { kind: "pass" };
      const next = await runCli(["token", "--force-refresh"], { env });
      expect(next.code).toBe(0);
      record({
        section: "faults",
        what: `refresh refused with ${reason}`,
        result: `exit ${code}, tokens kept, next refresh works`,
        file: FILE,
        test: `a refresh refused with ${reason}`,
        ok: true,
      });
    },
  );

  it("a refresh refused with EXPIRED ends the session (exit 4)", async () => {
    const { dir, env } = await loggedIn();
    proxy.mode = { kind: "refuse", reason: "EXPIRED" };
    const refused = await runCli(["token", "--force-refresh"], { env });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/has ended \(refresh expired\)/);
    expect(sessionOf(dir, proxy.url).needsLogin).toBe(true);
  });

  it(`${KILLS} SIGKILLs at random 0–${MAX_DELAY_MS} ms into token --force-refresh: a session is lost only once its refresh request is out`, async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const tally = {
      survived: 0,
      lost: 0,
      lostBeforeRequest: 0,
      lostInFlight: 0,
      lostAfterAnswer: 0,
      killedMidRun: 0,
    };
    for (let i = 0; i < KILLS; i++) {
      const child = startCli(["token", "--force-refresh", "--debug"], { env });
      const out = collect(child);
      await new Promise((r) => setTimeout(r, Math.random() * MAX_DELAY_MS));
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await out.exited;
      if (child.signalCode === "SIGKILL") tally.killedMidRun++;
      const requested = out.stderr.includes("refreshing the session");
      const answered = / → HTTP 200/.test(out.stderr);
      // Lost means the instance ended the session (exit 4); a check that failed otherwise (a
      // timeout on a busy machine) is tried again rather than counted either way.
      let next = await runCli(["token", "--force-refresh"], { env });
      for (let retry = 0; retry < 3 && next.code !== 0 && next.code !== 4; retry++)
        next = await runCli(["token", "--force-refresh"], { env });
      if (next.code === 0) {
        tally.survived++;
        continue;
      }
      expect(next.stderr).toMatch(/has ended/);
      tally.lost++;
      if (!requested) tally.lostBeforeRequest++;
      else if (answered) tally.lostAfterAnswer++;
      else tally.lostInFlight++;
      expect((await patLogin(sandbox, dir)).code).toBe(0); // a new session for the next kill
    }
    const ok = tally.lostBeforeRequest === 0 && (!LONG || tally.lost <= 3);
    record({
      section: "kills",
      what: `SIGKILL at a random 0–${MAX_DELAY_MS} ms into \`token --force-refresh\`, ${KILLS} times`,
      result: `${tally.survived} survived, ${tally.lost} lost: ${tally.lostInFlight} with the refresh request in flight, ${tally.lostAfterAnswer} after its answer arrived (while saving), ${tally.lostBeforeRequest} before it was sent. ${tally.killedMidRun} of the ${KILLS} runs were still running at their kill; the others had finished.`,
      file: FILE,
      test: `${KILLS} SIGKILLs at random`,
      ok,
    });
    expect(tally.lostBeforeRequest).toBe(0);
    if (LONG) expect(tally.lost, "goal: at most 3 of 120").toBeLessThanOrEqual(3);
  }, 600_000);

  it(`load: ${LOAD.instances} instances × ${LOAD.processes} parallel token calls × ${LOAD.rounds} rounds, one refresh per instance per round`, async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    const proxies = await Promise.all(
      Array.from({ length: LOAD.instances }, () => startFaultProxy(sandbox.instanceUrl)),
    );
    try {
      for (const p of proxies)
        expect((await patLogin(sandbox, dir, { instanceUrl: p.url })).code).toBe(0);
      let calls = 0;
      for (let round = 1; round <= LOAD.rounds; round++) {
        const before = proxies.map((p) => p.refreshes);
        const runs = proxies.flatMap((p) =>
          Array.from({ length: LOAD.processes }, () =>
            runCli(["token", p.url, "--force-refresh"], { env, timeoutMs: 120_000 }).then((r) => ({
              url: p.url,
              ...r,
            })),
          ),
        );
        const results = await Promise.all(runs);
        calls += results.length;
        const failures = results.filter((r) => r.code !== 0 || r.stderr !== "");
        expect(failures.map((r) => `${r.url}: exit ${r.code} ${r.stderr}`)).toEqual([]);
        for (const [i, p] of proxies.entries()) {
          const tokens = new Set(
            results.filter((r) => r.url === p.url).map((r) => r.stdout.trim()),
          );
          expect(tokens.size, `round ${round}: one token for ${p.url}`).toBe(1);
          expect(
            p.refreshes - (before[i] as number),
            `round ${round}: one refresh for ${p.url}`,
          ).toBe(1);
          expect([...tokens][0]).toBe(sessionOf(dir, p.url).accessToken);
        }
      }
      record({
        section: "load",
        what: `${LOAD.instances} instances × ${LOAD.processes} parallel \`token --force-refresh\` × ${LOAD.rounds} rounds`,
        result: `${calls} calls, all exit 0; exactly one refresh per instance per round; every session alive after`,
        file: FILE,
        test: "load:",
        ok: true,
      });
    } finally {
      await Promise.all(proxies.map((p) => p.close()));
    }
  }, 600_000);
});
