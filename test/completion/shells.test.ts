// Each completion script in its real shell, against the built CLI on PATH as `caido-auth`:
// bash's completion function with the variables bash sets (and a real Tab in tmux), zsh's
// compsys driven through zle in a pseudo terminal, fish's own `complete -C`. The stored
// aliases and URLs come from a config file that also holds entries no shell may be handed.
import { spawn } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../e2e/_cli.js";
import { TmuxSession } from "../e2e/_tmux.js";

const ZSH_CAPTURE = resolve(import.meta.dirname, "_zsh-capture.zsh");
const BASH_COMPLETE = resolve(import.meta.dirname, "_bash-complete.sh");

const session = (alias?: string) => ({
  accessToken: "stored",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: ["OFFLINE"],
  obtainedAt: "2024-01-01T00:00:00Z",
  ...(alias === undefined ? {} : { alias }),
});

// Two real sessions, and entries an edited file could hold that must never be offered.
const SESSIONS = {
  "http://127.0.0.1:8080": session("local"),
  "https://vps.example.test:8443": session("vps"),
  "http://evil.example.test": session("$(touch PWNED)"),
  "http://space.example.test": session("two words"),
  "http://quote.example.test": session("it's"),
  "http://escape.example.test": session("\u001b[31mred"),
  "http://new\nline.example.test": session(),
};
const INSTANCES = [
  "local",
  "vps",
  "http://127.0.0.1:8080",
  "https://vps.example.test:8443",
  "http://evil.example.test",
  "http://space.example.test",
  "http://quote.example.test",
  "http://escape.example.test",
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  return new Promise<Run>((done, fail) => {
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    // Only against a hang: never a speed assertion.
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

let root: string;
let env: NodeJS.ProcessEnv;
const scripts = { bash: "", zsh: "", fish: "" };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "caido-auth-completion-"));
  const bin = join(root, "bin");
  const home = join(root, "home");
  const config = join(root, "config");
  for (const dir of [bin, home, config]) mkdirSync(dir, { mode: 0o700 });
  // `caido-auth` on PATH, as installed: the build under test.
  writeFileSync(
    join(bin, "caido-auth"),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`,
  );
  chmodSync(join(bin, "caido-auth"), 0o755);
  writeFileSync(join(config, "config.json"), JSON.stringify({ version: 1, sessions: SESSIONS }), {
    mode: 0o600,
  });
  env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    TMPDIR: process.env.TMPDIR,
    TERM: "xterm",
    LANG: "C.UTF-8",
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    CAIDO_AUTH_CONFIG_DIR: config,
  };
  for (const shell of ["bash", "zsh", "fish"] as const) {
    const result = await run("caido-auth", ["completion", shell], env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const file = shell === "zsh" ? join(root, "zsh", "_caido-auth") : join(root, `${shell}.sh`);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, result.stdout);
    scripts[shell] = file;
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The candidates a shell offers for a line typed before Tab, and anything it printed on stderr. */
type Completer = (line: string) => Promise<{ words: string[]; stderr: string }>;

const completers: Record<"bash" | "zsh" | "fish", Completer> = {
  // The completion function as bash calls it on Tab, with the variables bash sets.
  bash: async (line) => {
    const r = await run(
      "bash",
      ["--norc", "--noprofile", BASH_COMPLETE, scripts.bash, line],
      env,
      root,
    );
    return { words: r.stdout.split("\n").filter(Boolean), stderr: r.stderr };
  },
  // compinit with the script installed as _caido-auth on $fpath, the line typed into zle, Tab.
  zsh: async (line) => {
    const r = await run("zsh", ["-f", ZSH_CAPTURE, join(scripts.zsh, ".."), line], env, root);
    expect(r.code).toBe(0);
    return { words: r.stdout.split("\n").filter(Boolean), stderr: r.stderr };
  },
  // fish's own completion engine over the line: "candidate<TAB>description".
  fish: async (line) => {
    const r = await run(
      "fish",
      ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", scripts.fish, line],
      env,
      root,
    );
    return {
      words: r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0] as string),
      stderr: r.stderr,
    };
  },
};

const sorted = (words: string[]) => [...new Set(words)].sort();

describe.each(["bash", "zsh", "fish"] as const)("%s", (shell) => {
  const complete = (line: string) => completers[shell](line);

  it.each([
    ["caido-auth lo", ["login", "logout"]],
    ["caido-auth sta", ["status"]],
    ["caido-auth token --mi", ["--min-valid"]],
    ["caido-auth token --force", ["--force-refresh"]],
    ["caido-auth api --in", ["--include", "--input", "--instance"]],
    ["caido-auth env --shell ", ["fish", "json", "powershell", "sh"]],
    ["caido-auth env --shell p", ["powershell"]],
    ["caido-auth completion ", ["bash", "fish", "zsh"]],
    ["caido-auth help lo", ["login", "logout"]],
    ["caido-auth token ", INSTANCES],
    ["caido-auth status v", ["vps"]],
    ["caido-auth login -i ", INSTANCES],
    ["caido-auth use --instance ", INSTANCES],
    // api's -i is --include (no value): the next word is still the INSTANCE positional.
    ["caido-auth api -i ", INSTANCES],
    ["caido-auth exec ", INSTANCES],
  ])("%j offers %j", async (line, want) => {
    const { words, stderr } = await complete(line);
    expect(sorted(words)).toEqual(sorted(want));
    expect(stderr).toBe("");
  });

  it("offers the sandbox's own flags, and no -i/--instance there", async () => {
    const { words } = await complete("caido-auth sandbox --");
    expect(words).toContain("--data-dir");
    expect(words).toContain("--auto-approve");
    expect(words).not.toContain("--instance");
  });

  it("offers no instance once the instance is given, as a positional or with -i", async () => {
    for (const line of ["caido-auth token local ", "caido-auth token -i local "]) {
      const { words } = await complete(line);
      for (const instance of INSTANCES) expect(words, line).not.toContain(instance);
    }
  });

  it("completes a program's name after exec's --", async () => {
    const { words } = await complete("caido-auth exec local -- nod");
    expect(words).toContain("node");
  });

  it("never ran or offered what an edited config file holds", async () => {
    const { words } = await complete("caido-auth token ");
    for (const word of words) expect(word).toMatch(/^[A-Za-z0-9][\w.:/@%+,=[\]-]*$/);
    expect(existsSync(join(root, "PWNED"))).toBe(false);
  });
});

describe("zsh sourcing the script after compinit, instead of a file on $fpath", () => {
  it("completes commands and instances", async () => {
    const empty = join(root, "empty-fpath");
    mkdirSync(empty, { recursive: true });
    const capture = async (line: string) => {
      const r = await run("zsh", ["-f", ZSH_CAPTURE, empty, line, scripts.zsh], env, root);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      return sorted(r.stdout.split("\n").filter(Boolean));
    };
    expect(await capture("caido-auth lo")).toEqual(["login", "logout"]);
    expect(await capture("caido-auth use ")).toEqual(sorted(INSTANCES));
  });
});

describe("fish loading the script from ~/.config/fish/completions on its own", () => {
  it("completes commands and instances", async () => {
    const completions = join(env.XDG_CONFIG_HOME as string, "fish", "completions");
    mkdirSync(completions, { recursive: true });
    copyFileSync(scripts.fish, join(completions, "caido-auth.fish"));
    try {
      const r = await run(
        "fish",
        ["-c", 'complete -C "caido-auth lo"; complete -C "caido-auth use "'],
        env,
        root,
      );
      expect(r).toMatchObject({ code: 0, stderr: "" });
      const words = r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0] as string);
      expect(sorted(words)).toEqual(sorted(["login", "logout", ...INSTANCES]));
    } finally {
      rmSync(completions, { recursive: true, force: true });
    }
  });
});

describe("bash on Tab, in a terminal", () => {
  it("completes a flag's value and a URL across readline's word breaks (: and =)", async () => {
    const tmux = await TmuxSession.start({
      columns: 120,
      rows: 20,
      // tmux gives the pane its own PATH: set ours (with caido-auth on it) explicitly.
      command: ["env", `PATH=${env.PATH}`, "bash", "--norc", "--noprofile", "-i"],
      env: { ...env, PS1: "$ " },
    });
    try {
      // Type only at a prompt: keys sent while bash is busy are echoed out of place.
      await tmux.waitFor(/^\$\s*$/m);
      await tmux.sendKeys("-l", `source ${scripts.bash} && echo sourced`);
      await tmux.sendKeys("Enter");
      await tmux.waitFor(/^sourced\n\$\s*$/m);
      const cases = [
        ["caido-auth env --shell=pow", "caido-auth env --shell=powershell"],
        ["caido-auth token http://127.0", "caido-auth token http://127.0.0.1:8080"],
        ["caido-auth login --no-b", "caido-auth login --no-browser"],
      ];
      for (const [typed, completed] of cases as [string, string][]) {
        await tmux.sendKeys("-l", typed);
        await tmux.sendKeys("Tab");
        const line = new RegExp(`^\\$ ${completed.replace(/[.*+?^$()|[\]\\/]/g, "\\$&")} ?$`, "m");
        await tmux.waitFor(line);
        await tmux.sendKeys("C-u");
        await tmux.waitFor((screen) => !line.test(screen));
      }
    } finally {
      await tmux.close();
    }
  });
});

describe("caido-auth completion", () => {
  it("without a shell, or with an unknown one, is a usage error naming the three", async () => {
    for (const args of [["completion"], ["completion", "tcsh"], ["completion", "bsh"]]) {
      const r = await run("caido-auth", args, env);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/bash, zsh or fish/);
    }
    expect((await run("caido-auth", ["completion", "bsh"], env)).stderr).toMatch(
      /Did you mean bash\?/,
    );
  });

  it("has help with usage, examples for each shell and the variables it reads", async () => {
    const r = await run("caido-auth", ["completion", "--help"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage:\n {2}caido-auth completion bash\|zsh\|fish/);
    expect(r.stdout).toMatch(/Environment:\n.*CAIDO_AUTH_CONFIG_DIR/);
    for (const shell of ["bash", "zsh", "fish"])
      expect(r.stdout).toMatch(new RegExp(`Examples:[^]*completion ${shell}`));
    expect((await run("caido-auth", ["--help"], env)).stdout).toMatch(
      /Shell:\n {2}completion +print a completion script/,
    );
  });
});

describe("the flags the scripts offer", () => {
  it("are the ones the built CLI's parser takes, with or without a value as it says", async () => {
    // Each command's lists as the bash script holds them (the zsh and fish scripts are made
    // from the same model): its flags, and which of them take a value.
    const lists = await run(
      "bash",
      [
        "--norc",
        "--noprofile",
        "-c",
        'source "$1"; for c in $_caido_auth_commands; do _caido_auth_command "$c"; echo "$c|$flags|$valued"; done',
        "bash",
        scripts.bash,
      ],
      env,
    );
    const checks: { args: string[]; code: number }[] = [];
    for (const line of lists.stdout.trim().split("\n")) {
      const [name, flags, valued] = line.split("|") as [string, string, string];
      const takesValue = new Set(valued.trim().split(" "));
      for (const flag of flags.split(" ")) {
        const long = flag.startsWith("--");
        // --help after the flag: the parser checks everything, then only the help is printed.
        if (takesValue.has(flag)) {
          checks.push({ args: [name, ...(long ? [`${flag}=x`] : [flag, "x"]), "--help"], code: 0 });
        } else {
          checks.push({ args: [name, flag, "--help"], code: 0 });
          if (long) checks.push({ args: [name, `${flag}=x`, "--help"], code: 2 });
        }
      }
    }
    expect(checks.length).toBeGreaterThan(50);
    for (let i = 0; i < checks.length; i += 4) {
      await Promise.all(
        checks.slice(i, i + 4).map(async ({ args, code }) => {
          const r = await run("caido-auth", args, env);
          expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(code);
        }),
      );
    }
  }, 120_000); // about 130 runs of the CLI: room on a loaded machine, never a speed check
});
