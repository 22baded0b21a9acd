// startInstance(): a sandbox Caido instance on 127.0.0.1 that serves the authentication subset
// of the real schema and a slice of its data API (a request history that grows), registered
// with a sandbox (or any RFC 7591) cloud. See SECRETS.md for what it keeps on disk and how.
import { mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Claim } from "./account.js";
import { CloudClient } from "./cloud-client.js";
import { DeviceFlows } from "./flows.js";
import { httpHandler } from "./http.js";
import { loadKey } from "./key.js";
import { ensureRegistration } from "./registration.js";
import { RequestLog } from "./request-log.js";
import { attachResolvers, buildServedSchema } from "./schema.js";
import { openSecretsDb } from "./secrets-db.js";
import { Sessions } from "./sessions.js";
import { attachWebSocket } from "./ws.js";

export interface InstanceOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  cloudUrl: string;
  dataDir: string;
  log?: (line: string) => void;
  /** Overrides process.env for CAIDO_SANDBOX_SECRET_KEY (tests). */
  env?: NodeJS.ProcessEnv;
  /** Requests in the history at start (default 250). */
  seedRequests?: number;
  /** Seconds between two new requests (default 1; 0 adds none). */
  requestInterval?: number;
}

export interface Instance {
  url: string;
  clientId: string;
  close(): Promise<void>;
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const log = options.log ?? (() => {});
  // Checked before anything touches the disk: a bad option fails fast.
  const requests = new RequestLog(options);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const db = await openSecretsDb(options.dataDir, await loadKey(options.dataDir, options.env));
  try {
    const cloud = new CloudClient(options.cloudUrl);
    const credentials = await ensureRegistration(cloud, db, log);
    const claim = new Claim(db);
    const sessions = new Sessions(cloud, credentials, claim);
    const flows = new DeviceFlows(cloud, credentials, claim, sessions, log);
    const schema = attachResolvers(buildServedSchema(), flows, sessions, requests);

    const server = createServer(httpHandler(schema, log));
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    const sockets = attachWebSocket(server, schema, sessions, log);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    log(`instance: listening on ${url}`);

    let closing: Promise<void> | undefined;
    return {
      url,
      clientId: credentials.clientId,
      close() {
        closing ??= (async () => {
          requests.close();
          flows.close();
          await sockets.close();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    requests.close();
    await db.close();
    throw error;
  }
}
