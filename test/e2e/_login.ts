// Logs in to a sandbox with an account's PAT through the built CLI, as a CI job would.
import { expect } from "vitest";
import type { Sandbox } from "../../source/sandbox/index.js";
import { baseEnv, type CliResult, runCli } from "./_cli.js";

export function sandboxEnv(
  sandbox: Sandbox,
  configDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return baseEnv(configDir, { CAIDO_CLOUD_URL: sandbox.cloudUrl, ...extra });
}

export async function patLogin(
  sandbox: Sandbox,
  configDir: string,
  options: { account?: number; args?: string[]; instanceUrl?: string } = {},
): Promise<CliResult> {
  const account = sandbox.accounts[options.account ?? 0];
  if (!account) throw new Error("no such sandbox account");
  const result = await runCli(
    ["login", options.instanceUrl ?? sandbox.instanceUrl, ...(options.args ?? [])],
    {
      env: sandboxEnv(sandbox, configDir, { CAIDO_PAT: account.pat }),
    },
  );
  expect(result.stderr).not.toContain(account.pat);
  expect(result.stdout).not.toContain(account.pat);
  return result;
}

/** Every secret in the config file, so a test can check that none leaked into output. */
export function secretsIn(config: {
  sessions: Record<string, { accessToken?: string; refreshToken?: string | null }>;
}): string[] {
  return Object.values(config.sessions)
    .flatMap((s) => [s.accessToken, s.refreshToken])
    .filter((t): t is string => typeof t === "string" && t.length > 0);
}
