// A script's refresh honours HTTP_PROXY as the CLI's does: the package entry (index.ts) gives
// instance/proxy.ts its agent libraries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccessToken } from "../../source/index.js";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type ForwardProxy, startForwardProxy } from "../e2e/_forward-proxy.js";
import { logIn } from "./_session.js";

describe("getAccessToken behind a proxy", () => {
  let sandbox: Sandbox;
  let proxy: ForwardProxy;
  beforeAll(async () => {
    [sandbox, proxy] = await Promise.all([startSandbox(), startForwardProxy()]);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  it("refreshes through HTTP_PROXY", async () => {
    const session = await logIn(sandbox);
    const before = session.stored().accessToken;
    session.patch({ expiresAt: new Date(Date.now() - 1000).toISOString() });
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
});
