import { execFile } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigStore } from "../../source/store/config-store.js";
import { BrokenConfigError } from "../../source/store/read.js";
import { bundleForNode } from "../_bundle.js";

const run = promisify(execFile);
const tempDir = () => join(mkdtempSync(join(tmpdir(), "caido-auth-store-")), "config");
const session = {
  accessToken: "a",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: [],
  obtainedAt: "2026-01-01T00:00:00Z",
};

describe("ConfigStore", () => {
  let writer: string;
  beforeAll(async () => {
    writer = await bundleForNode(join(import.meta.dirname, "_writer.ts"));
  });

  it("creates the directory 0700 and the file 0600", async () => {
    const dir = tempDir();
    await new ConfigStore(dir, () => {}).update((d) => {
      d.sessions["http://a.test"] = session;
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
  });

  it("tightens a looser file and directory, with a warning", async () => {
    const dir = tempDir();
    const store = new ConfigStore(dir, () => {});
    await store.update(() => {});
    chmodSync(join(dir, "config.json"), 0o644);
    chmodSync(dir, 0o755);
    const warnings: string[] = [];
    new ConfigStore(dir, (m) => warnings.push(m)).read();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    expect(warnings.join("\n")).toMatch(/mode 644/);
  });

  it("keeps fields it does not know on rewrite", async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const foreign = {
      version: 1,
      sessions: { "http://a.test": { ...session, futureField: 7 } },
      plugins: ["x"],
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(foreign), { mode: 0o600 });
    await new ConfigStore(dir, () => {}).update((d) => {
      d.defaultInstance = "http://a.test";
    });
    const after = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(after.plugins).toEqual(["x"]);
    expect(after.sessions["http://a.test"].futureField).toBe(7);
    expect(after.defaultInstance).toBe("http://a.test");
  });

  it.each([
    ["not JSON", "{ broken"],
    ["foreign JSON", JSON.stringify({ theme: "dark" })],
    ["a newer format", JSON.stringify({ version: 99, sessions: {} })],
  ])(
    "never overwrites %s: stops naming the file, or moves it aside when asked",
    async (_name, text) => {
      const dir = tempDir();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, "config.json"), text, { mode: 0o600 });
      const store = new ConfigStore(dir, () => {});
      await expect(store.update(() => {})).rejects.toThrow(BrokenConfigError);
      await expect(store.update(() => {})).rejects.toThrow(join(dir, "config.json"));
      expect(readFileSync(join(dir, "config.json"), "utf8")).toBe(text);

      const warnings: string[] = [];
      await new ConfigStore(dir, (m) => warnings.push(m)).update(
        (d) => {
          d.sessions["http://a.test"] = session;
        },
        { moveBroken: true },
      );
      const aside = readdirSync(dir).find((f) => f.startsWith("config.json.broken-"));
      expect(aside).toBeDefined();
      expect(readFileSync(join(dir, aside as string), "utf8")).toBe(text);
      expect(warnings.join("\n")).toContain(aside);
    },
  );

  it("parallel writers in separate processes lose nothing", async () => {
    const dir = tempDir();
    const writers = 6;
    const each = 15;
    await Promise.all(
      Array.from({ length: writers }, (_, id) =>
        run(process.execPath, [writer, dir, String(id), String(each)]),
      ),
    );
    const data = new ConfigStore(dir, () => {}).read();
    expect(Object.keys(data.sessions)).toHaveLength(writers * each);
  }, 60_000);
});
