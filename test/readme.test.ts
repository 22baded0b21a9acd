// README.md is executable documentation: its command list matches each command's usage and
// the parser, and every shell and CI recipe in it runs, as written, against the sandbox.
// A block it does not run says so and why, on the line above it.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../source/sandbox/index.js";
import { flagsOf, TABLE } from "../source/spec/table.js";
import { NOT_RUN, type ReadmeBlock, readmeBlocks } from "./_readme.js";
import { CLI } from "./e2e/_cli.js";

const blocks = readmeBlocks();

describe("README's command list, the help and the parser", () => {
  const list = blocks.find((b) => b.note?.includes("keeps this list"));

  it("lists exactly every usage line of every command", () => {
    expect(list?.code.split("\n")).toEqual(
      TABLE.flatMap((spec) => {
        expect(spec.usage.every((u) => u.startsWith(`${spec.name}`))).toBe(true);
        return spec.usage.map((u) => `caido-auth ${u}`);
      }),
    );
  });

  for (const spec of TABLE) {
    it(`${spec.name}: every flag in its usage is one the parser takes`, () => {
      const known = new Set(flagsOf(spec).map((f) => f.long));
      const usageFlags = spec.usage.join(" ").match(/--[a-z][a-z-]*/g) ?? [];
      for (const flag of usageFlags) expect(known, `${flag} in usage`).toContain(flag.slice(2));
    });
  }
});

// ---- Recipes ----

const MY_VPS = "https://my-vps:8080";
// A CI job's `npm install -g caido-auth` is what .ci/run checks with the packed tarball; here
// `caido-auth` is already on PATH (the build under test), so that line has nothing to do.
const INSTALL = /^npm install -g caido-auth$/;

/** The shell lines of a CI YAML recipe: `- run:` steps, or a GitLab job's script list. */
function yamlSteps(code: string): { lines: string[]; env: Record<string, string> } {
  const lines: string[] = [];
  const env: Record<string, string> = {};
  let inScript = false;
  for (const raw of code.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "");
    const run = /^\s*- run: (.+)$/.exec(line);
    if (run) lines.push(run[1] as string);
    if (/^\s*script:/.test(line)) inScript = true;
    else if (inScript && /^\s*- (.+)$/.test(line))
      lines.push(/^\s*- (.+)$/.exec(line)?.[1] as string);
    else if (inScript && /^\s*\w/.test(line)) inScript = false;
    // `variables:`/`env:` maps written inline: { NAME: "value" }
    for (const m of line.matchAll(/(\w+): "([^"$]*)"/g)) env[m[1] as string] = m[2] as string;
  }
  return { lines: lines.filter((l) => !INSTALL.test(l)), env };
}

describe("README recipes", () => {
  let sandbox: Sandbox;
  let work: string;
  let bin: string;
  beforeAll(async () => {
    // Guests allowed: README's guest login runs too; the accounts log in as they always do.
    sandbox = await startSandbox({ requestInterval: 0.2, allowGuests: true });
    work = mkdtempSync(join(tmpdir(), "caido-auth-readme-"));
    bin = join(work, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "caido-auth"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, "caido-auth"), 0o755);
    // What the recipes call ./scan.sh: it needs the token, and shows it never gets argv.
    writeFileSync(
      join(work, "scan.sh"),
      '#!/bin/sh\ntest -n "$CAIDO_ACCESS_TOKEN" && test "$#" -eq 0 && echo "scan: $CAIDO_INSTANCE"\n',
    );
    chmodSync(join(work, "scan.sh"), 0o755);
    // Approves the pending --no-wait login as a person would, through the cloud's PAT route.
    writeFileSync(
      join(work, "approve.mjs"),
      `import { readFileSync } from "node:fs";
const config = JSON.parse(readFileSync(process.env.CAIDO_AUTH_CONFIG_DIR + "/config.json", "utf8"));
const [pending] = Object.values(config.pendingLogins);
const url = new URL("/oauth2/device/approve", process.env.APPROVE_CLOUD);
url.searchParams.set("user_code", pending.userCode);
const r = await fetch(url, { method: "POST", headers: { authorization: "Bearer " + process.env.APPROVE_PAT, accept: "application/json" } });
if (!r.ok) throw new Error("approval answered " + r.status);`,
    );
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs a program without blocking this process, which serves the sandbox. */
  function run(file: string, args: string[], env: NodeJS.ProcessEnv) {
    const child = spawn(file, args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) =>
      child.on("close", (status) => {
        clearTimeout(timer);
        done({ status, stdout, stderr });
      }),
    );
  }

  /** Runs shell lines as a user would: a fresh config logged in to the sandbox as "vps". */
  async function runRecipe(script: string, extraEnv: Record<string, string> = {}) {
    const config = mkdtempSync(join(work, "config-"));
    const pat = sandbox.accounts[0]?.pat as string;
    const env: NodeJS.ProcessEnv = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: work,
      TMPDIR: process.env.TMPDIR,
      CAIDO_AUTH_CONFIG_DIR: config,
      CAIDO_CLOUD_URL: sandbox.cloudUrl,
      CAIDO_PAT: pat,
      APPROVE_CLOUD: sandbox.cloudUrl,
      APPROVE_PAT: pat,
      ...extraEnv,
    };
    const setUp = await run(
      join(bin, "caido-auth"),
      ["login", sandbox.instanceUrl, "--name", "vps", "--default"],
      env,
    );
    expect(setUp.status, setUp.stderr).toBe(0);
    // The pending login's approval needs a person: without CAIDO_PAT, approve.mjs is one.
    if (script.includes("--no-wait")) delete env.CAIDO_PAT;
    const body = script
      .replaceAll(MY_VPS, sandbox.instanceUrl)
      .replace(
        /^# … a person .*approves …$/m,
        `"${process.execPath}" "${join(work, "approve.mjs")}"`,
      );
    const result = await run("bash", ["-euo", "pipefail", "-c", body], env);
    rmSync(config, { recursive: true, force: true });
    return result;
  }

  const expectRan = (block: ReadmeBlock, run: Awaited<ReturnType<typeof runRecipe>>) => {
    expect(run.status, `README.md:${block.line}\n${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).not.toMatch(/unexpected error|usage error/i);
    // Nothing prints the PAT.
    expect(`${run.stdout}${run.stderr}`).not.toContain(sandbox.accounts[0]?.pat);
  };

  for (const block of blocks.filter((b) => b.lang === "sh")) {
    const skip = block.note && NOT_RUN.exec(block.note);
    it(`README.md:${block.line} (sh) ${skip ? `is run elsewhere: ${skip[1]}` : "runs"}`, async () => {
      if (skip) {
        // Honest bookkeeping, not a pass: the note must name where it is run.
        expect(skip[1]).toMatch(/\.ci\/run|CI|tmux|interactive/);
        return;
      }
      expectRan(block, await runRecipe(block.code));
    });
  }

  for (const block of blocks.filter((b) => b.lang === "yaml")) {
    const action = /uses: OWNER\/caido-auth@/.test(block.code);
    it(`README.md:${block.line} (yaml) ${action ? "uses only the action's real inputs" : "runs its steps"}`, async () => {
      if (action) {
        const inputs = readFileSync(resolve(import.meta.dirname, "../action.yml"), "utf8");
        const declared = inputs.slice(inputs.indexOf("\ninputs:"), inputs.indexOf("\noutputs:"));
        const used = [...block.code.matchAll(/^\s+#?\s*([a-z-]+): /gm)].map((m) => m[1]);
        for (const name of used.filter((n) => !["node-version", "with"].includes(n as string)))
          expect(declared, `input ${name}`).toMatch(new RegExp(`^  ${name}:`, "m"));
        return;
      }
      const { lines, env } = yamlSteps(block.code);
      expect(lines.length).toBeGreaterThan(0);
      const vars = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, v.replaceAll(MY_VPS, sandbox.instanceUrl)]),
      );
      const result = await runRecipe(lines.join("\n"), vars);
      expectRan(block, result);
      expect(result.stdout).toContain(`scan: ${sandbox.instanceUrl}`);
    });
  }
});
