// The package as a consumer gets it: `import ... from "caido-auth"` resolves through package.json
// `exports` to the build, its declarations typecheck (with and without the official SDK), and
// importing it loads only its own small files: no Ink, React or GraphQL, nothing from node_modules.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD, type Consumer, makeConsumer, ROOT } from "./_consumer.js";

/** esbuild names each bundled package's files in a comment: these are in the CLI only. */
const HEAVY = ["ink", "react", "react-reconciler", "graphql", "graphql-ws", "yoga-layout"];
const marker = (name: string) => `// node_modules/${name}/`;

let consumer: Consumer;
const write = (file: string, text: string) => consumer.write(file, text);

function typecheck(files: string[], skipLibCheck: boolean) {
  write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022"], // no DOM: fetch and Response come from @types/node, as in a Node project
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck,
        types: ["node"],
      },
      files,
    }),
  );
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  return spawnSync(process.execPath, [tsc, "-p", consumer.dir], { encoding: "utf8" });
}

describe("the caido-auth package", () => {
  beforeAll(() => {
    consumer = makeConsumer();
  });
  afterAll(() => consumer?.remove());

  it("ships declarations that typecheck for a NodeNext consumer", () => {
    write(
      "script.ts",
      `import {
  type AccessToken, AuthRequiredError, CaidoAuthError, caidoFetch, getAccessToken,
  type LibraryOptions, sdkClientOptions, UsageError,
} from "caido-auth";

const options: LibraryOptions = { env: process.env, minValid: 30, warn: console.warn, fetch };
const api: typeof fetch = caidoFetch("http://127.0.0.1:8080", options);
const response: Response = await api("/graphql", { method: "POST", body: "{}" });
const token: AccessToken = await getAccessToken({ instance: "work", minValid: 120 });
const expiresAt: string = token.expiresAt;
const sdk = await sdkClientOptions(undefined, { env: process.env });
const url: string = sdk.url;
try {
  await getAccessToken();
} catch (error) {
  if (error instanceof AuthRequiredError || error instanceof UsageError) console.error(error.hint);
  if (error instanceof CaidoAuthError) process.exitCode = error.exitCode;
}
console.log(response.status, expiresAt, url);
`,
    );
    const result = typecheck(["script.ts"], false);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("its sdkClientOptions spread into the official SDK's Client", () => {
    write(
      "sdk.ts",
      `import { Client } from "@caido/sdk-client";
import { sdkClientOptions } from "caido-auth";

const client = new Client({ ...(await sdkClientOptions("work")), logger: console });
await client.connect();
const viewer = await client.user.viewer();
console.log(viewer.id);
`,
    );
    // The SDK's own declarations need DOM types and more: check ours against them, not theirs.
    const result = typecheck(["sdk.ts"], true);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);

    // The check has teeth: options the SDK does not take fail it.
    write(
      "sdk-wrong.ts",
      `import { Client } from "@caido/sdk-client";
import { sdkClientOptions } from "caido-auth";
const options = await sdkClientOptions();
new Client({ ...options, request: { fetch: options.url } });
`,
    );
    const wrong = typecheck(["sdk-wrong.ts"], true);
    expect(wrong.stdout).toContain("sdk-wrong.ts(4,37): error TS2322");
  });

  it("declarations that mean something: a misuse does not typecheck", () => {
    write(
      "wrong.ts",
      `import { caidoFetch, getAccessToken } from "caido-auth";
const n: number = (await getAccessToken()).expiresAt;
caidoFetch(8080);
`,
    );
    const result = typecheck(["wrong.ts"], false);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("wrong.ts(2,7): error TS2322");
    expect(result.stdout).toContain("wrong.ts(3,12): error TS2345");
  });

  it("imports without loading Ink, React, GraphQL or any other package", () => {
    // A module hook notes every module the import loads: registerHooks where Node has it
    // (register() is deprecated from Node 26), else register() in the loader thread.
    write(
      "hooks.mjs",
      `import { appendFileSync } from "node:fs";
export function load(url, context, next) {
  appendFileSync(process.env.LOADED, url + "\\n");
  return next(url, context);
}
`,
    );
    write(
      "load.mjs",
      `import module from "node:module";
import { load } from "./hooks.mjs";
if (module.registerHooks) module.registerHooks({ load });
else module.register("./hooks.mjs", import.meta.url);
const library = await import("caido-auth");
console.log(JSON.stringify(Object.keys(library).sort()));
`,
    );
    const loaded = join(consumer.dir, "loaded.txt");
    const run = spawnSync(process.execPath, ["load.mjs"], {
      cwd: consumer.dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, LOADED: loaded },
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([
      "AuthRequiredError",
      "CaidoAuthError",
      "CancelledError",
      "UsageError",
      "caidoFetch",
      "getAccessToken",
      "sdkClientOptions",
    ]);

    const urls = readFileSync(loaded, "utf8").trim().split("\n");
    const files = urls
      .filter((u) => u.startsWith("file:") && !/\/(load|hooks)\.mjs$/.test(u))
      .map((u) => fileURLToPath(u));
    const build = `${resolve(BUILD)}/`;
    expect(files).toContain(join(build, "index.js"));
    for (const file of files) expect(file.startsWith(build), file).toBe(true);
    expect(urls.filter((u) => !u.startsWith("file:") && !u.startsWith("node:"))).toEqual([]);
    const loadedText = files.map((f) => readFileSync(f, "utf8")).join("\n");
    for (const name of HEAVY) expect(loadedText, name).not.toContain(marker(name));

    // The markers are real: the whole build has them (in the CLI's chunks).
    const wholeBuild = readdirSync(BUILD)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(BUILD, f), "utf8"))
      .join("\n");
    for (const name of ["ink", "react", "graphql"])
      expect(wholeBuild, name).toContain(marker(name));
  });
});
