// A sandbox session logged in through the built CLI (PAT), for the library's tests: its config
// directory, the env the library is given, and the cloud's refresh and revocation counts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../source/sandbox/index.js";
import { newConfigDir } from "../e2e/_cli.js";
import { patLogin } from "../e2e/_login.js";

export interface StoredSession {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: string;
}

export interface LoggedIn {
  dir: string;
  /** What the library's functions get as `env`: only the config directory. */
  env: NodeJS.ProcessEnv;
  stored(): StoredSession;
  /** Rewrites the stored session (e.g. an access token the instance refuses). */
  patch(change: Partial<StoredSession>): void;
}

export interface Watched {
  sandbox: Sandbox;
  /** Refresh-token grants the cloud served so far. */
  refreshes(): number;
  /** Grants the cloud revoked (a spent refresh token came back). */
  revocations(): number;
}

export async function watchedSandbox(options: SandboxOptions): Promise<Watched> {
  const lines: string[] = [];
  const sandbox = await startSandbox({ requestInterval: 0, ...options, log: (l) => lines.push(l) });
  const count = (text: string) => lines.filter((l) => l.includes(text)).length;
  return {
    sandbox,
    refreshes: () => count("issued tokens (refresh_token)"),
    revocations: () => count("revoked a grant"),
  };
}

export async function logIn(sandbox: Sandbox): Promise<LoggedIn> {
  const dir = newConfigDir();
  const login = await patLogin(sandbox, dir);
  expect(login.code, login.stderr).toBe(0);
  const file = join(dir, "config.json");
  const read = () => JSON.parse(readFileSync(file, "utf8"));
  return {
    dir,
    env: { CAIDO_AUTH_CONFIG_DIR: dir },
    stored: () => read().sessions[sandbox.instanceUrl],
    patch(change) {
      const config = read();
      Object.assign(config.sessions[sandbox.instanceUrl], change);
      writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
    },
  };
}

/** Waits until the stored access token has expired (plus a little, for the instance's clock). */
export async function untilExpired(session: LoggedIn): Promise<void> {
  const expiresAt = Date.parse(session.stored().expiresAt);
  const wait = expiresAt + 250 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

export const VIEWER_QUERY =
  "query { viewer { ... on CloudUser { id profile { identity { email } } } } }";

/** The email in a viewer answer, or the answer itself when it has none (for the failure message). */
export function viewerEmail(answer: unknown): unknown {
  const viewer = (answer as { data?: { viewer?: { profile?: { identity?: { email?: string } } } } })
    ?.data?.viewer;
  return viewer?.profile?.identity?.email ?? answer;
}
