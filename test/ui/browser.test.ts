import { describe, expect, it } from "vitest";
import { openUrl, shouldOpenBrowser } from "../../source/ui/browser.js";

const desktop = { DISPLAY: ":0" };
const table: [
  string,
  NodeJS.ProcessEnv,
  NodeJS.Platform,
  { browser?: boolean; noBrowser?: boolean },
  boolean,
  RegExp,
][] = [
  ["linux desktop", desktop, "linux", {}, true, /graphical/],
  ["wayland", { WAYLAND_DISPLAY: "wayland-0" }, "linux", {}, true, /graphical/],
  ["linux without display", {}, "linux", {}, false, /DISPLAY/],
  ["freebsd without display", {}, "freebsd", {}, false, /DISPLAY/],
  ["macOS needs no DISPLAY", {}, "darwin", {}, true, /graphical/],
  ["windows", {}, "win32", {}, true, /graphical/],
  ["ssh connection", { ...desktop, SSH_CONNECTION: "1 2 3 4" }, "linux", {}, false, /SSH/],
  ["ssh tty", { SSH_TTY: "/dev/pts/1" }, "darwin", {}, false, /SSH/],
  ["CI", { ...desktop, CI: "true" }, "linux", {}, false, /CI/],
  ["terminal BROWSER", { ...desktop, BROWSER: "w3m" }, "linux", {}, false, /w3m/],
  [
    "terminal BROWSER as path with args",
    { BROWSER: "/usr/bin/lynx -accept_all_cookies" },
    "darwin",
    {},
    false,
    /lynx/,
  ],
  [
    "terminal BROWSER in a list",
    { ...desktop, BROWSER: "www-browser:firefox" },
    "linux",
    {},
    false,
    /www-browser/,
  ],
  ["graphical BROWSER", { ...desktop, BROWSER: "firefox" }, "linux", {}, true, /graphical/],
  ["--browser forces over SSH", { SSH_TTY: "x" }, "linux", { browser: true }, true, /--browser/],
  ["--no-browser stops a desktop", desktop, "darwin", { noBrowser: true }, false, /--no-browser/],
  [
    "--no-browser wins over --browser",
    desktop,
    "linux",
    { browser: true, noBrowser: true },
    false,
    /--no-browser/,
  ],
];

describe("shouldOpenBrowser", () => {
  it.each(table)("%s", (_name, env, platform, flags, open, reason) => {
    const got = shouldOpenBrowser(env, platform, flags);
    expect(got.open).toBe(open);
    expect(got.reason).toMatch(reason);
  });
});

describe("openUrl", () => {
  // Refused before any launcher runs: the system would execute these, not show them.
  it.each(["file:///etc/passwd", "javascript:alert(1)", "vscode://x", "not a url"])(
    "refuses %s",
    async (url) => {
      await expect(openUrl(url)).rejects.toThrow("the sign-in link is not an http(s) web page");
    },
  );
  it("refuses a link longer than any sign-in page", async () => {
    await expect(openUrl(`https://caido.io/${"a".repeat(5000)}`)).rejects.toThrow(
      "the sign-in link is far too long",
    );
  });
});
