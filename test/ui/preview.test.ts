import { describe, expect, it } from "vitest";
import { erasePreview, previewLines, rowsTaken } from "../../source/ui/preview.js";

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

  it("counts wrapped rows, so erasing goes back exactly to the first line", () => {
    expect(rowsTaken(["", "12345", "1234567890A"], 5)).toBe(1 + 1 + 3);
    expect(erasePreview(5)).toBe("\x1b[5F\x1b[J");
    expect(erasePreview(0)).toBe("");
  });
});
