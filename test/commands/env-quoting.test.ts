// env's quoting: no value can break out of its quotes. sh is checked by a real bash and fish by
// a real fish (npm test installs it); PowerShell by its documented single-quote rules (fish: \\ and \' are escapes inside single
// quotes; PowerShell: ' and the typographic U+2018-U+201B all quote, each doubled to escape).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatEnv } from "../../source/commands/env.js";

const hostile = ["it's", "a\\'b; echo pwned", "back\\\\slash\\", "$(echo pwned)`x`", "q\u2019; x"];

describe("env quoting", () => {
  it.each(hostile)("sh: bash reads %j back as it was", (value) => {
    const script = `${formatEnv("sh", { CAIDO_ACCESS_TOKEN: value })}printf %s "$CAIDO_ACCESS_TOKEN"`;
    expect(execFileSync("bash", ["-c", script], { encoding: "utf8" })).toBe(value);
  });

  it.each(hostile)("fish: fish reads %j back as it was", (value) => {
    const script = `${formatEnv("fish", { CAIDO_ACCESS_TOKEN: value })}printf %s "$CAIDO_ACCESS_TOKEN"`;
    expect(execFileSync("fish", ["--no-config", "-c", script], { encoding: "utf8" })).toBe(value);
  });

  it.each([
    ["it's", "set -gx V 'it'\\''s';\n"],
    ["a\\'b", "set -gx V 'a\\\\'\\''b';\n"],
    ["end\\", "set -gx V 'end\\\\';\n"],
  ])("fish: %j", (value, want) => {
    expect(formatEnv("fish", { V: value })).toBe(want);
  });

  it.each([
    ["it's", "$env:V = 'it''s'\n"],
    ["q\u2019; x", "$env:V = 'q\u2019\u2019; x'\n"],
    ["\u2018\u201a\u201b", "$env:V = '\u2018\u2018\u201a\u201a\u201b\u201b'\n"],
  ])("powershell: %j", (value, want) => {
    expect(formatEnv("powershell", { V: value })).toBe(want);
  });
});
