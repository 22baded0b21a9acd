// A person's path through the verification pages in headless Chromium. Chromium is
// required: when it is missing this fails (install it with apt-get install chromium).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cloud, startCloud } from "../../source/sandbox/cloud/index.js";
import {
  DEVICE_CODE_GRANT,
  postForm,
  type RegisteredClient,
  registerClient,
  startDeviceAuthorization,
} from "../../source/sandbox/cloud/oauth-client.js";

const CHROMIUM = "/usr/bin/chromium";

let dataDir: string;
let cloud: Cloud;
let client: RegisteredClient;
let browser: Browser;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
  dataDir = mkdtempSync(join(tmpdir(), "cloud-browser-"));
  cloud = await startCloud({ dataDir });
  client = await registerClient(cloud.url, "Browser instance");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
  await cloud?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function poll(deviceCode: string) {
  const response = await postForm(`${cloud.url}/token`, client, {
    grant_type: DEVICE_CODE_GRANT,
    device_code: deviceCode,
  });
  return (await response.json()) as { access_token?: string; error?: string };
}

describe("verification pages in Chromium", () => {
  it("a person confirms the code, picks Bob and approves", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const page = await browser.newPage();
    await page.goto(device.verification_uri_complete);
    // oidc-provider's self-submitting form lands on the confirmation page.
    await expect.poll(() => page.textContent("#user-code")).toBe(device.user_code);
    expect(await page.textContent("body")).toContain("Browser instance");
    await page.click("#confirm");
    await page.waitForSelector("select#account");
    await page.selectOption("select#account", "bob@example.test");
    await page.click("#approve");
    await page.waitForSelector("#message");
    expect(await page.textContent("#message")).toContain("Signed in as bob@example.test");
    await page.close();

    const tokens = await poll(device.device_code);
    expect(tokens.access_token).toBeTruthy();
    const me = await fetch(`${cloud.url}/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect((await me.json()).sub).toBe(cloud.accounts[1]!.id);
  });

  it("a person denies", async () => {
    const device = await startDeviceAuthorization(cloud.url, client);
    const page = await browser.newPage();
    await page.goto(device.verification_uri_complete);
    await page.waitForSelector("#confirm");
    await page.click("#confirm");
    // The confirmation page has a Deny too: wait for the account page before clicking.
    await page.waitForSelector("select#account");
    await page.click("#deny");
    await page.waitForSelector("#message");
    expect(await page.textContent("#message")).toContain("denied");
    await page.close();
    expect((await poll(device.device_code)).error).toBe("access_denied");
  });
});
