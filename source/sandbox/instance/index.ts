// startInstance(): a sandbox Caido instance on 127.0.0.1 that serves the authentication subset
// of the real schema and a slice of its data API (a request history that grows), registered
// with a sandbox (or any RFC 7591) cloud. See SECRETS.md for what it keeps on disk and how.
// With a registration key it needs the sandbox cloud's /instance routes (guesses.ts).
import { mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Access } from "./access.js";
import { Claim } from "./account.js";
import { Clock } from "./clock.js";
import { CloudClient } from "./cloud-client.js";
import { DeviceFlows } from "./flows.js";
import { REGISTRATION_KEY } from "./guesses.js";
import { GuestLogin } from "./guest-login.js";
import { Guests } from "./guests.js";
import { httpHandler } from "./http.js";
import { InstanceApi } from "./instance-api.js";
import { loadKey } from "./key.js";
import { OwnerAccess } from "./owner-access.js";
import { ensureRegistration } from "./registration.js";
import { RequestLog } from "./request-log.js";
import { attachResolvers, buildServedSchema } from "./schema.js";
import { openSecretsDb } from "./secrets-db.js";
import { Sessions } from "./sessions.js";
import { TeamAccess } from "./team-access.js";
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
  /** Anyone may log in as a guest (Caido's --allow-guests). */
  allowGuests?: boolean;
  /** Seconds a guest's access token lives (default 3600) and its refresh token (90 days). */
  guestAccessTtl?: number;
  guestRefreshTtl?: number;
  /**
   * A Team registration key (ckey_...): at start the key's workspace claims the instance at the
   * cloud, and only its members may log in. Without one, the first account to log in owns it.
   */
  registrationKey?: string;
  /** This machine's clock (default: the real one); set its skew to model a drifted clock. */
  clock?: Clock;
}

export interface Instance {
  url: string;
  clientId: string;
  /** The Team workspace that claimed the instance, if a registration key did. */
  workspace?: { id: string; name: string };
  close(): Promise<void>;
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const log = options.log ?? (() => {});
  // Checked before anything touches the disk: a bad option fails fast.
  checkRegistrationKey(options.registrationKey);
  const requests = new RequestLog(options);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const db = await openSecretsDb(options.dataDir, await loadKey(options.dataDir, options.env));
  try {
    const clock = options.clock ?? new Clock();
    const cloud = new CloudClient(options.cloudUrl);
    const credentials = await ensureRegistration(cloud, db, log);
    const api = new InstanceApi(cloud, db, credentials);
    let access: Access = new OwnerAccess(cloud, credentials, new Claim(db));
    let team: TeamAccess | undefined;
    if (options.registrationKey) {
      team = new TeamAccess(api, await api.claimWorkspace(options.registrationKey));
      access = team;
      log(`instance: claimed by the Team workspace ${team.workspace.name}`);
    }
    const guests = new Guests({
      clock,
      accessTtl: options.guestAccessTtl ?? 3600,
      refreshTtl: options.guestRefreshTtl ?? 90 * 24 * 60 * 60,
    });
    const sessions = new Sessions(cloud, credentials, access, guests, clock);
    const flows = new DeviceFlows(cloud, credentials, access, sessions, clock, log);
    const guestLogin = new GuestLogin(options.allowGuests === true, guests, api);
    const schema = attachResolvers(buildServedSchema(), { flows, sessions, guestLogin, requests });

    const server = createServer(httpHandler(schema, log));
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    const sockets = attachWebSocket(server, schema, sessions, clock, log);
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
      workspace: team && { id: team.workspace.id, name: team.workspace.name },
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

/** Throws unless the key has a Team registration key's form (REGISTRATION_KEY). */
export function checkRegistrationKey(key: string | undefined): void {
  if (key !== undefined && !REGISTRATION_KEY.test(key)) {
    throw new RangeError(
      "registrationKey must look like ckey_ followed by 8 to 200 letters, digits, _ or -",
    );
  }
}
