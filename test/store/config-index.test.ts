// saveIndex on a file system whose times are whole seconds: a file changed within the last two
// seconds could change again unseen, so it is not indexed until it has settled.
import { existsSync, mkdtempSync, rmSync, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { INDEX_FILE_NAME, INDEX_MIN_BYTES, saveIndex } from "../../source/store/config-index.js";

const sessions: Record<string, unknown> = {};
for (let i = 0; i * 100 < INDEX_MIN_BYTES; i++)
  sessions[`http://127.0.0.1:${10000 + i}`] = { alias: `a-${i}`, accessToken: "x".repeat(60) };
const config = { version: 1, defaultInstance: "http://127.0.0.1:10000", sessions };
const bytes = Buffer.from(JSON.stringify(config, null, 2));

const statAt = (ms: number) =>
  ({ dev: 1, ino: 2, size: bytes.length, mtimeMs: ms, ctimeMs: ms }) as Stats;

describe("saveIndex", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["whole seconds, changed just now", Math.floor(Date.now() / 1000) * 1000, false],
    ["whole seconds, settled", Math.floor(Date.now() / 1000) * 1000 - 3000, true],
    ["finer times, changed just now", Date.now() - 0.5, true],
  ])("%s: indexed %s", (_name, ms, indexed) => {
    dir = mkdtempSync(join(tmpdir(), "caido-auth-index-"));
    saveIndex(dir, statAt(ms), bytes, config);
    expect(existsSync(join(dir, INDEX_FILE_NAME))).toBe(indexed);
  });
});
