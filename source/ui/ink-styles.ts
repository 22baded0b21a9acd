// Whether Ink styles its text (bold, dim, colours). Ink styles through chalk, and chalk decides
// once, at import, for standard output (not the stderr the screen is drawn on), by the rules
// of its vendored supports-color. The first frame must decide the same without loading chalk
// (~4 ms before the code could show): these are those rules, down to "some colour or none".
// Where a flag or FORCE_COLOR could tip them either way, the answer is undefined: no first
// frame then, Ink draws the screen itself.

const CI_WITH_COLOUR = [
  "GITHUB_ACTIONS",
  "GITEA_ACTIONS",
  "CIRCLECI",
  "TRAVIS",
  "APPVEYOR",
  "GITLAB_CI",
  "BUILDKITE",
  "DRONE",
];

export function inkStyles(
  env: NodeJS.ProcessEnv,
  stdoutIsTTY: boolean,
  argv: string[] = process.argv,
  platform: NodeJS.Platform = process.platform,
): boolean | undefined {
  if ("FORCE_COLOR" in env) return undefined;
  const end = argv.indexOf("--");
  // --color, --no-color, --colors, --color=256…: supports-color reads them from any argv.
  if ((end === -1 ? argv : argv.slice(0, end)).some((arg) => /^--(no-)?colors?(=|$)/.test(arg)))
    return undefined;
  if ("TF_BUILD" in env && "AGENT_NAME" in env) return true;
  if (!stdoutIsTTY) return false;
  if (env.TERM === "dumb") return false;
  if (platform === "win32") return true;
  if ("CI" in env) return CI_WITH_COLOUR.some((key) => key in env) || env.CI_NAME === "codeship";
  if ("TEAMCITY_VERSION" in env)
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION ?? "");
  if (env.COLORTERM === "truecolor") return true;
  if (["xterm-kitty", "xterm-ghostty", "wezterm"].includes(env.TERM ?? "")) return true;
  if (env.TERM_PROGRAM === "iTerm.app" || env.TERM_PROGRAM === "Apple_Terminal") return true;
  const term = String(env.TERM);
  if (/-256(color)?$/i.test(term)) return true;
  if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(term)) return true;
  return "COLORTERM" in env;
}
