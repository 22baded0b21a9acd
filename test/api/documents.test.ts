// The documents the api tests send validate against Caido's published schema.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { all } from "./documents.js";

const require = createRequire(import.meta.url);
const schema = buildSchema(readFileSync(require.resolve("@caido/schema-proxy/graphql"), "utf8"));

describe("api test documents", () => {
  for (const [name, document] of Object.entries(all)) {
    it(`${name} validates against @caido/schema-proxy`, () => {
      expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
    });
  }
});
