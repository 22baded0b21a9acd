// Which cloud checked the PAT, against which cloud issued the code: the hint for CAIDO_CLOUD_URL.
import { describe, expect, it } from "vitest";
import { cloudMismatchHint, DEFAULT_CLOUD_URL } from "../../source/instance/cloud-pat.js";

describe("cloudMismatchHint", () => {
  it("says nothing when the login page is on the cloud that checked the PAT", () => {
    expect(
      cloudMismatchHint({
        cloudUrl: "http://127.0.0.1:4000/",
        verificationUrl: "http://127.0.0.1:4000/device?user_code=ABCD-EFGH",
      }),
    ).toBeUndefined();
    // Caido's dashboard and API are two hosts of one cloud.
    expect(
      cloudMismatchHint({
        cloudUrl: DEFAULT_CLOUD_URL,
        verificationUrl: "https://dashboard.caido.io/device?code=X",
      }),
    ).toBeUndefined();
    expect(cloudMismatchHint({ cloudUrl: DEFAULT_CLOUD_URL })).toBeUndefined();
  });

  it("names the login page's origin as the CAIDO_CLOUD_URL to set", () => {
    expect(
      cloudMismatchHint({
        cloudUrl: DEFAULT_CLOUD_URL,
        verificationUrl: "http://127.0.0.1:4000/device?user_code=ABCD-EFGH",
      }),
    ).toBe(
      "The instance's login page is on http://127.0.0.1:4000, not on https://api.caido.io: if that is its cloud (the sandbox's is), set CAIDO_CLOUD_URL=http://127.0.0.1:4000",
    );
    // Another port on the same host is another server.
    expect(
      cloudMismatchHint({
        cloudUrl: "http://127.0.0.1:9",
        verificationUrl: "http://127.0.0.1:4000/device",
      }),
    ).toMatch(/set CAIDO_CLOUD_URL=http:\/\/127\.0\.0\.1:4000$/);
  });

  it("for a login page on caido.io, says to unset CAIDO_CLOUD_URL rather than name the page", () => {
    expect(
      cloudMismatchHint({
        cloudUrl: "http://127.0.0.1:4000",
        verificationUrl: "https://dashboard.caido.io/device",
      }),
    ).toMatch(/unset CAIDO_CLOUD_URL \(the default is https:\/\/api\.caido\.io\)\.$/);
  });

  it("shows only the origin of the instance's URL, and nothing for one that is not http(s)", () => {
    const hint = cloudMismatchHint({
      cloudUrl: DEFAULT_CLOUD_URL,
      verificationUrl: "http://user:secret@evil.example:8443/x\x1b[2K?y=\x07",
    });
    expect(hint).toContain("CAIDO_CLOUD_URL=http://evil.example:8443");
    expect(hint).not.toMatch(/secret|\x1b|\x07/);
    expect(
      cloudMismatchHint({ cloudUrl: DEFAULT_CLOUD_URL, verificationUrl: "javascript:alert(1)" }),
    ).toBeUndefined();
  });
});
