// Logins left waiting by `login --no-wait` for `login --resume` to finish, in the config file's
// `pendingLogins` (one per instance, no tokens). Pure functions over the parsed config.

import { AuthRequiredError, UsageError } from "../base/errors.js";
import type { AuthenticationRequest } from "../instance/auth.js";
import { instanceError } from "../instance/errors.js";
import { type ConfigData, type PendingLogin, pendingLoginProblem } from "../store/format.js";
import type { LoginRequest } from "./device-flow.js";
import { instanceVariable } from "./instance-variable.js";
import { lookup, resolveInstance } from "./resolve.js";

export type { PendingLogin } from "../store/format.js";

export const resumeCommandFor = (instance: string) => `caido-auth login --resume ${instance}`;
export const detachCommandFor = (instance: string) => `caido-auth login ${instance} --no-wait`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The pendingLogins object to change; a missing or mangled one becomes empty. */
function entries(data: ConfigData): Record<string, unknown> {
  if (!isRecord(data.pendingLogins)) data.pendingLogins = {};
  return data.pendingLogins;
}

/** Instance URLs with a pending login, well-formed or not. */
export function pendingInstances(config: ConfigData): string[] {
  return isRecord(config.pendingLogins) ? Object.keys(config.pendingLogins) : [];
}

export type PendingLookup =
  | { state: "none" }
  | { state: "malformed"; problem: string }
  | { state: "pending"; pending: PendingLogin };

export function findPending(config: ConfigData, instanceUrl: string): PendingLookup {
  if (!isRecord(config.pendingLogins) || !Object.hasOwn(config.pendingLogins, instanceUrl))
    return { state: "none" };
  const value = config.pendingLogins[instanceUrl];
  const problem = pendingLoginProblem(value);
  if (problem) return { state: "malformed", problem };
  return { state: "pending", pending: value as PendingLogin };
}

/** The instance's answer to startAuthenticationFlow, checked before it is kept. */
export function toPending(
  instanceUrl: string,
  request: AuthenticationRequest,
  options: { alias?: string; makeDefault: boolean; now: number },
): PendingLogin {
  const pending: PendingLogin = {
    requestId: request.id,
    userCode: request.userCode,
    verificationUrl: request.verificationUrl,
    expiresAt: request.expiresAt,
    startedAt: new Date(options.now).toISOString(),
    ...(options.alias ? { alias: options.alias } : {}),
    ...(options.makeDefault ? { makeDefault: true } : {}),
  };
  const problem = pendingLoginProblem(pending);
  if (problem) throw instanceError(instanceUrl, `an unusable login request (${problem})`);
  return pending;
}

/** A new --no-wait replaces whatever was pending for the instance. */
export function setPending(data: ConfigData, instanceUrl: string, pending: PendingLogin): void {
  entries(data)[instanceUrl] = pending;
}

/**
 * Forgets the instance's pending login, but only the one with this request id (or, without
 * one, whatever is there): a newer --no-wait that replaced it meanwhile stays.
 */
export function removePending(data: ConfigData, instanceUrl: string, requestId?: string): void {
  if (!isRecord(data.pendingLogins)) return;
  const current = data.pendingLogins[instanceUrl];
  if (requestId !== undefined && isRecord(current) && current.requestId !== requestId) return;
  delete data.pendingLogins[instanceUrl];
  if (Object.keys(data.pendingLogins).length === 0) delete data.pendingLogins;
}

export function requestOf(pending: PendingLogin): LoginRequest {
  return {
    id: pending.requestId,
    userCode: pending.userCode,
    verificationUrl: pending.verificationUrl,
    expiresAt: Date.parse(pending.expiresAt),
  };
}

/**
 * The instance `login --resume` means: the argument (a URL, a stored alias or the --name given
 * to --no-wait), then CAIDO_INSTANCE, then the only pending login.
 */
export function resolvePendingInstance(
  config: ConfigData,
  argument: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const named = argument || instanceVariable(env);
  const urls = pendingInstances(config);
  if (named) {
    const byPendingAlias = urls.find((url) => {
      const found = findPending(config, url);
      return found.state === "pending" && found.pending.alias === named;
    });
    const url = byPendingAlias ?? lookup(config, named);
    if (!url) {
      throw new UsageError(
        `no instance is named "${named}".`,
        urls.length ? `Pending: ${urls.join(", ")}.` : undefined,
      );
    }
    return url;
  }
  if (urls.length === 1) return urls[0] as string;
  if (urls.length === 0) {
    throw new AuthRequiredError(
      "no login is pending.",
      "Start one: caido-auth login <URL> --no-wait",
    );
  }
  throw new UsageError(
    "more than one login is pending; say which.",
    `Pending: ${urls.join(", ")}. Example: ${resumeCommandFor(urls[0] as string)}`,
  );
}

/**
 * The instance a command means, as resolveInstance decides, except that pending logins count
 * too: the --name given to --no-wait finds its instance, and with nothing stored the only
 * pending login is the one meant. For status and logout, which show and cancel them.
 */
export function resolveWithPending(
  config: ConfigData,
  argument: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  try {
    return resolveInstance(config, argument, env).url;
  } catch (error) {
    const named = argument || instanceVariable(env);
    const urls = pendingInstances(config);
    if (error instanceof UsageError && named) {
      const byPendingAlias = urls.find((url) => {
        const found = findPending(config, url);
        return found.state === "pending" && found.pending.alias === named;
      });
      if (byPendingAlias !== undefined) return byPendingAlias;
    }
    if (error instanceof AuthRequiredError && !named && urls.length === 1) return urls[0] as string;
    throw error;
  }
}
