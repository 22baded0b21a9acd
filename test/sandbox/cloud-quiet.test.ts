// oidc-provider warns about Node 20 at import and announces every default it uses: the
// cloud must say nothing on the console, whatever it does, unless given `log`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { startCloud } from "../../source/sandbox/cloud/index.js";
import {
  DEVICE_CODE_GRANT,
  postForm,
  registerClient,
  startDeviceAuthorization,
} from "../../source/sandbox/cloud/oauth-client.js";
import { decideWithPages } from "../../source/sandbox/cloud/page-driver.js";

afterEach(() => {
  vi.restoreAllMocks();
});

it("prints nothing while importing oidc-provider and running every flow", async () => {
  const spies = (["warn", "info", "log", "error", "debug"] as const).map((method) =>
    vi.spyOn(console, method),
  );
  const stderr = vi.spyOn(process.stderr, "write");
  const dataDir = mkdtempSync(join(tmpdir(), "cloud-quiet-"));
  const cloud = await startCloud({ dataDir });
  try {
    const client = await registerClient(cloud.url);
    await postForm(`${cloud.url}/token`, client, { grant_type: "client_credentials" });
    const viaPages = await startDeviceAuthorization(cloud.url, client);
    await postForm(`${cloud.url}/token`, client, {
      grant_type: DEVICE_CODE_GRANT,
      device_code: viaPages.device_code,
    });
    await decideWithPages(viaPages.verification_uri_complete, { decision: "approve" });
    const denied = await startDeviceAuthorization(cloud.url, client);
    await decideWithPages(denied.verification_uri_complete, {
      decision: "deny",
      denyAtConfirm: true,
    });
    const tokens = await (
      await postForm(`${cloud.url}/token`, client, {
        grant_type: DEVICE_CODE_GRANT,
        device_code: viaPages.device_code,
      })
    ).json();
    await postForm(`${cloud.url}/token/introspection`, client, { token: tokens.access_token });
    await postForm(`${cloud.url}/token/revocation`, client, { token: tokens.refresh_token });
    await fetch(`${cloud.url}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    // Error paths too: a bad page, a browser asking for an error page, an unknown code.
    await fetch(`${cloud.url}/interaction/nope`);
    await fetch(`${cloud.url}/token`, { method: "POST", headers: { accept: "text/html" } });
    await fetch(`${cloud.url}/device?user_code=BBBB-CCCC`);
  } finally {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  expect(stderr).not.toHaveBeenCalled();
});
