// Fifty scripts asking at once must rotate the refresh token exactly once: with rotating
// refresh tokens, a second use of a spent one revokes the whole grant (the sandbox cloud does
// what real servers do), so a race would log everyone out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const PROCESSES = 32;
const ROUNDS = 3;

describe("parallel token refresh", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ accessTokenTtl: 600 });
  });
  afterAll(() => sandbox?.close());

  it(`${PROCESSES} processes at once, ${ROUNDS} rounds: one refresh each round, the session survives`, async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    expect((await patLogin(sandbox, dir)).code).toBe(0);
    const stored = () =>
      JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[sandbox.instanceUrl];

    let previous = stored().accessToken as string;
    for (let round = 1; round <= ROUNDS; round++) {
      // --force-refresh: every process wants a refresh. (--min-valid beyond the lifetime no
      // longer asks for one on every call: see test/e2e/env-token.test.ts.)
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          runCli(["token", "--force-refresh"], { env, timeoutMs: 60_000 }),
        ),
      );
      for (const r of results)
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      const tokens = new Set(results.map((r) => r.stdout.trim()));
      expect(tokens.size, `round ${round}: every process prints the same token`).toBe(1);
      const [token] = tokens;
      expect(token).not.toBe(previous);
      expect(token).toBe(stored().accessToken);
      previous = token as string;
    }

    // Had any refresh token been used twice, the grant would be revoked now.
    const after = await runCli(["token", "--force-refresh"], { env });
    expect(after.code).toBe(0);
    const viewer = await runCli(["api", "query { viewer { ... on CloudUser { id } } }"], { env });
    expect(viewer.code).toBe(0);
  }, 180_000);
});
