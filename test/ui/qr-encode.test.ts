// The fast encoder against the vendored one it replaces: the same symbol, module for module
// (version, codewords, error correction, the mask the vendored scoring picks, format and
// version information), for every text length a login can draw and many links. Scanning is
// qr.test.ts's.
import QRCode from "qrcode-terminal/vendor/QRCode/index.js";
import { describe, expect, it } from "vitest";
import { QR_TEXT_MAX } from "../../source/ui/qr.js";
import { encodeQr } from "../../source/ui/qr-encode.js";

function vendored(text: string): boolean[][] {
  const code = new QRCode(-1, 1);
  code.addData(text);
  code.make();
  const n = code.getModuleCount();
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => code.isDark(r, c)),
  );
}

/** Printable ASCII of a given length, varied by a seed (no Math.random: failures replay). */
function text(length: number, seed: number): string {
  let x = seed * 2654435761 + length;
  return Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(0x20 + (x % 95));
  }).join("");
}

describe("encodeQr", () => {
  it("draws the vendored encoder's symbol for every length up to the limit", () => {
    for (let length = 1; length <= QR_TEXT_MAX; length++) {
      const t = text(length, length);
      expect(encodeQr(t), `length ${length}`).toEqual(vendored(t));
    }
  });

  it("and for verification links of every mask's liking", () => {
    const masks = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const url = `https://caido.io/device?user_code=${text(4, i).replace(/\W/g, "A")}-${i}`;
      expect(encodeQr(url), url).toEqual(vendored(url));
      // Three format bits are the mask's (under a fixed XOR): every mask is chosen somewhere.
      const m = encodeQr(url);
      masks.add([2, 3, 4].reduce((n, c) => (n << 1) | (m[8]![c]! ? 1 : 0), 0));
    }
    expect(masks.size).toBe(8);
  });
});
