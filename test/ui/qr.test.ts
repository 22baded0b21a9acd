import { describe, expect, it } from "vitest";
import { QR_TEXT_MAX, QUIET_ZONE, qrMatrix, qrSize, renderQr } from "../../source/ui/qr.js";
import { decodeQrFromText } from "./_qr-decode.js";

const urls = [
  "https://caido.io/device?user_code=ABCD-EFGH",
  "http://127.0.0.1:43127/device?user_code=WDJB-MJHT",
  "https://dashboard.caido.io/device/verify?user_code=ABCD-EFGH&client=caido-auth-cli",
];

describe("renderQr", () => {
  it.each(urls)("decodes back to exactly %s (colour)", (url) => {
    const lines = renderQr(url, { color: true })!;
    expect(decodeQrFromText(lines)).toBe(url);
  });

  it.each(urls)("decodes back to exactly %s (no colour)", (url) => {
    expect(decodeQrFromText(renderQr(url, { color: false })!)).toBe(url);
  });

  it("pins colours on every line so the theme cannot invert it", () => {
    for (const line of renderQr(urls[0]!, { color: true })!) {
      expect(line.startsWith("\x1b[38;5;16;48;5;231m")).toBe(true);
      expect(line.endsWith("\x1b[0m")).toBe(true);
    }
  });

  it("draws a light quiet zone and matches qrSize", () => {
    const lines = renderQr(urls[1]!, { color: false })!;
    const size = qrSize(urls[1]!)!;
    expect(lines).toHaveLength(size.rows);
    for (const line of lines) expect(Array.from(line)).toHaveLength(size.columns);
    expect(lines[0]!.trim()).toBe("");
    for (const line of lines) expect(line.slice(0, QUIET_ZONE).trim()).toBe("");
  });

  it("fits beside the text on 80x24 for a typical URL", () => {
    const size = qrSize(urls[0]!)!;
    expect(size.columns).toBeLessThanOrEqual(37);
    expect(size.rows).toBeLessThanOrEqual(19);
  });

  it("decodes from a screen with text beside it", () => {
    const qr = renderQr(urls[0]!, { color: true })!;
    const screen = qr.map(
      (line, i) => `${i === 3 ? "│  A B C D - E F G H  │" : " ".repeat(23)}  ${line}`,
    );
    expect(decodeQrFromText(screen)).toBe(urls[0]);
  });

  it("refuses what it cannot encode instead of drawing half a code", () => {
    expect(qrMatrix("https://exämple.com")).toBeNull();
    expect(renderQr("x".repeat(5000), { color: true })).toBeNull();
    expect(qrSize("")).toBeNull();
  });
});

describe("bounded input", () => {
  it("encodes nothing longer than QR_TEXT_MAX, whatever its size", () => {
    const at = `https://caido.io/${"a".repeat(QR_TEXT_MAX - 17)}`;
    expect(at.length).toBe(QR_TEXT_MAX);
    expect(decodeQrFromText(renderQr(at, { color: false })!)).toBe(at);
    expect(qrMatrix(`${at}a`)).toBeNull();
    expect(qrSize("a".repeat(200 * 1024))).toBeNull();
  });
});
