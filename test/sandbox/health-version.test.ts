// /health names the version of the schema the instance serves, because clients (the official
// Python one) pick their query shapes from it: the generated SDL, its version and /health must
// never drift apart, nor from the installed @caido/schema-proxy.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { HEALTH } from "../../source/sandbox/instance/http.js";
import { SCHEMA_SOURCE, SCHEMA_VERSION } from "../../source/sandbox/instance/schema-sdl.js";

const require = createRequire(import.meta.url);
// The package exports only its schema files; its package.json sits beside schema.graphql.
const packageJson = require
  .resolve("@caido/schema-proxy/graphql")
  .replace(/schema\.graphql$/, "package.json");

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ seedRequests: 0, requestInterval: 0 });
  dir = await mkdtemp(join(tmpdir(), "schema-sdl-"));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

test("/health answers the version of the schema served", async () => {
  const health = await (await fetch(`${sandbox.instanceUrl}/health`)).json();
  expect(health).toEqual({ name: "caido", version: SCHEMA_VERSION, ready: true });
  expect(HEALTH.version).toBe(SCHEMA_VERSION);
  expect(SCHEMA_SOURCE).toBe(`@caido/schema-proxy ${SCHEMA_VERSION}`);
});

test("the served schema is the installed @caido/schema-proxy's, freshly generated", async () => {
  const installed = JSON.parse(await readFile(packageJson, "utf8")) as { version: string };
  expect(SCHEMA_VERSION).toBe(installed.version);
  // What scripts/extract-schema.mjs writes today must be what is committed: a bumped package
  // or an edited keep-list without a regeneration fails here.
  const out = join(dir, "schema-sdl.ts");
  execFileSync(process.execPath, [
    new URL("../../scripts/extract-schema.mjs", import.meta.url).pathname,
    out,
  ]);
  const committed = await readFile(
    new URL("../../source/sandbox/instance/schema-sdl.ts", import.meta.url),
    "utf8",
  );
  expect(await readFile(out, "utf8")).toBe(committed);
});
