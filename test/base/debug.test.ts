import { describe, expect, it } from "vitest";
import { redact } from "../../source/base/debug.js";

describe("redact", () => {
  it.each([
    ["authorization: Bearer abc.def-ghi", "authorization: Bearer [redacted]"],
    [
      '{"accessToken":"tok1","refreshToken":"tok2","x":1}',
      '{"accessToken":"[redacted]","refreshToken":"[redacted]","x":1}',
    ],
    [
      "refresh_token=zzz&grant_type=refresh_token",
      "refresh_token=[redacted]&grant_type=refresh_token",
    ],
    ["PAT caido_0123456789abcdef was refused", "PAT caido_[redacted] was refused"],
    ["GET http://127.0.0.1:8080/health → HTTP 200", "GET http://127.0.0.1:8080/health → HTTP 200"],
  ])("%s", (input, want) => {
    expect(redact(input)).toBe(want);
  });
});
