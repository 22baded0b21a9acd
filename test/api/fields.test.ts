// -F/-f fields, -H headers and files named on the command line: pure parsing, usage errors.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  parseHeader,
  parseRawField,
  parseTypedField,
  readUserFile,
} from "../../source/api/fields.js";
import { UsageError } from "../../source/base/errors.js";

const dir = mkdtempSync(join(tmpdir(), "caido-api-fields-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("-F name=value (typed)", () => {
  it.each([
    ["n=3", ["n", 3]],
    ["n=-12", ["n", -12]],
    ["f=1.5", ["f", 1.5]],
    ["flag=true", ["flag", true]],
    ["flag=false", ["flag", false]],
    ["x=null", ["x", null]],
    ["name=alice", ["name", "alice"]],
    ["eq=a=b", ["eq", "a=b"]],
    ["empty=", ["empty", ""]],
    // Numbers only when they read back exactly: ids with leading zeros or too many digits stay text.
    ["id=007", ["id", "007"]],
    ["big=12345678901234567890", ["big", "12345678901234567890"]],
    ["e=1e3", ["e", "1e3"]],
    ["t=True", ["t", "True"]],
  ] as const)("%s", (field, want) => {
    expect(parseTypedField(field)).toEqual(want);
  });

  it("@file reads the file's text", () => {
    const file = join(dir, "q.txt");
    writeFileSync(file, "from a file\n");
    expect(parseTypedField(`body=@${file}`)).toEqual(["body", "from a file\n"]);
  });

  it("@- reads standard input through the reader, and only when there is one", () => {
    expect(parseTypedField("body=@-", () => Buffer.from("piped"))).toEqual(["body", "piped"]);
    expect(() => parseTypedField("body=@-")).toThrow(UsageError);
  });

  it("an unreadable @file is a usage error naming the file, not a crash", () => {
    const missing = join(dir, "missing.txt");
    const error = catchError(() => parseTypedField(`x=@${missing}`));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`cannot read ${missing} (no such file), given as -F x=@${missing}.`);
    expect(catchError(() => parseTypedField(`x=@${dir}`)).message).toMatch(/a directory/);
  });

  it.each(["=3", "novalue", ""])("refuses %j without echoing it as a value", (field) => {
    const error = catchError(() => parseTypedField(field));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^-F takes name=value/);
  });
});

describe("-f name=value (raw)", () => {
  it("keeps every value a string", () => {
    expect(parseRawField("n=3")).toEqual(["n", "3"]);
    expect(parseRawField("b=true")).toEqual(["b", "true"]);
    expect(parseRawField("f=@file")).toEqual(["f", "@file"]);
  });
  it("refuses a field without a name", () => {
    expect(() => parseRawField("=x")).toThrow(/^-f takes name=value/);
  });
});

describe("-H 'Name: value'", () => {
  it.each([
    ["X-Trace: abc", ["X-Trace", "abc"]],
    ["accept:application/json", ["accept", "application/json"]],
    ["X-Empty:", ["X-Empty", ""]],
    ["X-Colon: a:b: c", ["X-Colon", "a:b: c"]],
    ["X-Latin: caf\u00e9", ["X-Latin", "caf\u00e9"]],
  ] as const)("%j", (header, want) => {
    expect(parseHeader(header)).toEqual(want);
  });

  it.each([
    ["no colon", /has no name or no ":"/],
    [": value", /has no name or no ":"/],
    ["Bad Name: x", /is not a header name/],
    ["X-Inject: a\r\nHost: evil", /line break/],
    ["X-Inject: a\nb", /line break/],
    ["X-Nul: a\0b", /line break or NUL/],
    ["X-Esc: a\u001b[2Kb", /control or non-Latin-1/],
    ["X-Wide: \u2603", /control or non-Latin-1/],
  ])("refuses %j", (header, message) => {
    const error = catchError(() => parseHeader(header));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it("never echoes a refused value (it may be a secret)", () => {
    const error = catchError(() => parseHeader("Authorization: Bearer s3cr3t-token\r\n"));
    expect(error.message).not.toContain("s3cr3t");
  });
});

describe("readUserFile", () => {
  it("returns the bytes", () => {
    const file = join(dir, "bytes.bin");
    writeFileSync(file, Buffer.from([0, 1, 2]));
    expect([...readUserFile(file, "--input")]).toEqual([0, 1, 2]);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
