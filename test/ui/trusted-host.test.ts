import { describe, expect, it } from "vitest";
import { isTrustedVerificationHost, untrustedHostWarning } from "../../source/ui/trusted-host.js";

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
