import { describe, expect, it } from "vitest";
import { parseField } from "../../source/commands/api.js";
import { formatEnv } from "../../source/commands/env.js";

describe("api -F", () => {
  it.each([
    ["n=3", ["n", 3]],
    ["flag=true", ["flag", true]],
    ["x=null", ["x", null]],
    ["name=alice", ["name", "alice"]],
    ["eq=a=b", ["eq", "a=b"]],
  ])("%s", (field, want) => {
    expect(parseField(field)).toEqual(want);
  });
  it("refuses a field without a name", () => {
    expect(() => parseField("=3")).toThrow(/name=value/);
  });
});

describe("env --shell", () => {
  const vars = { CAIDO_ACCESS_TOKEN: "it's", CAIDO_INSTANCE: "http://h" };
  it.each([
    ["sh", "export CAIDO_ACCESS_TOKEN='it'\\''s'\nexport CAIDO_INSTANCE='http://h'\n"],
    ["fish", "set -gx CAIDO_ACCESS_TOKEN 'it'\\''s';\nset -gx CAIDO_INSTANCE 'http://h';\n"],
    ["powershell", "$env:CAIDO_ACCESS_TOKEN = 'it''s'\n$env:CAIDO_INSTANCE = 'http://h'\n"],
    ["json", `${JSON.stringify(vars)}\n`],
  ] as const)("%s", (shell, want) => {
    expect(formatEnv(shell, vars)).toBe(want);
  });
});
