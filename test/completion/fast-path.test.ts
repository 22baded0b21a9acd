// The hidden command behind INSTANCE completion, through the built executable: bin.cjs answers
// it from the config file alone (a copy of bin.cjs with no CLI beside it still does), prints
// nothing and exits 0 whatever is wrong, and survives a reader that stops early.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, runCli } from "../e2e/_cli.js";

const COMMAND = "__complete-instances";

const session = (alias?: string) => ({
  accessToken: "stored",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: [],
  obtainedAt: "2024-01-01T00:00:00Z",
  ...(alias === undefined ? {} : { alias }),
});

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "caido-auth-fast-completion-"));
  roots.push(root);
  return root;
}

/** A config directory holding `content` as config.json (a string as is, else as JSON). */
function configWith(content: unknown): string {
  const dir = join(newRoot(), "config");
  mkdirSync(dir, { mode: 0o700 });
  const text = typeof content === "string" ? content : JSON.stringify(content);
  writeFileSync(join(dir, "config.json"), text, { mode: 0o600 });
  return dir;
}

const envFor = (dir: string) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  CAIDO_AUTH_CONFIG_DIR: dir,
});

describe(COMMAND, () => {
  it("prints the aliases and URLs, one a line", async () => {
    const dir = configWith({
      version: 1,
      sessions: {
        "http://127.0.0.1:8080": session("local"),
        "https://vps.example.test": session(),
      },
    });
    expect(await runCli([COMMAND], { env: envFor(dir) })).toMatchObject({
      code: 0,
      stdout: "local\nhttp://127.0.0.1:8080\nhttps://vps.example.test\n",
      stderr: "",
    });
  });

  it.each([
    ["a corrupt file", '{"version": 1, "sessions": {'],
    ["binary garbage", "\u0000\u0001\u00ff\u001b[2J"],
    ["a newer format", JSON.stringify({ version: 99, sessions: { "http://h": session("h") } })],
    ["an array", "[1, 2, 3]"],
  ])("prints nothing and exits 0 for %s", async (_, content) => {
    expect(await runCli([COMMAND], { env: envFor(configWith(content)) })).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("prints nothing and exits 0 with no config, or a directory where the file should be", async () => {
    const missing = join(newRoot(), "nothing-here");
    expect(await runCli([COMMAND], { env: envFor(missing) })).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "",
    });
    const dir = join(newRoot(), "config");
    mkdirSync(join(dir, "config.json"), { recursive: true });
    expect(await runCli([COMMAND], { env: envFor(dir) })).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("is answered by bin.cjs alone: a copy with no cli.js beside it still answers", async () => {
    const dir = configWith({ version: 1, sessions: { "http://h.example.test": session("h") } });
    const lone = join(newRoot(), "bin.cjs");
    copyFileSync(CLI, lone);
    const runLone = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, [lone, ...args], { env: envFor(dir) });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => {
          stdout += d;
        });
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        child.on("close", (code) => done({ code, stdout, stderr }));
      });
    expect(await runLone([COMMAND])).toEqual({
      code: 0,
      stdout: "h\nhttp://h.example.test\n",
      stderr: "",
    });
    // The control: anything else from that copy needs the CLI, which is not there.
    const status = await runLone(["status"]);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toMatch(/cli\.js/);
  });

  it("lists thousands of sessions in full, in order", async () => {
    const sessions: Record<string, ReturnType<typeof session>> = {};
    for (let i = 0; i < 3000; i++)
      sessions[`https://host-${i}.example.test:8443`] = session(`h${i}`);
    const result = await runCli([COMMAND], { env: envFor(configWith({ version: 1, sessions })) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    expect(lines).toHaveLength(6001);
    expect(lines[0]).toBe("h0");
    expect(lines[2999]).toBe("h2999");
    expect(lines[3000]).toBe("https://host-0.example.test:8443");
    expect(lines[5999]).toBe("https://host-2999.example.test:8443");
  });

  it("says nothing when its reader stops early (a closed pipe)", async () => {
    const sessions: Record<string, ReturnType<typeof session>> = {};
    for (let i = 0; i < 5000; i++)
      sessions[`https://host-${i}.example.test:8443`] = session(`h${i}`);
    const dir = configWith({ version: 1, sessions });
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [CLI, COMMAND], { env: envFor(dir) });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.stdout.once("data", () => child.stdout.destroy());
      child.on("close", (code) => done({ code, stderr }));
    });
    expect(result).toEqual({ code: 0, stderr: "" });
  });
});
