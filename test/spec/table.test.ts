// The command table against what it describes: the commands cli.ts can load, the scopes
// --scopes accepts, the limits the sandbox enforces, and help that fits a terminal.
import { describe, expect, it } from "vitest";
import { loaders } from "../../source/cli.js";
import { SCOPE_NAMES } from "../../source/instance/scopes.js";
import { MAX_SEED_REQUESTS as SANDBOX_MAX } from "../../source/sandbox/instance/request-log.js";
import { MAX_SEED_REQUESTS } from "../../source/spec/commands/sandbox.js";
import { commandHelp, programHelp, wrap } from "../../source/spec/help.js";
import { COMMAND_NAMES, findCommand, flagsOf, TABLE } from "../../source/spec/table.js";

describe("the command table", () => {
  it("names exactly the commands cli.ts loads, each of which has a run", async () => {
    expect(Object.keys(loaders).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) {
      const { command } = await loaders[name as keyof typeof loaders]();
      expect(typeof command.run, name).toBe("function");
    }
  });

  it("gives every flag one spelling, and a value placeholder wherever it has a type", () => {
    for (const spec of TABLE) {
      const flags = flagsOf(spec);
      const spellings = flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
      expect(new Set(spellings).size, spec.name).toBe(spellings.length);
      for (const flag of flags) {
        if (flag.choices || flag.integer || flag.multiple || flag.complete)
          expect(flag.value, `${spec.name} --${flag.long}`).toBeDefined();
        expect(flag.help.length, `${spec.name} --${flag.long}`).toBeGreaterThan(0);
      }
    }
  });

  it("documents every scope --scopes accepts", () => {
    const help = commandHelp(findCommand("login") ?? TABLE[0]!).replace(/\s+/g, " ");
    for (const scope of SCOPE_NAMES) {
      expect(help).toContain(`${scope.instance} (${scope.cloud})`);
      expect(help).toContain(scope.grants);
    }
  });

  it("caps --seed-requests where the sandbox does", () => {
    expect(MAX_SEED_REQUESTS).toBe(SANDBOX_MAX);
  });

  it("writes help that fits a 100-column terminal, no line starting with a flag in prose", () => {
    for (const text of [programHelp(), ...TABLE.map(commandHelp)])
      for (const line of text.split("\n").filter((l) => !l.startsWith("  caido-auth ")))
        expect({ line, long: line.length > 100 }).toEqual({ line, long: false });
    expect(wrap("one two --flag three", 8)).toEqual(["one", "two --flag", "three"]);
  });
});
