// The package's library entry gives scripts the token `caido-auth token` would print.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuthRequiredError, getAccessToken } from "../source/index.js";

describe("library API", () => {
  it("returns a fresh stored token without network, and asks for a login when there is none", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "caido-auth-lib-")), "config");
    const env = { CAIDO_AUTH_CONFIG_DIR: dir };
    await expect(getAccessToken({ env })).rejects.toBeInstanceOf(AuthRequiredError);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const session = {
      accessToken: "stored",
      expiresAt,
      scopes: ["OFFLINE"],
      obtainedAt: expiresAt,
    };
    const config = { version: 1, sessions: { "http://127.0.0.1:1": session } };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config), { mode: 0o600 });
    await expect(getAccessToken({ env })).resolves.toMatchObject({
      accessToken: "stored",
      refreshed: false,
    });
  });
});
