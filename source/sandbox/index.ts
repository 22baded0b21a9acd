// startSandbox(): the sandbox cloud (a real OAuth 2.0 server) and a sandbox instance registered
// with it, both on 127.0.0.1, for tests and `caido-auth sandbox`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Clock } from "./instance/clock.js";
import { checkRegistrationKey, startInstance } from "./instance/index.js";
import { checkRequestLogOptions } from "./instance/request-log.js";
import { RestartableCloud } from "./restartable-cloud.js";

export interface SandboxOptions {
  /** Instance port; 0 (the default) picks a free one. */
  port?: number;
  cloudPort?: number;
  /** Default: a temporary directory, removed on close. */
  dataDir?: string;
  /** Seconds; guests' tokens live as long. */
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  codeTtl?: number;
  autoApprove?: boolean;
  /** Requests in the instance's history at start (default 250, deterministic). */
  seedRequests?: number;
  /** Seconds between two requests the instance adds (default 1; 0 = never). */
  requestInterval?: number;
  /** Anyone may log in as a guest (Caido's `--allow-guests`); default false. */
  allowGuests?: boolean;
  /**
   * A Team registration key (`ckey_` and 8 to 200 letters, digits, `_` or `-`), as Caido's
   * `--registration-key`: the sandbox cloud's Team workspace owns it, claims the instance with
   * it, and only that workspace's members may log in (see SandboxAccount.member).
   */
  registrationKey?: string;
  /**
   * Seconds the instance's clock is off the real one (negative: behind). Over 5 minutes, a login
   * (at token delivery) and a refresh answer AuthenticationUserError STALE_DATE.
   */
  instanceClockSkew?: number;
  log?: (line: string) => void;
}

export interface SandboxAccount {
  email: string;
  name: string;
  pat: string;
  /**
   * With a registrationKey: a member of the Team workspace that claimed the instance, so it may
   * log in (Alice and Carol; Bob is the outsider, refused). Without one: true for the first
   * account only, the one --auto-approve and the summary's login lines use and the seed expects
   * to own the instance. The instance itself is claimed by whichever account logs in first.
   */
  member: boolean;
}

export interface Sandbox {
  instanceUrl: string;
  cloudUrl: string;
  accounts: SandboxAccount[];
  dataDir: string;
  approve(userCode: string, email?: string): Promise<void>;
  deny(userCode: string): Promise<void>;
  /**
   * Takes the cloud down for real: its port stops accepting connections, and the instance, which
   * keeps running, gets connection errors. approve() and deny() throw until startCloud().
   */
  stopCloud(): Promise<void>;
  /**
   * Brings the cloud back on the same URL and port, from the same data directory: the same
   * accounts, PATs, clients, grants and tokens, so refresh tokens issued before still work.
   */
  startCloud(): Promise<void>;
  /** Sets the instance's clock off by this many seconds from now on (see instanceClockSkew). */
  setInstanceClockSkew(seconds: number): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkRequestLogOptions(options);
  checkRegistrationKey(options.registrationKey);
  const clock = new Clock(options.instanceClockSkew ?? 0);
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "caido-sandbox-")));
  const removeTemp = () =>
    temporary ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve();

  let cloud: RestartableCloud | undefined;
  try {
    cloud = await RestartableCloud.start({
      port: options.cloudPort,
      dataDir: join(dataDir, "cloud"),
      accessTokenTtl: options.accessTokenTtl,
      refreshTokenTtl: options.refreshTokenTtl,
      codeTtl: options.codeTtl,
      autoApprove: options.autoApprove,
      registrationKeys: options.registrationKey ? [options.registrationKey] : [],
      log: options.log,
    });
    const instance = await startInstance({
      port: options.port ?? 0,
      cloudUrl: cloud.url,
      dataDir: join(dataDir, "instance"),
      seedRequests: options.seedRequests,
      requestInterval: options.requestInterval,
      allowGuests: options.allowGuests,
      guestAccessTtl: options.accessTokenTtl,
      guestRefreshTtl: options.refreshTokenTtl,
      registrationKey: options.registrationKey,
      clock,
      log: options.log,
    });
    const started = cloud;
    const team = started.workspaces.find((w) => w.id === instance.workspace?.id);
    let closing: Promise<void> | undefined;
    return {
      instanceUrl: instance.url,
      cloudUrl: started.url,
      accounts: started.accounts.map(({ id, email, name, pat }, index) => ({
        email,
        name,
        pat,
        member: team ? team.members.includes(id) : index === 0,
      })),
      dataDir,
      approve: async (userCode, email) => started.running().approve(userCode, email),
      deny: async (userCode) => started.running().deny(userCode),
      stopCloud: () => started.stop(),
      startCloud: () => started.start(),
      setInstanceClockSkew(seconds) {
        clock.skew = seconds;
      },
      close() {
        // The instance first: its pending polls would otherwise hit a closed cloud.
        closing ??= instance
          .close()
          .then(() => started.stop())
          .then(removeTemp);
        return closing;
      },
    };
  } catch (error) {
    await cloud?.stop().catch(() => {});
    await removeTemp();
    throw error;
  }
}
