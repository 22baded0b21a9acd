// A cloud that fails to start after it began to listen lets go of its port: a server left
// listening kept `caido-auth sandbox` alive after it had reported the failure (seen when
// oidc-provider threw on a Node without URL.parse).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { startCloud } from "../../source/sandbox/cloud/index.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const listenOn = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });

test("oidc-provider refusing its configuration: the error, and the port free again", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cloud-start-failure-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const probe = createServer();
  const port = await listenOn(probe, 0);
  await new Promise((resolve) => probe.close(resolve));

  // Past the CLI's checks (it takes 1 and up), oidc-provider throws when it is built.
  await expect(startCloud({ dataDir, port, accessTokenTtl: 0 })).rejects.toThrow(
    /ttl\.AccessToken must be a positive integer/,
  );

  const again = createServer();
  cleanups.push(() => again.close());
  await expect(listenOn(again, port)).resolves.toBe(port);
});
