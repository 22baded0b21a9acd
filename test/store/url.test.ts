import { describe, expect, it } from "vitest";
import { UsageError } from "../../source/base/errors.js";
import { normaliseInstanceUrl } from "../../source/store/url.js";

describe("normaliseInstanceUrl", () => {
  it.each([
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["HTTP://MY-VPS.Example.COM:8080/", "http://my-vps.example.com:8080"],
    ["https://caido.example.com:443/", "https://caido.example.com"],
    ["http://host:80", "http://host"],
    ["127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["https://host/caido//", "https://host/caido"],
    ["https://host/?x=1#y", "https://host"],
    ["http://[::1]:8080", "http://[::1]:8080"],
  ])("%s → %s", (input, want) => {
    expect(normaliseInstanceUrl(input)).toBe(want);
  });

  it.each(["ftp://host", "http://user:pass@host", "http://"])(
    "refuses %s with a usage error",
    (input) => {
      expect(() => normaliseInstanceUrl(input)).toThrow(UsageError);
    },
  );
});
