import { describe, expect, it } from "vitest";
import { AuthRequiredError, UsageError } from "../../source/base/errors.js";
import { resolveInstance } from "../../source/session/resolve.js";
import type { ConfigData } from "../../source/store/format.js";

const s = (alias?: string) => ({
  alias,
  accessToken: "t",
  expiresAt: "2030-01-01T00:00:00Z",
  scopes: [],
  obtainedAt: "2026-01-01T00:00:00Z",
});
const two: ConfigData = {
  version: 1,
  sessions: { "http://a.test:8080": s("a"), "https://b.test": s() },
};

describe("resolveInstance", () => {
  it.each([
    ["the argument wins", two, "https://B.test/", { CAIDO_INSTANCE: "a" }, "https://b.test"],
    ["an alias", two, "a", {}, "http://a.test:8080"],
    ["CAIDO_INSTANCE next", two, undefined, { CAIDO_INSTANCE: "https://b.test" }, "https://b.test"],
    [
      "then the default",
      { ...two, defaultInstance: "https://b.test" },
      undefined,
      {},
      "https://b.test",
    ],
    [
      "then the only one",
      { version: 1, sessions: { "https://b.test": s() } },
      undefined,
      {},
      "https://b.test",
    ],
    ["an unstored URL resolves (login needs it)", two, "http://new.test", {}, "http://new.test"],
  ])("%s", (_name, config, arg, env, want) => {
    expect(resolveInstance(config as ConfigData, arg, env).url).toBe(want);
  });

  it("two stored and none chosen is a usage error listing them", () => {
    expect(() => resolveInstance(two, undefined, {})).toThrow(UsageError);
    expect(() => resolveInstance(two, undefined, {})).toThrow(/more than one/);
  });

  it("an unknown alias is a usage error", () => {
    expect(() => resolveInstance(two, "nope", {})).toThrow(/no instance is named "nope"\.$/);
    const vps = {
      version: 1,
      sessions: { "https://v.test": s("staging"), "https://w.test": s("prod") },
    };
    expect(() => resolveInstance(vps, "stagign", {})).toThrow(
      'no instance is named "stagign". Did you mean staging?',
    );
  });

  it("nothing stored asks for a login (exit 4)", () => {
    expect(() => resolveInstance({ version: 1, sessions: {} }, undefined, {})).toThrow(
      AuthRequiredError,
    );
  });
});
