// objectMembers finds where each member of a JSON object is, for config-index.ts: each span it
// gives must parse to exactly the value JSON.parse gives for that key, whatever the strings hold.
import { describe, expect, it } from "vitest";
import { objectMembers } from "../../source/store/json-members.js";

/** Every member's key and its value parsed from its span alone. */
function parsedSpans(text: string, at = 0) {
  const bytes = Buffer.from(text);
  const members = objectMembers(bytes, at);
  return members?.map(({ key, keyStart, start, end }) => {
    const value = JSON.parse(bytes.subarray(start, end).toString());
    // From the key's quote, the member alone: what config-index.ts reads back.
    const member = JSON.parse(`{${bytes.subarray(keyStart, end).toString()}}`);
    expect(Object.entries(member)).toEqual([[key, value]]);
    return [key, value];
  });
}

const tricky = {
  plain: "value",
  'quote"key': 'a "quoted" value with \\ backslashes \\"',
  braces: "} ] { [ , : in a string",
  ключ: "значение ✓ 🙂 multi-byte",
  "": "empty key",
  ["__proto__"]: "an own key, not a prototype",
  number: -12.5e3,
  zero: 0,
  yes: true,
  no: false,
  nothing: null,
  list: [1, "two", { three: [3, "]"] }, []],
  nested: { a: { b: { c: "}}}" } }, empty: {} },
  escapes: "\u0000\u001f\n\t\\u0041",
};

describe("objectMembers", () => {
  it.each([
    ["compact", JSON.stringify(tricky)],
    ["pretty", JSON.stringify(tricky, null, 2)],
    ["tabs and CRLF", JSON.stringify(tricky, null, "\t").replaceAll("\n", "\r\n")],
    ["spaces everywhere", ` { "a" :  1 , "b"\n:\n[ 1 , 2 ] , "c" : "x" } `],
  ])("gives spans that parse to each member's value (%s)", (_name, text) => {
    expect(parsedSpans(text)).toEqual(Object.entries(JSON.parse(text)));
  });

  it("finds a nested object's members from its start, repeated keys included", () => {
    const text = '{"version":1,"sessions":{"http://a":{"alias":"x"},"http://a":{"alias":"y"}}}';
    const top = objectMembers(Buffer.from(text), 0) ?? [];
    expect(top.map((m) => m.key)).toEqual(["version", "sessions"]);
    const sessions = top[1] as { start: number };
    expect(parsedSpans(text, sessions.start)).toEqual([
      ["http://a", { alias: "x" }],
      ["http://a", { alias: "y" }],
    ]);
  });

  it("says undefined for what is not an object, and for text cut short", () => {
    expect(objectMembers(Buffer.from("[1, 2]"), 0)).toBeUndefined();
    expect(objectMembers(Buffer.from('"a string"'), 0)).toBeUndefined();
    expect(objectMembers(Buffer.from('{"a": "never closed'), 0)).toBeUndefined();
    expect(objectMembers(Buffer.from('{"a": {"b": 1}'), 0)).toBeUndefined();
    expect(objectMembers(Buffer.from(""), 0)).toBeUndefined();
  });
});
