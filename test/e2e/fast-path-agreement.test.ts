// bin.cjs's fast path and the full CLI (dist/cli.js run directly) give the same answer, to the
// byte and the exit code, for command lines generated from the command table: for every
// command, good ones (each flag with each kind of value it takes, the positionals) and bad
// ones (typos, missing and ill-typed values, extra arguments). Each run gets its own copy of
// the same config directory, whose sessions point at instances that cannot be reached, so no
// run changes what the next one sees. A copy of bin.cjs with nothing beside it shows which
// lines the fast path answered alone: usage errors, --help, token, env and exec must be.
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCommand, flagsOf, TABLE } from "../../source/spec/table.js";
import type { CommandSpec, Flag } from "../../source/spec/types.js";
import { baseEnv, CLI, type CliResult, collect, runCli, runFullCli } from "./_cli.js";

/** Nothing listens here: every network call fails at once, the same way for both. */
const UNREACHABLE = "http://127.0.0.1:9";
const EXPIRED = "http://127.0.0.1:19";
const EXEC_CHILD = ["--", "sh", "-c", 'echo "$CAIDO_INSTANCE"; exit 3'];

interface Case {
  argv: string[];
  good: boolean;
  env?: NodeJS.ProcessEnv;
}

function sampleValue(flag: Flag): string[] {
  if (flag.choices) return [...flag.choices];
  if (flag.integer) return [String(flag.integer.min), String(flag.integer.min + 7)];
  if (flag.complete === "instance") return ["vps", UNREACHABLE];
  if (flag.complete === "file") return ["/dev/null"];
  if (flag.complete === "directory") return ["/nonexistent-dir"];
  return ["x=1"];
}

function badValues(flag: Flag): string[] {
  if (flag.choices) return ["nope", ""];
  if (flag.integer) {
    const { min, max } = flag.integer;
    return ["x", "1.5", String(min - 1), ...(max === undefined ? [] : [String(max + 1)])];
  }
  return [];
}

/** Command lines for one command: each flag alone with each kind of value, and the wrong ones. */
function casesOf(spec: CommandSpec): Case[] {
  const name = spec.name;
  // exec needs its command after "--"; the sandbox would run until stopped, so it gets none.
  const tail = spec.passesCommand ? EXEC_CHILD : [];
  const runs = name !== "sandbox";
  const good: string[][] = [
    [name, "--help"],
    [name, "-h", "--bogus"],
  ];
  if (runs) good.push([name, ...tail]);
  if (runs && spec.positionals[0]?.complete === "instance")
    good.push([name, "vps", ...tail], [name, UNREACHABLE, ...tail], [name, EXPIRED, ...tail]);
  if (runs && spec.positionals[0]?.choices)
    for (const choice of spec.positionals[0].choices) good.push([name, choice]);
  const bad: string[][] = [
    [name, "--bogus"],
    [name, "-Z"],
    [name, "--", "x"],
  ];
  bad.push([name, ...Array(spec.positionals.length + 1).fill("extra"), ...tail]);
  for (const flag of flagsOf(spec)) {
    if (flag.long === "help") continue;
    const long = `--${flag.long}`;
    bad.push([name, long.slice(0, -1), ...tail]); // a typo: "Did you mean"
    if (flag.value === undefined) {
      if (runs) good.push([name, long, ...tail]);
      bad.push([name, `${long}=yes`, ...tail]);
      continue;
    }
    bad.push([name, long]); // no value
    for (const value of sampleValue(flag)) if (runs) good.push([name, long, value, ...tail]);
    for (const value of badValues(flag)) bad.push([name, `${long}=${value}`, ...tail]);
    if (!flag.multiple) bad.push([name, long, "a", long, "b", ...tail]);
  }
  return [
    ...good.map((argv) => ({ argv, good: true })),
    ...bad.map((argv) => ({ argv, good: false })),
  ];
}

const PROGRAM: Case[] = [
  [],
  ["--help"],
  ["help"],
  ["--version"],
  ["-V"],
  ["tokn"],
  ["help", "tokn"],
  ["--bogus"],
].map((argv) => ({ argv, good: true }));

/** token, env and exec with CAIDO_ACCESS_TOKEN: for its instance, expired, malformed. */
const ENV_TOKEN: Case[] = ["token", "env", "exec"].flatMap((name) => {
  const tail = name === "exec" ? EXEC_CHILD : [];
  return [
    { CAIDO_ACCESS_TOKEN: "env-token", CAIDO_INSTANCE: "vps" },
    { CAIDO_ACCESS_TOKEN: "env-token", CAIDO_ACCESS_TOKEN_EXPIRES_AT: "2001-01-01T00:00:00Z" },
    { CAIDO_ACCESS_TOKEN: "two words" },
  ].map((env) => ({ argv: [name, ...tail], good: true, env }));
});

const CASES: Case[] = [...PROGRAM, ...ENV_TOKEN, ...TABLE.flatMap(casesOf)];

function writeTemplate(dir: string): void {
  const hour = 3600_000;
  const session = (alias: string, expiresIn: number) => ({
    alias,
    accessToken: `stored-token-${alias}`,
    refreshToken: `stored-refresh-${alias}`,
    expiresAt: new Date(Date.now() + expiresIn).toISOString(),
    scopes: ["ASSISTANT", "OFFLINE", "PROFILE_READ"],
    account: { id: `id-${alias}`, email: `${alias}@example.test`, name: alias },
    obtainedAt: new Date(Date.now() - hour).toISOString(),
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = {
    version: 1,
    defaultInstance: UNREACHABLE,
    sessions: { [UNREACHABLE]: session("vps", hour), [EXPIRED]: session("old", -hour) },
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2), { mode: 0o600 });
}

describe("bin.cjs's fast path and the full CLI agree", () => {
  let root: string;
  let alone: string;
  let runs = 0;
  const fresh = () => {
    const dir = join(root, `config-${runs++}`);
    cpSync(join(root, "template"), dir, { recursive: true });
    return dir;
  };
  /** One side's answer, its config directory's path written as <dir>. */
  const answer = async (run: (env: NodeJS.ProcessEnv) => Promise<CliResult>, c: Case) => {
    const dir = fresh();
    const result = await run(baseEnv(dir, c.env));
    // Durations (--debug's "after 12 ms", a token's seconds left) tick between two runs.
    const clean = (text: string) =>
      text
        .split(dir)
        .join("<dir>")
        .replace(/\b\d+ ms\b/g, "N ms")
        .replace(/valid for \d+ s/g, "valid for N s");
    return { code: result.code, stdout: clean(result.stdout), stderr: clean(result.stderr) };
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "caido-auth-agreement-"));
    writeTemplate(join(root, "template"));
    alone = join(root, "alone", "bin.cjs");
    mkdirSync(join(root, "alone"));
    copyFileSync(CLI, alone);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("covers every command of the table, with good and bad lines", () => {
    for (const spec of TABLE) {
      const mine = CASES.filter((c) => c.argv[0] === spec.name);
      expect(mine.filter((c) => c.good).length, spec.name).toBeGreaterThan(0);
      expect(mine.filter((c) => !c.good).length, spec.name).toBeGreaterThan(3);
    }
  });

  it(
    "on every generated command line: exit code, stdout and stderr",
    async () => {
      const answeredAlone: string[] = [];
      const leftToCli: string[] = [];
      for (let i = 0; i < CASES.length; i += 4) {
        await Promise.all(
          CASES.slice(i, i + 4).map(async (c) => {
            const label = `${c.argv.join(" ")} ${JSON.stringify(c.env ?? {})}`;
            const [fast, full, lone] = await Promise.all([
              answer((env) => runCli(c.argv, { env }), c),
              answer((env) => runFullCli(c.argv, env), c),
              answer(
                (env) =>
                  collect(spawn(process.execPath, [alone, ...c.argv], { env, stdio: "pipe" })),
                c,
              ),
            ]);
            expect(fast, label).toEqual(full);
            // The copy alone cannot load cli.js: it answered only what the fast path does.
            if (lone.stderr.includes("cli.js")) leftToCli.push(label);
            else {
              expect(lone, label).toEqual(full);
              answeredAlone.push(label);
            }
          }),
        );
      }
      // The fast path really answers: every usage error, every --help, token, env and exec.
      const mustBeFast = CASES.filter(
        (c) =>
          !c.good ||
          c.argv.includes("--help") ||
          ["token", "env", "exec", "--version"].includes(c.argv[0] ?? ""),
      ).filter((c) => findCommand(c.argv[0] ?? "") || !c.argv[0]?.match(/^[a-z]/));
      const notFast = mustBeFast
        .map((c) => `${c.argv.join(" ")} ${JSON.stringify(c.env ?? {})}`)
        .filter((label) => leftToCli.includes(label));
      expect(notFast).toEqual([]);
      expect(answeredAlone.length).toBeGreaterThan(CASES.length / 2);
      expect(leftToCli.length).toBeGreaterThan(0);
    },
    15 * 60_000,
  );
});
