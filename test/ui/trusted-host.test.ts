import { describe, expect, it } from "vitest";
import {
  isTrustedVerificationHost,
  LINK_MAX,
  linkTarget,
  mayOpenAutomatically,
  shownLink,
  untrustedHostWarning,
} from "../../source/ui/trusted-host.js";

const table: [string, string | undefined, boolean][] = [
  ["https://caido.io/device", undefined, true],
  ["https://dashboard.caido.io/device?user_code=AB", undefined, true],
  ["https://CAIDO.IO./device", undefined, true],
  ["https://a.b.caido.io/", undefined, true],
  ["https://caido.io.evil.com/device", undefined, false],
  ["https://evilcaido.io/device", undefined, false],
  ["https://caido.io@evil.com/device", undefined, false],
  ["https://evil.com/caido.io", undefined, false],
  ["http://127.0.0.1:4000/device", undefined, true],
  ["http://127.12.0.9/device", undefined, true],
  ["http://127.1/device", undefined, true],
  ["http://[::1]:4000/device", undefined, true],
  ["http://localhost:4000/device", undefined, true],
  ["http://128.0.0.1/device", undefined, false],
  ["http://[::2]/device", undefined, false],
  ["https://auth.example.com/device", "https://auth.example.com", true],
  ["https://auth.example.com:8443/device", "https://auth.example.com/api", true],
  ["https://other.example.com/device", "https://auth.example.com", false],
  ["https://evil.com/device", "not a url", false],
  ["javascript:alert(1)//caido.io", undefined, false],
  ["not a url", undefined, false],
];

describe("isTrustedVerificationHost", () => {
  it.each(table)("%s (cloud %s) → %s", (url, cloud, want) => {
    expect(isTrustedVerificationHost(url, cloud)).toBe(want);
  });

  it("names the host in the warning", () => {
    expect(untrustedHostWarning("https://caido.io@evil.com:8443/x")).toContain("evil.com:8443");
  });
});

describe("links that are not web pages", () => {
  it.each([
    ["file:///etc/passwd", "a file: URL"],
    ["javascript:alert(1)//caido.io", "a javascript: URL"],
    ["data:text/html,<script>x</script>", "a data: URL"],
    ["vscode://run?cmd=x", "a vscode: URL"],
    ["caido.io/device", "not a valid URL"],
    ["", "not a valid URL"],
  ])("%j: the warning names what it is", (url, what) => {
    expect(untrustedHostWarning(url)).toBe(
      `Warning: the sign-in link is ${what}, not a web page on caido.io. Do not open it: this instance may be hostile.`,
    );
    expect(linkTarget(url)).toBeUndefined();
    expect(mayOpenAutomatically(url)).toBe(false);
    expect(shownLink(url).problem).toBe("not a web page");
  });

  it("a link longer than any sign-in page is neither a target nor opened", () => {
    const url = `https://caido.io/device?c=${"a".repeat(LINK_MAX)}`;
    expect(linkTarget(url)).toBeUndefined();
    expect(mayOpenAutomatically(url)).toBe(false);
    expect(shownLink(url)).toMatchObject({ problem: "far too long" });
    expect(shownLink(url).text.length).toBeLessThanOrEqual(512);
    expect(untrustedHostWarning(`https://evil.example/${"a".repeat(LINK_MAX)}`)).toMatch(
      /^Warning: the sign-in link is \d+ characters long/,
    );
  });
});

describe("link targets and what is shown", () => {
  it("the target is the parser's href: controls percent-encoded, host in punycode", () => {
    expect(linkTarget("https://evil.example/d?x=\x1b]0;t\x07y")).toBe(
      "https://evil.example/d?x=%1B]0;t%07y",
    );
    expect(linkTarget("https://bücher.example/")).toBe("https://xn--bcher-kva.example/");
    expect(shownLink("https://bücher.example/")).toEqual({
      text: "https://xn--bcher-kva.example/",
      target: "https://xn--bcher-kva.example/",
    });
  });

  it("opens by itself only an http(s) page on a trusted host", () => {
    expect(mayOpenAutomatically("https://caido.io/device")).toBe(true);
    expect(mayOpenAutomatically("http://127.0.0.1:9/device")).toBe(true);
    expect(mayOpenAutomatically("https://evil.example/device")).toBe(false);
    expect(mayOpenAutomatically("https://auth.corp/d", "https://auth.corp")).toBe(true);
  });

  it("the host in the warning is safe to print", () => {
    const warning = untrustedHostWarning("https://evil\u202eoi.odiac.example/");
    expect(warning).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
