// Our own flag parser: every failure is one line in our words, and typos get a suggestion.
import { describe, expect, it } from "vitest";
import { parseFlags } from "../../source/args/parse.js";
import { closest, editDistance } from "../../source/args/suggest.js";
import type { OptionSpec } from "../../source/command.js";

const options: OptionSpec = {
  instance: { type: "string", short: "i" },
  json: { type: "boolean" },
  "min-valid": { type: "string" },
  field: { type: "string", short: "F", multiple: true },
};

const fails = (args: string[]) => {
  try {
    parseFlags("token", args, options);
  } catch (error) {
    return {
      message: (error as Error).message,
      exitCode: (error as { exitCode: number }).exitCode,
    };
  }
  throw new Error(`parsed ${args.join(" ")}`);
};

describe("parseFlags", () => {
  it("reads long, long=value, short, repeatable flags and positionals", () => {
    expect(
      parseFlags(
        "token",
        ["a", "--json", "-i", "x", "--min-valid=5", "-F", "a=1", "-F", "b=2", "-"],
        options,
      ),
    ).toEqual({
      values: { json: true, instance: "x", "min-valid": "5", field: ["a=1", "b=2"] },
      positionals: ["a", "-"],
    });
  });

  it("lets a string flag take a value that starts with a dash, for the command to judge", () => {
    expect(parseFlags("token", ["--min-valid", "-5"], options).values["min-valid"]).toBe("-5");
  });

  it.each([
    [["--bogus"], "token: unknown flag --bogus."],
    [["--jsno"], "token: unknown flag --jsno. Did you mean --json?"],
    [["--min-vaild", "5"], "token: unknown flag --min-vaild. Did you mean --min-valid?"],
    [["-x"], "token: unknown flag -x."],
    [["--min-valid"], "token: --min-valid needs a value."],
    [["--json=yes"], "token: --json takes no value."],
    [["-i", "a", "-i", "b"], "token: -i is given twice."],
  ])("%j → %s", (args, message) => {
    expect(fails(args)).toEqual({ message, exitCode: 2 });
  });
});

describe("suggestions", () => {
  it("counts a swap of two letters as one edit", () => {
    expect(editDistance("lgoin", "login")).toBe(1);
    expect(editDistance("status", "stauts")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests only close words", () => {
    const commands = ["login", "logout", "status", "token", "env", "exec", "api", "use", "sandbox"];
    expect(closest("lgoin", commands)).toBe("login");
    expect(closest("tokne", commands)).toBe("token");
    expect(closest("sandbx", commands)).toBe("sandbox");
    expect(closest("frobnicate", commands)).toBeUndefined();
    expect(closest("x", commands)).toBeUndefined();
  });
});
