import { describe, expect, it } from "vitest";
import { previewLines, rowsTaken } from "../../source/ui/preview.js";

const request = {
  id: "1",
  userCode: "ABCD-EFGH",
  verificationUrl: "http://127.0.0.1:9000/device?user_code=ABCD-EFGH",
  expiresAt: 0,
};

describe("the plain preview shown while Ink loads", () => {
  it("shows the instance, the link and the code", () => {
    const lines = previewLines({
      instanceUrl: "http://127.0.0.1:8080",
      instanceVersion: "0.55.3",
      request,
    });
    expect(lines.join("\n")).toBe(
      [
        "Logging in to http://127.0.0.1:8080 (Caido 0.55.3)",
        "",
        "Open this page and enter the code:",
        request.verificationUrl,
        "",
        "    A B C D - E F G H",
        "",
      ].join("\n"),
    );
  });

  it("warns about a verification page on an unknown host, as the screen does", () => {
    const lines = previewLines({
      instanceUrl: "https://vps.example:8080",
      request: { ...request, verificationUrl: "https://evil.example/device" },
    });
    expect(lines[1]).toMatch(/^Warning: the sign-in page is on evil\.example/);
  });

  it("counts wrapped rows, so the screen is drawn from exactly the first line", () => {
    expect(rowsTaken(["", "12345", "1234567890A"], 5)).toBe(1 + 1 + 3);
  });
});

describe("the preview with a hostile instance", () => {
  it("shows escapes visibly and bounds every line", () => {
    const esc = "\x1b[1A\x1b[2K\x1b]0;pwned\x07";
    const lines = previewLines({
      instanceUrl: "https://vps.example:8080",
      instanceVersion: `1${esc}`,
      request: {
        ...request,
        userCode: `AB${esc}${"C".repeat(100_000)}`,
        verificationUrl: `https://evil.example/${esc}${"a".repeat(200_000)}`,
      },
    });
    const text = lines.join("\n");
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain("(Caido 1\\x1b[1A\\x1b[2K\\x1b]0;pwned\\x07)");
    expect(text).toContain("AB\\x1b[1A");
    expect(lines[1]).toMatch(/^Warning: the sign-in link is \d+ characters long/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(520);
  });
});
