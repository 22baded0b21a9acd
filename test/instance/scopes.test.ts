// --scopes: the names status shows and the cloud's, in any case; anything else is exit 2.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../source/base/errors.js";
import { parseScopes, SCOPE_NAMES, scopesToApprove } from "../../source/instance/scopes.js";

function usageError(value: string): UsageError {
  try {
    parseScopes(value);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`parseScopes(${JSON.stringify(value)}) did not throw`);
}

describe("parseScopes", () => {
  it("maps the instance's names (as status shows them) to the cloud's, in any case", () => {
    expect(parseScopes("PROFILE_READ")).toEqual(["profile"]);
    expect(parseScopes("offline, Profile_Read ,assistant")).toEqual([
      "offline_access",
      "profile",
      "assistant",
    ]);
  });

  it("takes the cloud's own names, and the identity scopes, without duplicates", () => {
    expect(parseScopes("openid,offline_access,profile,email,OFFLINE")).toEqual([
      "openid",
      "offline_access",
      "profile",
      "email",
    ]);
  });

  it("an unknown name is a usage error (exit 2) that lists every valid name", () => {
    const error = usageError("OFFLINE,read:projects");
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('--scopes: "read:projects" is not a scope the Caido cloud knows.');
    for (const { instance, cloud } of SCOPE_NAMES) {
      expect(error.hint).toContain(instance);
      expect(error.hint).toContain(cloud);
    }
  });

  it("never echoes a name that is not plain short text, and refuses an empty list", () => {
    const hostile = usageError("\x1b]0;pwned\x07");
    expect(hostile.message).toBe("--scopes: a scope name is not a scope the Caido cloud knows.");
    expect(usageError(" , ").message).toBe("--scopes needs at least one scope name.");
  });
});

describe("scopesToApprove", () => {
  const requested = ["openid", "offline_access", "profile", "email", "assistant"];

  it("approves everything requested when --scopes is absent", () => {
    expect(scopesToApprove(requested, undefined)).toEqual(requested);
  });

  it("keeps only the allowed ones, and always the identity the instance needs", () => {
    expect(scopesToApprove(requested, ["profile"])).toEqual(["openid", "profile", "email"]);
  });

  it("approves nothing the login request did not ask for", () => {
    expect(scopesToApprove(["openid", "profile"], ["assistant", "profile"])).toEqual([
      "openid",
      "profile",
    ]);
  });
});
