// The schema the sandbox instance serves is a faithful cut of Caido's published one
// (@caido/schema-proxy): every type, field, argument, default, nullability, union member,
// interface and enum value it has is identical there. And the official client's documents
// pass its validation (the one relaxed rule is the point), while our own stay strict.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  buildSchema,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
  specifiedRules,
  validate,
} from "graphql";
import { describe, expect, test } from "vitest";
import { buildServedSchema, validationRules } from "../../source/sandbox/instance/schema.js";
import { SCHEMA_SDL } from "../../source/sandbox/instance/schema-sdl.js";

const require = createRequire(import.meta.url);
const real = buildSchema(readFileSync(require.resolve("@caido/schema-proxy/graphql"), "utf8"));
const served = buildServedSchema();

const kind = (t: GraphQLNamedType) =>
  isObjectType(t)
    ? "object"
    : isInterfaceType(t)
      ? "interface"
      : isUnionType(t)
        ? "union"
        : isEnumType(t)
          ? "enum"
          : isInputObjectType(t)
            ? "input"
            : isScalarType(t)
              ? "scalar"
              : "?";

function describeField(f: GraphQLField<unknown, unknown>) {
  return {
    type: String(f.type),
    args: f.args.map((a) => ({ name: a.name, type: String(a.type), default: a.defaultValue })),
    deprecated: f.deprecationReason ?? null,
    directives: (f.astNode?.directives ?? []).map((d) => d.name.value),
  };
}

function userTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith("__"));
}

/** Every way `schema` differs from the published schema, as readable lines. */
function differences(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  same("query root", schema.getQueryType()?.name, real.getQueryType()?.name);
  same("mutation root", schema.getMutationType()?.name, real.getMutationType()?.name);
  same("subscription root", schema.getSubscriptionType()?.name, real.getSubscriptionType()?.name);
  for (const type of userTypes(schema)) {
    const original = real.getType(type.name);
    if (!original) {
      out.push(`${type.name}: not in the published schema`);
      continue;
    }
    same(`${type.name} kind`, kind(type), kind(original));
    if (
      (isObjectType(type) || isInterfaceType(type)) &&
      (isObjectType(original) || isInterfaceType(original))
    ) {
      const fields = original.getFields();
      for (const [name, field] of Object.entries(type.getFields())) {
        const theirs = fields[name];
        if (!theirs) out.push(`${type.name}.${name}: not in the published schema`);
        else same(`${type.name}.${name}`, describeField(field), describeField(theirs));
      }
      same(
        `${type.name} interfaces`,
        type.getInterfaces().map((i) => i.name),
        original.getInterfaces().map((i) => i.name),
      );
    }
    if (isUnionType(type) && isUnionType(original)) {
      same(
        `${type.name} members`,
        type.getTypes().map((t) => t.name),
        original.getTypes().map((t) => t.name),
      );
    }
    if (isEnumType(type) && isEnumType(original)) {
      same(
        `${type.name} values`,
        type.getValues().map((v) => v.name),
        original.getValues().map((v) => v.name),
      );
    }
    if (isInputObjectType(type) && isInputObjectType(original)) {
      const fieldsOf = (t: typeof type) =>
        Object.values(t.getFields()).map((f) => [f.name, String(f.type), f.defaultValue]);
      same(`${type.name} input fields`, fieldsOf(type), fieldsOf(original));
    }
  }
  return out;
}

describe("the served schema is a subset of the published one", () => {
  test("no type, field, argument, nullability, member or value differs", () => {
    expect(differences(served)).toEqual([]);
    expect(userTypes(served).length).toBeGreaterThan(25);
  });

  test.each([
    ["nullability", "refreshToken: Token\n", "refreshToken: Token!\n"],
    ["a field type", "  id: ID!\n  profile", "  id: String!\n  profile"],
    [
      "a union member",
      "union User = CloudUser | GuestUser | ScriptUser",
      "union User = CloudUser | GuestUser",
    ],
    ["an enum value", "  STALE_DATE\n", "  STALE\n"],
    [
      "a connection argument",
      "requests(after: String, before: String, first: Int,",
      "requests(after: String, before: String, first: Int!,",
    ],
    ["a data field's nullability", "  response: Response\n", "  response: Response!\n"],
    [
      "a payload field",
      "requestEdge(order: RequestResponseOrderInput): RequestEdge!",
      "requestEdge: RequestEdge!",
    ],
    [
      "an input field",
      "input HTTPQLInput {\n  code: String!",
      "input HTTPQLInput {\n  code: String",
    ],
    [
      "an argument",
      "createdAuthenticationToken(requestId: ID!)",
      "createdAuthenticationToken(requestId: ID)",
    ],
    [
      "an invented field",
      "type AuthenticationState {\n",
      "type AuthenticationState {\n  extra: Int\n",
    ],
  ])("the comparison notices a change of %s", (_what, from, to) => {
    expect(SCHEMA_SDL).toContain(from);
    expect(differences(buildSchema(SCHEMA_SDL.replace(from, to))).length).toBeGreaterThan(0);
  });

  test("it serves the auth protocol and the request-history slice, nothing else at the roots", () => {
    expect(Object.keys(served.getQueryType()!.getFields()).sort()).toEqual([
      "authenticationState",
      "request",
      "requests",
      "viewer",
    ]);
    expect(Object.keys(served.getMutationType()!.getFields()).sort()).toEqual([
      "loginAsGuest",
      "logout",
      "refreshAuthenticationToken",
      "startAuthenticationFlow",
    ]);
    expect(Object.keys(served.getSubscriptionType()!.getFields()).sort()).toEqual([
      "createdAuthenticationToken",
      "createdRequest",
    ]);
  });

  test("the data types are served and compared too", () => {
    for (const name of [
      "Request",
      "Response",
      "RequestConnection",
      "RequestEdge",
      "PageInfo",
      "Count",
      "CreatedRequestPayload",
      "RequestMetadata",
      "RequestResponseOrderInput",
      "HTTPQLInput",
      "UserEntitlement",
      "GuestAuthenticationPayload",
      "PermissionDeniedUserError",
    ]) {
      expect(served.getType(name), name).toBeDefined();
    }
    expect(
      Object.keys((served.getType("UserSubscription") as GraphQLObjectType).getFields()),
    ).toContain("entitlements");
  });

  test("the SDL carries its attribution", () => {
    const source = readFileSync(
      new URL("../../source/sandbox/instance/schema-sdl.ts", import.meta.url),
      "utf8",
    );
    expect(source).toMatch(/CC-BY-4\.0/);
    expect(source).toMatch(/Caido Labs/);
  });
});

describe("validation", () => {
  // The documents of @caido/server-auth 0.2.0, as it sends them.
  const officialDocuments = (() => {
    const text = readFileSync(require.resolve("@caido/server-auth"), "utf8");
    return [...text.matchAll(/gql`([\s\S]*?)`/g)].map((m) => m[1]!);
  })();

  test("the official client's documents are found", () => {
    expect(officialDocuments.length).toBe(3);
  });

  test("they pass the served rules, on the served and on the published schema", () => {
    for (const document of officialDocuments) {
      expect(validate(served, parse(document), validationRules)).toEqual([]);
      expect(validate(real, parse(document), validationRules)).toEqual([]);
    }
  });

  // What @caido/sdk-client 0.3.1's connect() (server-auth's documents, above), user.viewer(),
  // request.get() and request.list() send: its generated document objects, as they are.
  const sdkDocuments = (() => {
    const text = readFileSync(require.resolve("@caido/sdk-client"), "utf8");
    return Object.fromEntries(
      ["ViewerDocument", "RequestDocument", "RequestsDocument"].map((name) => {
        const start = text.indexOf(`const ${name} = {`);
        const end = text.indexOf("\n};\n", start);
        if (start < 0 || end < 0) throw new Error(`${name} is not in @caido/sdk-client`);
        const literal = text.slice(start + `const ${name} = `.length, end + 2);
        return [name, new Function(`return (${literal});`)() as DocumentNode];
      }),
    );
  })();

  test("the official sdk-client's viewer and request documents pass, entitlements included", () => {
    expect(print(sdkDocuments.ViewerDocument!)).toMatch(/entitlements\s*\{\s*name\s*\}/);
    for (const [name, document] of Object.entries(sdkDocuments)) {
      expect(validate(served, document, validationRules), name).toEqual([]);
      expect(validate(served, document, specifiedRules), name).toEqual([]);
      expect(validate(real, document, specifiedRules), name).toEqual([]);
    }
  });

  test("only OverlappingFieldsCanBeMerged is dropped, and it is what refuses them", () => {
    expect(specifiedRules.length - validationRules.length).toBe(1);
    const refused = officialDocuments.flatMap((d) => validate(real, parse(d), specifiedRules));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => /conflict/i.test(e.message))).toBe(true);
  });
});
