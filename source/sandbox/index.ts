// startSandbox(): the sandbox cloud (a real OAuth 2.0 server) and a sandbox instance registered
// with it, both on 127.0.0.1, for tests and `caido-auth sandbox`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloud } from "./cloud/index.js";
import { startInstance } from "./instance/index.js";
import { checkRequestLogOptions } from "./instance/request-log.js";

export interface SandboxOptions {
  /** Instance port; 0 (the default) picks a free one. */
  port?: number;
  cloudPort?: number;
  /** Default: a temporary directory, removed on close. */
  dataDir?: string;
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  codeTtl?: number;
  autoApprove?: boolean;
  /** Requests in the instance's history at start (default 250, deterministic). */
  seedRequests?: number;
  /** Seconds between two requests the instance adds (default 1; 0 = never). */
  requestInterval?: number;
  log?: (line: string) => void;
}

export interface Sandbox {
  instanceUrl: string;
  cloudUrl: string;
  accounts: { email: string; name: string; pat: string }[];
  dataDir: string;
  approve(userCode: string, email?: string): Promise<void>;
  deny(userCode: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkRequestLogOptions(options);
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "caido-sandbox-")));
  const removeTemp = () =>
    temporary ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve();

  let cloud: Awaited<ReturnType<typeof startCloud>> | undefined;
  try {
    cloud = await startCloud({
      port: options.cloudPort,
      dataDir: join(dataDir, "cloud"),
      accessTokenTtl: options.accessTokenTtl,
      refreshTokenTtl: options.refreshTokenTtl,
      codeTtl: options.codeTtl,
      autoApprove: options.autoApprove,
      log: options.log,
    });
    const instance = await startInstance({
      port: options.port ?? 0,
      cloudUrl: cloud.url,
      dataDir: join(dataDir, "instance"),
      seedRequests: options.seedRequests,
      requestInterval: options.requestInterval,
      log: options.log,
    });
    const started = cloud;
    let closing: Promise<void> | undefined;
    return {
      instanceUrl: instance.url,
      cloudUrl: started.url,
      accounts: started.accounts.map(({ email, name, pat }) => ({ email, name, pat })),
      dataDir,
      approve: (userCode, email) => started.approve(userCode, email),
      deny: (userCode) => started.deny(userCode),
      close() {
        // The instance first: its pending polls would otherwise hit a closed cloud.
        closing ??= instance
          .close()
          .then(() => started.close())
          .then(removeTemp);
        return closing;
      },
    };
  } catch (error) {
    await cloud?.close().catch(() => {});
    await removeTemp();
    throw error;
  }
}
