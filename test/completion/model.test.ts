// The completion model comes from the real command definitions: every flag each command's
// parser takes with its short form and whether it takes a value, the --shell values env
// accepts, and INSTANCE where the usage puts it. Plus the usage/help reading on its own.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { commands } from "../../source/cli.js";
import { type Command, commonOptions } from "../../source/command.js";
import { command as envCommand } from "../../source/commands/env.js";
import { commandModel, completionModel } from "../../source/completion/model.js";
import type { Context } from "../../source/context.js";
import { UsageError } from "../../source/errors.js";

async function loaded(): Promise<{ name: string; command: Command }[]> {
  return Promise.all(
    Object.entries(commands).map(async ([name, entry]) => ({
      name,
      command: (await entry.load()).command,
    })),
  );
}

function context(env: NodeJS.ProcessEnv): Context {
  return {
    io: {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      stdinIsTTY: false,
      stdoutIsTTY: false,
      stderrIsTTY: false,
    },
    env,
    signal: new AbortController().signal,
    debug: () => {},
  };
}

describe("the model of the real commands", () => {
  it("lists every command of cli.ts with every flag its parser takes", async () => {
    const all = await loaded();
    const model = completionModel(all);
    expect(model.commands.map((c) => c.name)).toEqual(Object.keys(commands));
    for (const { name, command } of all) {
      const parsed = { ...commonOptions, ...command.options };
      // The sandbox serves no instance (cli.ts refuses -i there); completion names none.
      if (name === "sandbox" || name === "completion") delete parsed.instance;
      const flags = model.commands.find((c) => c.name === name)?.flags ?? [];
      expect(flags.map((f) => f.long).sort(), name).toEqual(Object.keys(parsed).sort());
      for (const flag of flags) {
        const spec = parsed[flag.long];
        expect(flag.short, `${name} --${flag.long}`).toBe(spec?.short);
        expect(flag.value.kind !== "none", `${name} --${flag.long}`).toBe(spec?.type === "string");
        expect(flag.multiple).toBe(Boolean(spec?.multiple));
      }
    }
  });

  it("reads -i as --include for api, and as --instance everywhere else", async () => {
    const model = completionModel(await loaded());
    const api = model.commands.find((c) => c.name === "api");
    expect(api?.flags.find((f) => f.short === "i")).toMatchObject({
      long: "include",
      value: { kind: "none" },
    });
    expect(api?.flags.find((f) => f.long === "instance")).toMatchObject({
      value: { kind: "instance" },
    });
    expect(api?.flags.find((f) => f.long === "instance")?.short).toBeUndefined();
    expect(model.commands.find((c) => c.name === "token")?.flags).toContainEqual(
      expect.objectContaining({ long: "instance", short: "i", value: { kind: "instance" } }),
    );
  });

  it("puts INSTANCE first where the usage does, the shells for completion, and -- COMMAND for exec", async () => {
    const model = completionModel(await loaded());
    const positional = Object.fromEntries(model.commands.map((c) => [c.name, c.positional]));
    for (const name of ["login", "logout", "status", "token", "env", "exec", "api", "use"])
      expect(positional[name], name).toEqual({ kind: "instance" });
    expect(positional.sandbox).toBeUndefined();
    expect(positional.completion).toEqual({ kind: "choice", values: ["bash", "zsh", "fish"] });
    expect(model.commands.filter((c) => c.passesCommand).map((c) => c.name)).toEqual(["exec"]);
  });

  it("offers exactly the --shell values env accepts", async () => {
    const model = completionModel(await loaded());
    const shell = model.commands
      .find((c) => c.name === "env")
      ?.flags.find((f) => f.long === "shell")?.value;
    expect(shell?.kind).toBe("choice");
    const values = shell?.kind === "choice" ? shell.values : [];
    expect(values.length).toBeGreaterThan(1);
    // No config at all: an accepted shell gets past the --shell check to "not logged in".
    const ctx = context({ CAIDO_AUTH_CONFIG_DIR: "/nonexistent/caido-auth-completion" });
    for (const value of values) {
      const error = await envCommand.run({ shell: value }, [], ctx, []).catch((e) => e);
      expect(String(error?.message), value).not.toMatch(/--shell/);
    }
    for (const value of ["zsh", "bash", "cmd"].filter((v) => !values.includes(v))) {
      const error = await envCommand.run({ shell: value }, [], ctx, []).catch((e) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(/--shell/);
    }
  });
});

describe("reading a command's usage and help", () => {
  const command = (usage: string[], help: string[], options: Command["options"]): Command => ({
    usage,
    summary: "a test command",
    help,
    options,
    run: async () => 0,
  });

  it("finds each flag's value kind, placeholder and description", () => {
    const model = commandModel(
      "x",
      command(
        ["x [INSTANCE] [--mode fast|slow] [--out FILE|-] [--dir DIR] [-X METHOD] [--n N]"],
        [
          "      --mode MODE     how to go: fast or slow",
          "      --out FILE|-    where to write; this description",
          "                      goes on here",
          "      --dir DIR       a directory",
          "  -X, --method METHOD  the method",
          "  -H, --header 'Name: value'  an extra header",
          "      --n N           a number",
          "      --quiet         say less",
        ],
        {
          mode: { type: "string" },
          out: { type: "string" },
          dir: { type: "string" },
          method: { type: "string", short: "X" },
          header: { type: "string", short: "H", multiple: true },
          n: { type: "string" },
          quiet: { type: "boolean" },
        },
      ),
    );
    const flag = (long: string) => model.flags.find((f) => f.long === long);
    expect(flag("mode")).toMatchObject({
      value: { kind: "choice", values: ["fast", "slow"], placeholder: "MODE" },
      description: "how to go: fast or slow",
    });
    expect(flag("out")).toMatchObject({
      value: { kind: "file" },
      description: "where to write; this description goes on here",
    });
    expect(flag("dir")?.value).toEqual({ kind: "directory" });
    expect(flag("method")?.value).toEqual({ kind: "text", placeholder: "METHOD" });
    expect(flag("header")).toMatchObject({
      multiple: true,
      description: "an extra header",
      value: { kind: "text", placeholder: "'Name: value'" },
    });
    expect(flag("n")?.value).toEqual({ kind: "text", placeholder: "N" });
    expect(flag("quiet")).toMatchObject({ value: { kind: "none" }, description: "say less" });
    expect(flag("instance")?.value).toEqual({ kind: "instance" });
    expect(model.positional).toEqual({ kind: "instance" });
  });

  it("tells a positional from a flag's value, and stops at -- or another first positional", () => {
    const options: Command["options"] = {
      resume: { type: "boolean" },
      name: { type: "string" },
    };
    const positional = (usage: string[]) =>
      commandModel("x", command(usage, [], options)).positional;
    expect(positional(["x --resume [INSTANCE]"])).toEqual({ kind: "instance" });
    expect(positional(["x --name INSTANCE"])).toBeUndefined();
    expect(positional(["x QUERY [INSTANCE]"])).toBeUndefined();
    expect(positional(["x -- a|b"])).toBeUndefined();
    expect(positional(["x (a|b)"])).toEqual({ kind: "choice", values: ["a", "b"] });
  });

  it("drops -i/--instance where the usage names no INSTANCE", () => {
    const model = commandModel("x", command(["x [--n N]"], [], { n: { type: "string" } }));
    expect(model.flags.map((f) => f.long)).toEqual(["n", "debug", "help"]);
  });
});
