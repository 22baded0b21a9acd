// The candidates for INSTANCE come from the config file alone, and only those a shell can
// insert as one plain word: an edited config never puts quotes, spaces, control characters
// or shell syntax on the command line, and an unusable one gives nothing (never a warning).

import { EventEmitter } from "node:events";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  completeInstances,
  INSTANCES_COMMAND,
  instanceCandidates,
  safeCandidate,
} from "../../source/completion/instances.js";

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

function configDir(content: unknown, mode = 0o600): string {
  const root = mkdtempSync(join(tmpdir(), "caido-auth-completion-"));
  roots.push(root);
  const dir = join(root, "config");
  mkdirSync(dir, { mode: 0o700 });
  const file = join(dir, "config.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  chmodSync(file, mode);
  return dir;
}

describe("safeCandidate", () => {
  it.each([
    "local",
    "my_vps-2",
    "http://127.0.0.1:8080",
    "https://caido.example.test:8443/base",
    "http://[::1]:8080",
  ])("keeps %s", (word) => {
    expect(safeCandidate(word)).toBe(true);
  });

  it.each([
    "",
    "two words",
    "tab\there",
    "it's",
    'say"hi"',
    "back`tick`",
    "$(touch pwned)",
    "a;b",
    "a|b",
    "a&b",
    "glob*",
    "new\nline",
    "\u001b[31mred",
    "bell\u0007",
    "del\u007f",
    "-rf",
    "~root",
    "back\\slash",
    "x".repeat(513),
  ])("drops %j", (word) => {
    expect(safeCandidate(word)).toBe(false);
  });
});

describe("instanceCandidates", () => {
  it("lists the aliases, then the URLs, one a line, leaving out unsafe ones", () => {
    const dir = configDir({
      version: 1,
      sessions: {
        "http://127.0.0.1:8080": session("local"),
        "https://vps.example.test:8443": session("vps"),
        "http://no-alias.example.test": session(),
        "http://bad host": session("$(touch pwned)"),
        "http://quote'd.example.test": session("it's"),
      },
    });
    expect(instanceCandidates({ CAIDO_AUTH_CONFIG_DIR: dir })).toBe(
      [
        "local",
        "vps",
        "http://127.0.0.1:8080",
        "https://vps.example.test:8443",
        "http://no-alias.example.test",
        "",
      ].join("\n"),
    );
  });

  it("finds the file through XDG_CONFIG_HOME as the CLI does", () => {
    const dir = configDir({ version: 1, sessions: { "http://h.example.test": session("h") } });
    const xdg = join(dir, "..", "xdg");
    mkdirSync(join(xdg, "caido-auth"), { recursive: true });
    writeFileSync(
      join(xdg, "caido-auth", "config.json"),
      JSON.stringify({ version: 1, sessions: { "http://x.example.test": session("x") } }),
    );
    expect(instanceCandidates({ XDG_CONFIG_HOME: xdg })).toBe("x\nhttp://x.example.test\n");
  });

  it.each([
    ["not JSON", "{broken"],
    ["not our format", JSON.stringify({ hello: "world" })],
    ["a newer format", JSON.stringify({ version: 99, sessions: {} })],
    ["no sessions", JSON.stringify({ version: 1, sessions: {} })],
  ])("gives nothing for %s", (_, content) => {
    expect(instanceCandidates({ CAIDO_AUTH_CONFIG_DIR: configDir(content) })).toBe("");
  });

  it("still names the instance of a malformed session, as the CLI does", () => {
    const dir = configDir({
      version: 1,
      sessions: { "http://null.example.test": null, "http://ok.example.test": session("ok") },
    });
    expect(instanceCandidates({ CAIDO_AUTH_CONFIG_DIR: dir })).toBe(
      "ok\nhttp://null.example.test\nhttp://ok.example.test\n",
    );
  });

  it("gives nothing when there is no config file, or it cannot be read", () => {
    expect(instanceCandidates({ CAIDO_AUTH_CONFIG_DIR: "/nonexistent/caido-auth" })).toBe("");
    const dir = configDir("{}");
    rmSync(join(dir, "config.json"));
    mkdirSync(join(dir, "config.json")); // EISDIR
    expect(instanceCandidates({ CAIDO_AUTH_CONFIG_DIR: dir })).toBe("");
  });

  it("leaves a loose file's mode alone: the next real command tightens it and says so", () => {
    const dir = configDir({ version: 1, sessions: { "http://h.example.test": session() } }, 0o644);
    expect(instanceCandidates({ CAIDO_AUTH_CONFIG_DIR: dir })).toBe("http://h.example.test\n");
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o644);
  });
});

describe("completeInstances (bin.ts's hook)", () => {
  it("answers only the hidden command, and swallows a closed pipe on its stdout", () => {
    const dir = configDir({ version: 1, sessions: { "http://h.example.test": session("h") } });
    const env = { CAIDO_AUTH_CONFIG_DIR: dir };
    const stdout = new EventEmitter();
    expect(completeInstances(["token"], env, stdout)).toBeUndefined();
    expect(completeInstances([], env, stdout)).toBeUndefined();
    expect(stdout.listenerCount("error")).toBe(0);
    expect(completeInstances([INSTANCES_COMMAND], env, stdout)).toBe("h\nhttp://h.example.test\n");
    expect(stdout.listenerCount("error")).toBe(1);
    expect(() => stdout.emit("error", new Error("write EPIPE"))).not.toThrow();
  });
});
