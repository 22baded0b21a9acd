// HTTP_PROXY / NO_PROXY are honoured for HTTP and WebSocket alike (cli.md), by the CLI, by
// bin.cjs (which borrows the full CLI's agent libraries) and by the library.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccessToken } from "../../source/index.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { logIn } from "../library/_session.js";
import { newConfigDir, runCli } from "./_cli.js";
import { type ForwardProxy, startForwardProxy } from "./_forward-proxy.js";
import { sandboxEnv } from "./_login.js";

describe("proxies", () => {
  let sandbox: Sandbox;
  let proxy: ForwardProxy;
  beforeAll(async () => {
    [sandbox, proxy] = await Promise.all([startSandbox(), startForwardProxy()]);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  const login = (extra: NodeJS.ProcessEnv) =>
    runCli(["login", sandbox.instanceUrl], {
      env: sandboxEnv(sandbox, newConfigDir(), { CAIDO_PAT: sandbox.accounts[0]?.pat, ...extra }),
    });

  it("a PAT login goes through HTTP_PROXY: instance HTTP, its WebSocket, and the cloud", async () => {
    proxy.seen.length = 0;
    const result = await login({ HTTP_PROXY: proxy.url });
    expect(result.code).toBe(0);
    const instance = new URL(sandbox.instanceUrl);
    const cloud = new URL(sandbox.cloudUrl);
    const through = proxy.seen.join("\n");
    // HTTP may travel as absolute-form requests or through a tunnel, depending on the client.
    expect(through).toMatch(
      new RegExp(`(CONNECT ${instance.host}|${sandbox.instanceUrl}/graphql)`),
    );
    expect(through).toMatch(
      new RegExp(`(CONNECT ${cloud.host}|${sandbox.cloudUrl}/oauth2/device)`),
    );
    // The WebSocket always tunnels.
    expect(proxy.seen.filter((s) => s === `CONNECT ${instance.host}`).length).toBeGreaterThan(0);
  });

  it("bin.cjs refreshes through HTTP_PROXY with the agent libraries of the full CLI", async () => {
    const dir = newConfigDir();
    const env = sandboxEnv(sandbox, dir);
    const pat = { CAIDO_PAT: sandbox.accounts[0]?.pat };
    const loggedIn = await runCli(["login", sandbox.instanceUrl], { env: { ...env, ...pat } });
    expect(loggedIn.code, loggedIn.stderr).toBe(0);
    const file = join(dir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    const before = config.sessions[sandbox.instanceUrl].accessToken;
    config.sessions[sandbox.instanceUrl].expiresAt = new Date(Date.now() - 1000).toISOString();
    writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
    proxy.seen.length = 0;
    const result = await runCli(["token"], { env: { ...env, HTTP_PROXY: proxy.url } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const after = JSON.parse(readFileSync(file, "utf8")).sessions[sandbox.instanceUrl].accessToken;
    expect(after).not.toBe(before);
    expect(result.stdout.trim()).toBe(after);
    // The refresh (one GraphQL request, plain http: absolute form) went through the proxy.
    expect(proxy.seen).toContain(`POST ${sandbox.instanceUrl}/graphql`);
  });

  it("a script's refresh (getAccessToken) goes through HTTP_PROXY too", async () => {
    const session = await logIn(sandbox);
    const before = session.stored().accessToken;
    session.patch({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    proxy.seen.length = 0;
    // The proxy variables are read from the process's environment, as for any Node program.
    process.env.HTTP_PROXY = proxy.url;
    try {
      const token = await getAccessToken({ env: session.env });
      expect(token.refreshed).toBe(true);
      expect(token.accessToken).not.toBe(before);
    } finally {
      delete process.env.HTTP_PROXY;
    }
    expect(proxy.seen).toContain(`POST ${sandbox.instanceUrl}/graphql`);
  });

  it("NO_PROXY keeps matching hosts direct", async () => {
    proxy.seen.length = 0;
    const result = await login({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
    expect(result.code).toBe(0);
    expect(proxy.seen).toEqual([]);
  });
});
