// The README's Node script recipes (its js blocks, as written), run as a user runs them:
// `node` in a project with caido-auth installed, after `caido-auth login`, once the token expired.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeBlocks } from "../_readme.js";
import { baseEnv } from "../e2e/_cli.js";
import { type Consumer, makeConsumer, runNode } from "./_consumer.js";
import { logIn, untilExpired, type Watched, watchedSandbox } from "./_session.js";

describe("README Node script recipes", () => {
  let watched: Watched;
  let consumer: Consumer;
  beforeAll(async () => {
    watched = await watchedSandbox({ accessTokenTtl: 3 });
    consumer = makeConsumer();
  });
  afterAll(async () => {
    consumer?.remove();
    await watched?.sandbox.close();
  });

  const recipes = readmeBlocks().filter((b) => b.lang === "js");
  it("README has the two recipes (caidoFetch, the official SDK)", () => {
    expect(recipes.map((r) => /caidoFetch|sdkClientOptions/.exec(r.code)?.[0])).toEqual([
      "caidoFetch",
      "sdkClientOptions",
    ]);
  });

  for (const block of recipes) {
    const recipe = `readme-line-${block.line}.mjs`;
    it(`README.md:${block.line} answers with the logged-in account`, async () => {
      const session = await logIn(watched.sandbox);
      consumer.write(recipe, block.code);
      await untilExpired(session);
      const before = watched.refreshes();
      const run = await runNode(consumer, recipe, baseEnv(session.dir));
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      // The SDK logs to the console by default ("[caido] ..."); the script's answer is last.
      expect(run.stdout.trim().split("\n").at(-1)).toBe(watched.sandbox.accounts[0]?.email);
      expect(watched.refreshes() - before).toBe(1);
    });
  }
});
