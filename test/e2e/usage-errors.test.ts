// Every command, driven with an unknown flag, a missing value, a bad number and a stray
// positional: exit 2 and one line in our words (a parser failure adds the command's usage).
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../../source/spec/table.js";
import { baseEnv, type CliResult, newConfigDir, runCli } from "./_cli.js";

const SUB = "subscription { createdRequest { requestEdge { node { id } } } }";

// [command, a flag that takes a value, bad number args or null when it has no number, stray-positional args]
const cases: [string, string, string[] | null, string[]][] = [
  ["login", "--name", null, ["login", "a", "b"]],
  ["logout", "--instance", null, ["logout", "a", "b"]],
  ["status", "--instance", null, ["status", "a", "b"]],
  ["use", "--instance", null, ["use", "a", "b"]],
  ["token", "--min-valid", ["token", "--min-valid", "soon"], ["token", "a", "b"]],
  ["env", "--shell", ["env", "--min-valid", "-5"], ["env", "a", "b"]],
  [
    "exec",
    "--min-valid",
    ["exec", "--min-valid", "1.5", "--", "true"],
    ["exec", "a", "b", "--", "true"],
  ],
  ["api", "--limit", ["api", "--subscribe", "--limit", "abc", SUB], ["api", "a", "b", "c"]],
  ["sandbox", "--port", ["sandbox", "--port", "abc"], ["sandbox", "x"]],
  ["completion", "--debug=x", null, ["completion", "bash", "x"]],
];

const oneLine = (run: CliResult, pattern: RegExp) => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  const [first, ...rest] = run.stderr.trimEnd().split("\n");
  expect(first).toMatch(/^caido-auth: /);
  expect(first).toMatch(pattern);
  expect(first).not.toMatch(/unexpected error|ERR_|TypeError|Unknown option/);
  // At most the usage lines follow, never a stack.
  for (const line of rest) expect(line).toMatch(/^(Usage:| {6}) caido-auth /);
};

describe("usage errors of every command", () => {
  it("covers every command there is", () => {
    expect(cases.map(([name]) => name).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  for (const [name, valueFlag, badNumber, stray] of cases) {
    it(`${name}: unknown flag, missing value, bad number, stray positional`, async () => {
      const env = baseEnv(newConfigDir());
      const unknown = await runCli([name, "--bogus"], { env });
      if (name === "exec") {
        // Without "--", an unknown flag was most likely meant for the command to run.
        oneLine(unknown, /^caido-auth: exec: unknown flag --bogus: put the command after --\./);
      } else {
        oneLine(unknown, new RegExp(`^caido-auth: ${name}: unknown flag --bogus\\.$`));
        expect(unknown.stderr).toContain("Usage: caido-auth ");
      }

      const [flag] = valueFlag.split("=");
      const missing = await runCli([name, valueFlag], { env });
      oneLine(
        missing,
        valueFlag.includes("=")
          ? new RegExp(`${flag} takes no value\\.$`)
          : new RegExp(`${flag} needs a value\\.$`),
      );

      if (badNumber) oneLine(await runCli(badNumber, { env }), /takes .*(number|seconds).*not "/);
      oneLine(await runCli(stray, { env }), /(too many|unexpected) argument/);
    });
  }
});
