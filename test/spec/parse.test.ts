// The command table's parser: every failure is one line in our words, typos get a suggestion,
// and each flag's type (choices, whole numbers) is checked before a command runs.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../source/base/errors.js";
import { type Invocation, parseCommandLine } from "../../source/spec/parse.js";
import { closest, editDistance } from "../../source/spec/suggest.js";

const command = (argv: string[]) => {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== "command") throw new Error(`not a command: ${parsed.kind}`);
  return parsed;
};

const fails = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parsed ${argv.join(" ")}`);
};

describe("parseCommandLine", () => {
  it("reads long, long=value, short, repeatable flags, positionals and what follows --", () => {
    const parsed = command(["api", "a", "-i", "--instance=x", "-F", "a=1", "-F", "b=2", "-"]);
    expect(parsed.spec.name).toBe("api");
    expect(parsed.values).toEqual({ include: true, instance: "x", field: ["a=1", "b=2"] });
    expect(parsed.positionals).toEqual(["a", "-"]);
    const exec = command(["exec", "vps", "--", "ls", "--json", "-l"]);
    expect(exec.positionals).toEqual(["vps"]);
    expect(exec.afterDashes).toEqual(["ls", "--json", "-l"]);
  });

  it("hands whole numbers over as numbers, and choices as given", () => {
    expect(command(["token", "--min-valid", "600"]).values["min-valid"]).toBe(600);
    expect(command(["env", "--shell=fish"]).values.shell).toBe("fish");
    expect(command(["sandbox", "--port", "0"]).values.port).toBe(0);
  });

  it.each([
    [["token", "--bogus"], /^token: unknown flag --bogus\.$/],
    [["token", "--jsno"], /^token: unknown flag --jsno\. Did you mean --json\?$/],
    [["token", "--min-vaild", "5"], /Did you mean --min-valid\?$/],
    [["token", "-x"], /^token: unknown flag -x\.$/],
    [["token", "--min-valid"], /^token: --min-valid needs a value\.$/],
    [["token", "--json=yes"], /^token: --json takes no value\.$/],
    [["token", "-i", "a", "-i", "b"], /^token: -i is given twice\.$/],
    [
      ["token", "--min-valid", "-5"],
      /^token: --min-valid takes a whole number of seconds, not "-5"\.$/,
    ],
    [["token", "--min-valid", "1.5"], /whole number of seconds, not "1\.5"/],
    [["sandbox", "--port", "70000"], /^sandbox: --port takes a whole number from 0 to 65535/],
    [["api", "--limit", "0"], /^api: --limit takes a whole number \(1 or more\), not "0"\.$/],
    [["env", "--shell", "cmd"], /^env: --shell takes sh, fish, powershell or json, not "cmd"\.$/],
    [["token", "a", "b"], /^token: too many arguments: "b"\.$/],
    [["sandbox", "x"], /^sandbox: unexpected arguments: "x"\.$/],
    [["token", "--", "x"], /^token: unexpected arguments after --\.$/],
    [["exec", "ls", "-l"], /^exec: unknown flag -l: put the command after --\.$/],
    [["exec", "echo", "hi"], /^exec: put the command after "--"\.$/],
    [["tokn"], /^unknown command "tokn"\. Did you mean token\?$/],
    [["--bogus"], /^unknown flag "--bogus"\./],
  ])("%j", (argv, message) => {
    expect(fails(argv)).toMatch(message);
  });

  it("never repeats a token typed where an argument or a flag goes", () => {
    const pat = "caido_abcdefghijklmnopqrstuvwxyz012345";
    for (const argv of [
      ["token", "a", pat],
      ["token", `--${pat}`],
      ["env", "--shell", pat],
    ])
      expect(fails(argv)).not.toContain(pat);
  });

  it("attaches the command's usage to its parser errors", () => {
    try {
      parseCommandLine(["env", "--nope"]);
    } catch (error) {
      expect((error as UsageError).usage).toMatch(/^Usage: caido-auth env \[INSTANCE\]/);
    }
  });

  it("answers help and version before any command", () => {
    const kinds: [string[], Invocation["kind"]][] = [
      [[], "program-help"],
      [["--help"], "program-help"],
      [["help"], "program-help"],
      [["-V"], "version"],
      [["--version"], "version"],
    ];
    for (const [argv, kind] of kinds) expect(parseCommandLine(argv).kind).toBe(kind);
    expect(parseCommandLine([]).kind === "program-help" && parseCommandLine([])).toMatchObject({
      exitCode: 2,
    });
    expect(command(["help", "login"]).values).toEqual({ help: true });
    // --help answers whatever else is on the line.
    expect(command(["token", "a", "b", "--help"]).values.help).toBe(true);
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
