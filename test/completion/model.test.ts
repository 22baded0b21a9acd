// The completion model is the command table read for Tab: every flag each command's parser
// takes with its short form and whether it takes a value, the choices the parser accepts,
// and what fills the first positional.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../source/base/errors.js";
import { completionModel } from "../../source/completion/model.js";
import { parseCommandLine } from "../../source/spec/parse.js";
import { COMMAND_NAMES, findCommand, flagsOf } from "../../source/spec/table.js";

const model = completionModel();
const commandOf = (name: string) => model.commands.find((c) => c.name === name);

describe("the completion model of the command table", () => {
  it("lists every command with every flag its parser takes, and only those", () => {
    expect(model.commands.map((c) => c.name)).toEqual(COMMAND_NAMES);
    for (const command of model.commands) {
      const spec = findCommand(command.name);
      if (!spec) throw new Error(command.name);
      expect(command.flags.map((f) => f.long)).toEqual(flagsOf(spec).map((f) => f.long));
      for (const flag of command.flags) {
        const argv = [command.name, `--${flag.long}`, ...(flag.value.kind === "none" ? [] : ["1"])];
        // The parser takes every flag the model offers; a value only where the model asks one.
        const parsed = (() => {
          try {
            return parseCommandLine(argv);
          } catch (error) {
            return error;
          }
        })();
        if (parsed instanceof UsageError)
          expect(parsed.message, argv.join(" ")).not.toMatch(
            /unknown flag|takes no value|needs a value/,
          );
      }
    }
  });

  it("reads -i as --include for api, and as --instance everywhere it serves an instance", () => {
    const api = commandOf("api");
    expect(api?.flags.find((f) => f.short === "i")).toMatchObject({
      long: "include",
      value: { kind: "none" },
    });
    expect(api?.flags.find((f) => f.long === "instance")).toMatchObject({
      value: { kind: "instance" },
    });
    expect(api?.flags.find((f) => f.long === "instance")?.short).toBeUndefined();
    expect(commandOf("token")?.flags).toContainEqual(
      expect.objectContaining({ long: "instance", short: "i", value: { kind: "instance" } }),
    );
    for (const name of ["sandbox", "completion"])
      expect(commandOf(name)?.flags.map((f) => f.long)).not.toContain("instance");
  });

  it("puts INSTANCE first where the table does, the shells for completion, and -- COMMAND for exec", () => {
    const positional = Object.fromEntries(model.commands.map((c) => [c.name, c.positional]));
    for (const name of ["login", "logout", "status", "token", "env", "exec", "api", "use"])
      expect(positional[name], name).toEqual({ kind: "instance" });
    expect(positional.sandbox).toBeUndefined();
    expect(positional.completion).toEqual({ kind: "choice", values: ["bash", "zsh", "fish"] });
    expect(model.commands.filter((c) => c.passesCommand).map((c) => c.name)).toEqual(["exec"]);
  });

  it("offers exactly the --shell values env's parser accepts", () => {
    const shell = commandOf("env")?.flags.find((f) => f.long === "shell")?.value;
    expect(shell?.kind).toBe("choice");
    const values = shell?.kind === "choice" ? shell.values : [];
    expect(values.length).toBeGreaterThan(1);
    for (const value of values)
      expect(() => parseCommandLine(["env", "--shell", value])).not.toThrow();
    for (const value of ["zsh", "bash", "cmd"].filter((v) => !values.includes(v)))
      expect(() => parseCommandLine(["env", "--shell", value])).toThrow(/--shell takes/);
  });

  it("offers files and directories where the flag takes one", () => {
    const flag = (command: string, long: string) =>
      commandOf(command)?.flags.find((f) => f.long === long)?.value;
    expect(flag("api", "input")).toEqual({ kind: "file" });
    expect(flag("sandbox", "data-dir")).toEqual({ kind: "directory" });
    expect(flag("api", "method")).toEqual({ kind: "text", placeholder: "METHOD" });
    expect(flag("token", "json")).toEqual({ kind: "none" });
  });
});
