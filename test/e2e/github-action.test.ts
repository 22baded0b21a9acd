// The GitHub Action's script (scripts/github-action.sh, what action.yml runs) against the
// sandbox, with fake runner files: what later steps get, what is masked, and that the PAT
// shows nowhere but in its mask command.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { baseEnv, CLI, type CliResult, runCli } from "./_cli.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = join(ROOT, "scripts/github-action.sh");

/** Reads a $GITHUB_ENV / $GITHUB_OUTPUT file as the runner does: NAME=value or NAME<<DELIMITER. */
function runnerFile(text: string): Record<string, string> {
  const lines = text.split("\n");
  const values: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const end = lines.indexOf(delimiter, i + 1);
      if (end === -1) throw new Error(`no closing ${delimiter} for ${name}`);
      values[name] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else {
      const eq = line.indexOf("=");
      if (eq < 1) throw new Error(`not a runner file line: ${line}`);
      values[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return values;
}

interface Run extends CliResult {
  githubEnv: Record<string, string>;
  githubOutput: Record<string, string>;
  rawFiles: string;
}

function runAction(inputs: Record<string, string>, configDir: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "caido-auth-action-"));
  const githubEnv = join(dir, "github-env");
  const githubOutput = join(dir, "github-output");
  writeFileSync(githubEnv, "");
  writeFileSync(githubOutput, "");
  const child = spawn("bash", [SCRIPT], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CAIDO_AUTH_CONFIG_DIR: configDir,
      CAIDO_AUTH_CLI: CLI,
      GITHUB_ACTIONS: "true",
      GITHUB_ENV: githubEnv,
      GITHUB_OUTPUT: githubOutput,
      RUNNER_TEMP: dir,
      // Left by an earlier step: must not stand in for the new login.
      CAIDO_ACCESS_TOKEN: "left-over-token",
      CAIDO_INSTANCE: "http://left-over.invalid",
      ...inputs,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((done) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const envText = readFileSync(githubEnv, "utf8");
      const outText = readFileSync(githubOutput, "utf8");
      rmSync(dir, { recursive: true, force: true });
      done({
        code,
        signal,
        stdout,
        stderr,
        githubEnv: runnerFile(envText),
        githubOutput: runnerFile(outText),
        rawFiles: envText + outText,
      });
    });
  });
}

async function viewerId(sandbox: Sandbox, token: string): Promise<unknown> {
  const response = await fetch(`${sandbox.instanceUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "query { viewer { ... on CloudUser { id } } }" }),
  });
  const body = (await response.json()) as { data?: { viewer?: { id?: unknown } } };
  return body.data?.viewer?.id;
}

describe("the GitHub Action's script", () => {
  let sandbox: Sandbox;
  const dirs: string[] = [];
  const configDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "caido-auth-action-config-"));
    dirs.push(dir);
    return join(dir, "config");
  };
  beforeAll(async () => {
    sandbox = await startSandbox({ requestInterval: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("logs in with the PAT, masks, and exports the instance and a working token", async () => {
    const pat = sandbox.accounts[0]?.pat as string;
    const dir = configDir();
    const run = await runAction(
      {
        INPUT_INSTANCE: `${sandbox.instanceUrl.toUpperCase()}/`,
        INPUT_PAT: pat,
        INPUT_CLOUD_URL: sandbox.cloudUrl,
      },
      dir,
    );
    expect(run.stderr).not.toMatch(/::error/);
    expect(run.code).toBe(0);

    const stored = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).sessions[
      sandbox.instanceUrl
    ];
    const token = stored.accessToken as string;
    expect(run.githubEnv).toEqual({
      CAIDO_INSTANCE: sandbox.instanceUrl,
      CAIDO_ACCESS_TOKEN: token,
      CAIDO_ACCESS_TOKEN_EXPIRES_AT: stored.expiresAt,
    });
    expect(run.githubOutput).toEqual({
      instance: sandbox.instanceUrl,
      token,
      "expires-at": stored.expiresAt,
    });
    expect(await viewerId(sandbox, token)).toEqual(expect.any(String));

    // Masks: the PAT before anything could print it, the token before it is handed on.
    const lines = run.stderr.split("\n");
    expect(lines[0]).toBe(`::add-mask::${pat}`);
    expect(lines).toContain(`::add-mask::${token}`);
    // Outside the mask commands, neither secret appears in the log; stdout stays empty.
    expect(run.stdout).toBe("");
    const unmasked = lines.filter((l) => !l.startsWith("::add-mask::")).join("\n");
    expect(unmasked).not.toContain(pat);
    expect(unmasked).not.toContain(token);
    expect(run.rawFiles).not.toContain(pat);
    expect(run.stderr).not.toContain("left-over");
  }, 60_000);

  it("export-token false exports the instance only; later steps get tokens from the store", async () => {
    const dir = configDir();
    const run = await runAction(
      {
        INPUT_INSTANCE: sandbox.instanceUrl,
        INPUT_PAT: sandbox.accounts[0]?.pat as string,
        INPUT_CLOUD_URL: sandbox.cloudUrl,
        INPUT_EXPORT_TOKEN: "false",
      },
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.githubEnv).toEqual({ CAIDO_INSTANCE: sandbox.instanceUrl });
    expect(Object.keys(run.githubOutput).sort()).toEqual(["expires-at", "instance", "token"]);
    // A later step: CAIDO_INSTANCE from $GITHUB_ENV, a token from the stored session.
    const later = await runCli(["token"], { env: baseEnv(dir, run.githubEnv) });
    expect(later.code).toBe(0);
    expect(await viewerId(sandbox, later.stdout.trim())).toEqual(expect.any(String));
  }, 60_000);

  it("refuses bad inputs with an ::error:: line, before any login", async () => {
    const pat = sandbox.accounts[0]?.pat as string;
    const cases: [Record<string, string>, RegExp][] = [
      [{ INPUT_PAT: pat }, /the instance input is empty/],
      [{ INPUT_INSTANCE: sandbox.instanceUrl }, /the pat input is empty/],
      [{ INPUT_INSTANCE: sandbox.instanceUrl, INPUT_PAT: `${pat}\n` }, /line break/],
      [
        { INPUT_INSTANCE: sandbox.instanceUrl, INPUT_PAT: pat, INPUT_EXPORT_TOKEN: "yes" },
        /export-token takes/,
      ],
    ];
    for (const [inputs, message] of cases) {
      const dir = configDir();
      const run = await runAction({ INPUT_CLOUD_URL: sandbox.cloudUrl, ...inputs }, dir);
      expect(run.code, JSON.stringify(inputs)).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^::error title=caido-auth::.*${message.source}`, "m"));
      expect(run.githubEnv).toEqual({});
      const unmasked = run.stderr
        .split("\n")
        .filter((l) => !l.startsWith("::add-mask::"))
        .join("\n");
      expect(unmasked).not.toContain(pat);
    }
  }, 60_000);

  it("a wrong PAT fails the step and exports nothing", async () => {
    const dir = configDir();
    const run = await runAction(
      {
        INPUT_INSTANCE: sandbox.instanceUrl,
        INPUT_PAT: "caido_not-a-real-pat",
        INPUT_CLOUD_URL: sandbox.cloudUrl,
      },
      dir,
    );
    expect(run.code).not.toBe(0);
    expect(run.githubEnv).toEqual({});
    expect(run.githubOutput).toEqual({});
  }, 60_000);

  it("action.yml runs this script and passes every input it reads", () => {
    const action = readFileSync(join(ROOT, "action.yml"), "utf8");
    const script = readFileSync(SCRIPT, "utf8");
    expect(action).toMatch(/^\s+using: composite$/m);
    expect(action).toContain('run: bash "$GITHUB_ACTION_PATH/scripts/github-action.sh"');
    const read = new Set(script.match(/INPUT_[A-Z_]+/g));
    for (const name of read) {
      const input = name.slice("INPUT_".length).toLowerCase().replace(/_/g, "-");
      expect(action).toContain(`${name}: \${{ inputs.${input} }}`);
      expect(action).toMatch(new RegExp(`^  ${input}:$`, "m"));
    }
    for (const output of ["instance", "token", "expires-at"]) {
      expect(script).toContain(`put ${output} `);
      expect(action).toContain(`value: \${{ steps.login.outputs.${output} }}`);
    }
  });
});
