// The --help of login, logout, use, sandbox and status: flags with their defaults in
// one aligned column, the variables each reads, and two or three real examples.
import { describe, expect, it } from "vitest";
import { baseEnv, newConfigDir, runCli } from "./_cli.js";

/** The lines of one section ("Flags:" up to the next blank-line-then-heading). */
function section(help: string, title: string): string[] {
  const lines = help.split("\n");
  const start = lines.indexOf(`${title}:`);
  if (start === -1) return [];
  const end = lines.findIndex((line, i) => i > start && /^[A-Z][\w ]*:$/.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((l) => l !== "");
}

/** The column where a flag's description starts, for every line that names a flag. */
function descriptionColumns(flags: string[]): number[] {
  return flags
    .filter((line) => /^ {2}(-\w, )?--?\w/.test(line) || /^ {6}--\w/.test(line))
    .map((line) => /^\s+(?:-\w, )?--[\w-]+(?: \S+)?\s{2,}/.exec(line)?.[0].length ?? -1);
}

describe("help of login, logout, use, sandbox and status", () => {
  const env = baseEnv(newConfigDir());
  const help = async (command: string) => {
    const result = await runCli([command, "--help"], { env });
    expect(result.code).toBe(0);
    return result.stdout;
  };

  it.each([
    ["login", ["CAIDO_PAT", "CAIDO_CLOUD_URL", "CAIDO_INSTANCE", "HTTP_PROXY", "CI"]],
    ["logout", ["CAIDO_INSTANCE"]],
    ["use", ["CAIDO_INSTANCE"]],
    ["sandbox", ["CAIDO_CLOUD_URL"]],
    ["status", ["CAIDO_ACCESS_TOKEN"]],
  ])(
    "%s: aligned flags with defaults, its variables, real examples",
    async (command, variables) => {
      const text = await help(command);
      const flags = section(text, "Flags");
      expect(flags.length).toBeGreaterThan(0);
      const columns = descriptionColumns(flags);
      if (command !== "use") {
        expect(columns.length).toBeGreaterThan(0);
        expect(new Set(columns).size).toBe(1);
        expect(flags.join("\n")).toMatch(/default/);
      }
      const environment = section(text, "Environment").join("\n");
      for (const variable of variables) expect(environment).toContain(variable);
      const examples = section(text, "Examples").filter((l) => !l.trimStart().startsWith("#"));
      expect(examples.length).toBeGreaterThanOrEqual(2);
      for (const line of examples) expect(line).toMatch(/caido-auth /);
      // No line runs past a wide terminal's 100 columns.
      for (const line of text.split("\n").filter((l) => !l.startsWith("  caido-auth ")))
        expect({ line, long: line.length > 100 }).toEqual({ line, long: false });
    },
  );

  it("status --help documents the exit codes, the states and the cleartext mark", async () => {
    const text = await help("status");
    expect(text).toMatch(/Exit 0 when the named instance, or with none named at least one/);
    expect(text).toMatch(/The same with --json, which still prints its object/);
    for (const state of ["valid", "expired", "needs-login", "malformed", "pending", "not-stored"])
      expect(text).toContain(state);
    expect(text).toContain("[cleartext]");
  });

  it("sandbox --help takes no -i and says which variable a PAT login needs", async () => {
    const text = await help("sandbox");
    expect(text).not.toMatch(/--instance/);
    expect(text).toMatch(/set it to the sandbox's cloud URL/);
  });
});
