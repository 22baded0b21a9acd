// Every document caido-auth sends validates against Caido's published schema with all of
// graphql-js's standard rules (protocol.md: our documents alias the conflicting fields).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { allDocuments } from "../../source/instance/documents.js";

const require = createRequire(import.meta.url);
const schema = buildSchema(readFileSync(require.resolve("@caido/schema-proxy/graphql"), "utf8"));

describe("GraphQL documents", () => {
  for (const [name, document] of Object.entries(allDocuments)) {
    it(`${name} validates against @caido/schema-proxy`, () => {
      expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
    });
  }

  it("the check itself catches a document the schema refuses", () => {
    const bad = parse("query { viewer { ... on CloudUser { id nonexistentField } } }");
    expect(validate(schema, bad).length).toBeGreaterThan(0);
  });
});
