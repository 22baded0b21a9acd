// A proxy setting that cannot work names the proxy, not the instance: an unusable value is a
// usage error (credentials never shown), a proxy nobody answers at says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { baseEnv, newConfigDir, runCli } from "./_cli.js";

describe("proxy settings", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  // A non-loopback-looking instance name is not needed: loopback is not exempt from the
  // proxy unless NO_PROXY says so.
  const login = (proxy: string) =>
    runCli(["login", sandbox.instanceUrl, "--json"], {
      env: baseEnv(newConfigDir(), {
        HTTP_PROXY: proxy,
        CAIDO_CLOUD_URL: sandbox.cloudUrl,
        CAIDO_PAT: sandbox.accounts[0]?.pat,
      }),
    });

  it("an unusable value is exit 2, naming the variables, without its password", async () => {
    const run = await login("socks9://user:s3cret@proxy");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not an http(s) proxy URL");
    expect(run.stderr).toContain("HTTPS_PROXY=http://proxy.example:3128");
    expect(run.stderr).not.toContain("s3cret");
    expect(run.stderr).not.toMatch(/unexpected error|Invalid URL/);
  });

  it("a proxy that does not answer is named as the cause", async () => {
    const run = await login("http://127.0.0.1:9");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("could not reach the proxy http://127.0.0.1:9");
    expect(run.stderr).toContain("NO_PROXY");
    const event = JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
    expect(event).toMatchObject({ event: "error", kind: "unreachable", exitCode: 1 });
  });
});
