// inkStyles must agree with chalk, which Ink styles through: chalk's own decision is read in
// a child process, with standard output a terminal (util-linux `script`) or a pipe, for each
// environment a terminal may give.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { inkStyles } from "../../source/ui/ink-styles.js";

const PRINT_LEVEL = "import('chalk').then((c) => process.stderr.write('level=' + c.default.level))";

/** chalk's level in a fresh Node with this environment, stdout a terminal or a pipe. */
function chalkLevel(env: NodeJS.ProcessEnv, tty: boolean): number {
  const node = [process.execPath, "-e", JSON.stringify(PRINT_LEVEL)].join(" ");
  const r = tty
    ? spawnSync("script", ["-q", "-e", "-c", `${node} 2>&1`, "/dev/null"], {
        env,
        encoding: "utf8",
      })
    : spawnSync(process.execPath, ["-e", PRINT_LEVEL], { env, encoding: "utf8" });
  const level = /level=(\d)/.exec(`${r.stdout}${r.stderr}`)?.[1];
  if (level === undefined) throw new Error(`no level from chalk: ${r.stdout}${r.stderr}`);
  return Number(level);
}

const base = { PATH: process.env.PATH, HOME: process.env.HOME };
const environments: [string, NodeJS.ProcessEnv][] = [
  ["xterm-256color", { TERM: "xterm-256color" }],
  ["xterm", { TERM: "xterm" }],
  ["screen", { TERM: "screen" }],
  ["tmux-256color", { TERM: "tmux-256color" }],
  ["linux console", { TERM: "linux" }],
  ["dumb", { TERM: "dumb" }],
  ["an unknown TERM", { TERM: "foo" }],
  ["an unknown TERM with COLORTERM", { TERM: "foo", COLORTERM: "1" }],
  ["no TERM", {}],
  ["truecolor", { TERM: "foo", COLORTERM: "truecolor" }],
  ["Apple Terminal", { TERM: "foo", TERM_PROGRAM: "Apple_Terminal" }],
  ["CI", { TERM: "xterm", CI: "1" }],
  ["GitHub Actions", { TERM: "foo", CI: "1", GITHUB_ACTIONS: "true" }],
  ["TeamCity 2023", { TERM: "foo", TEAMCITY_VERSION: "2023.05" }],
];

describe("inkStyles: styled exactly when chalk colours", () => {
  for (const [name, env] of environments) {
    for (const tty of [true, false]) {
      it(`${name}, stdout ${tty ? "a terminal" : "a pipe"}`, () => {
        const chalk = chalkLevel({ ...base, ...env }, tty);
        expect(inkStyles({ ...base, ...env }, tty, ["node", "cli"], "linux")).toBe(chalk > 0);
      });
    }
  }

  it("leaves FORCE_COLOR and --color flags undecided: Ink draws the frame then", () => {
    expect(inkStyles({ TERM: "xterm", FORCE_COLOR: "0" }, true, [])).toBeUndefined();
    expect(inkStyles({ TERM: "xterm" }, true, ["node", "cli", "--no-color"])).toBeUndefined();
    expect(inkStyles({ TERM: "xterm" }, true, ["node", "cli", "--color=256"])).toBeUndefined();
    expect(inkStyles({ TERM: "xterm" }, true, ["node", "cli", "--", "--color"])).toBe(true);
  });
});
