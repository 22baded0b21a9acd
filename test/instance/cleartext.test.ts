// Which hosts count as this machine for plain http://, and where the cleartext would go.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../source/base/errors.js";
import {
  checkPatCloud,
  cleartextHop,
  cleartextWarning,
  isCleartext,
  isLoopbackHost,
} from "../../source/instance/cleartext.js";

const direct = () => undefined;
const hostOf = (url: string) => new URL(url).hostname;

describe("loopback", () => {
  it.each([
    "http://localhost:8080",
    "http://LOCALHOST.:8080",
    "http://127.0.0.1:8080",
    "http://127.1:8080", // the URL parser makes it 127.0.0.1
    "http://0x7f.0.0.1/",
    "http://127.255.255.254",
    "http://[::1]:8080",
    "http://[::ffff:127.0.0.1]:8080", // IPv4-mapped, parsed to [::ffff:7f00:1]
    "http://[0:0:0:0:0:0:0:1]/",
  ])("%s is this machine", (url) => {
    expect(isLoopbackHost(hostOf(url))).toBe(true);
    expect(isCleartext(url, direct)).toBe(false);
  });

  it.each([
    "http://caido.test:8080",
    "http://my-vps:8080",
    "http://foo.localhost:8080", // resolved outside this process: not trusted
    "http://localhost.example.com",
    "http://128.0.0.1",
    "http://10.0.0.2:8080",
    "http://0.0.0.0:8080",
    "http://[::2]/",
    "http://[::ffff:10.0.0.1]/",
    "http://127.0.0.1.nip.io/",
  ])("%s is another machine", (url) => {
    expect(isLoopbackHost(hostOf(url))).toBe(false);
    expect(isCleartext(url, direct)).toBe(true);
  });

  it("https:// is never cleartext, wherever it goes", () => {
    expect(isCleartext("https://caido.example.com", direct)).toBe(false);
    expect(isCleartext("https://10.0.0.2:8443", () => "http://proxy.example:3128")).toBe(false);
  });
});

describe("proxies", () => {
  it("an http:// proxy on another machine makes a loopback http:// target cleartext", () => {
    expect(cleartextHop("http://127.0.0.1:8080", () => "http://proxy.example:3128")).toEqual({
      to: "proxy",
      origin: "http://proxy.example:3128",
    });
  });

  it("a loopback proxy, or an https:// one, does not", () => {
    expect(cleartextHop("http://127.0.0.1:8080", () => "http://127.0.0.1:3128")).toBeUndefined();
    expect(cleartextHop("http://127.0.0.1:8080", () => "https://proxy.example")).toBeUndefined();
    expect(cleartextHop("http://127.0.0.1:8080", () => "not a url")).toBeUndefined();
  });

  it("a non-loopback target is named first, proxy or not", () => {
    expect(cleartextHop("http://caido.test:8080", () => "http://127.0.0.1:3128")).toEqual({
      to: "target",
      origin: "http://caido.test:8080",
    });
  });
});

describe("messages", () => {
  it("the login warning names the instance, or the proxy the cleartext goes through", () => {
    expect(cleartextWarning("http://caido.test:8080", direct)).toBe(
      "http://caido.test:8080 is plain HTTP to another machine: the login and its tokens cross the network unencrypted; use https:// if the instance offers it.",
    );
    expect(cleartextWarning("http://127.0.0.1:8080", () => "http://proxy.example:3128")).toMatch(
      /^http:\/\/127\.0\.0\.1:8080 goes through the proxy http:\/\/proxy\.example:3128 in plain HTTP:/,
    );
    expect(cleartextWarning("http://127.0.0.1:8080", direct)).toBeUndefined();
    expect(cleartextWarning("https://caido.example.com", direct)).toBeUndefined();
  });

  it("a PAT cloud over cleartext is a usage error saying to use https", () => {
    expect(() => checkPatCloud("http://cloud.example.com/", direct)).toThrow(UsageError);
    try {
      checkPatCloud("http://cloud.example.com/", direct);
    } catch (error) {
      expect((error as UsageError).message).toBe(
        "CAIDO_CLOUD_URL http://cloud.example.com is plain HTTP to another machine: the personal access token would cross the network readable, so it was not sent.",
      );
      expect((error as UsageError).hint).toMatch(/^Use the cloud's https:\/\/ URL/);
    }
    expect(() => checkPatCloud("https://api.caido.io", direct)).not.toThrow();
    expect(() => checkPatCloud("http://127.0.0.1:4000", direct)).not.toThrow();
  });
});
