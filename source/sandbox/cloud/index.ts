// The sandbox cloud: a local stand-in for api.caido.io. A real OAuth 2.0 server
// (oidc-provider) plus Caido's PAT approval routes, on 127.0.0.1 only.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Middleware } from "oidc-provider";
import { loadAccounts } from "./accounts.js";
import { OidcStore } from "./adapter.js";
import { approveCode, denyCode, findPendingCode } from "./approval.js";
import { providerConfiguration } from "./config.js";
import { logEvents } from "./events.js";
import { instanceRoutes } from "./instance-routes.js";
import { interactionRoutes } from "./interaction-routes.js";
import { loadKeys } from "./keys.js";
import { loadProvider } from "./load-provider.js";
import { patRoutes } from "./pat-routes.js";
import type { Cloud, CloudAccount, CloudOptions } from "./types.js";
import { Workspaces } from "./workspaces.js";

export type { Cloud, CloudAccount, CloudOptions, CloudWorkspace } from "./types.js";

export async function startCloud(options: CloudOptions): Promise<Cloud> {
  const log = options.log ?? (() => {});
  const accounts = loadAccounts(options.dataDir);
  const workspaces = new Workspaces(options.dataDir, accounts, options.registrationKeys);
  const keys = loadKeys(options.dataDir);
  const store = new OidcStore(options.dataDir);
  const Provider = await loadProvider();

  // Listen first, so the issuer (and every URL oidc-provider builds) has the real port.
  const server = createServer();
  await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    const provider = new Provider(
      url,
      providerConfiguration({
        accounts,
        keys,
        store,
        accessTokenTtl: options.accessTokenTtl ?? 3600,
        refreshTokenTtl: options.refreshTokenTtl ?? 90 * 24 * 60 * 60,
        codeTtl: options.codeTtl ?? 600,
      }),
    );
    const first = accounts[0]!;
    const approveUserCode = async (userCode: string, account: CloudAccount) =>
      approveCode(provider, await findPendingCode(provider, userCode), account);

    provider.use(
      deviceAuthorizationExtras(options, (userCode) => approveUserCode(userCode, first)),
    );
    provider.use(patRoutes(provider, accounts, log));
    provider.use(interactionRoutes(provider, accounts, log));
    provider.use(instanceRoutes(provider, workspaces, log));
    logEvents(provider, log);
    server.on("request", provider.callback());
    log(`cloud: listening on ${url}`);

    return {
      url,
      accounts,
      workspaces: workspaces.list(),
      async approve(userCode, email) {
        const account = email === undefined ? first : accounts.find((a) => a.email === email);
        if (!account) throw new Error(`no sandbox account ${email}`);
        await approveUserCode(userCode, account);
      },
      async deny(userCode) {
        await denyCode(await findPendingCode(provider, userCode));
      },
      close: () => close(server).then(() => store.flushNow()),
    };
  } catch (error) {
    // A listening server would keep the process alive after the failure was reported.
    await close(server);
    throw error;
  }
}

/** oidc-provider omits `interval` (RFC 8628 §3.2); autoApprove decides before the reply. */
function deviceAuthorizationExtras(
  options: CloudOptions,
  autoApprove: (userCode: string) => Promise<void>,
): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== "device_authorization" || ctx.status !== 200) return;
    const body = ctx.body as { user_code: string; interval?: number };
    body.interval = options.pollInterval ?? 1;
    if (options.autoApprove) await autoApprove(body.user_code);
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from test clients would otherwise hold close() open.
    server.closeAllConnections();
  });
  // Let clients in this process see their pooled sockets close before anything reuses
  // them (a restarted cloud on the same port, say): fetch would fail with "other side closed".
  await new Promise((resolve) => setTimeout(resolve, 20));
}
