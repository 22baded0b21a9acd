// api's flag combinations and --rest's URL: what is refused before anything is read or sent.
import { describe, expect, it } from "vitest";
import { mergeHeaders, restUrl } from "../../source/api/call.js";
import { planFrom, readsStdin } from "../../source/api/options.js";
import { UsageError } from "../../source/base/errors.js";
import type { Values } from "../../source/commands/command.js";

const Q = "query { viewer { __typename } }";

describe("planFrom", () => {
  it("one positional is the document, two are the instance and the document", () => {
    expect(planFrom({}, [Q])).toMatchObject({ instance: undefined, document: Q });
    expect(planFrom({}, ["one", Q])).toMatchObject({ instance: "one", document: Q });
    expect(planFrom({ instance: "one" }, [Q])).toMatchObject({ instance: "one", document: Q });
  });

  it("with --rest or --input the one positional is the instance", () => {
    expect(planFrom({ rest: "/health" }, ["one"])).toMatchObject({
      instance: "one",
      rest: "/health",
    });
    expect(planFrom({ input: "body.json" }, ["one"])).toMatchObject({
      instance: "one",
      document: undefined,
    });
  });

  it("keeps the last -H of a name, whatever its case", () => {
    const plan = planFrom({ header: ["X-A: 1", "x-a: 2", "X-B: 3"] }, [Q]);
    expect(plan.headers).toEqual({ "x-a": "2", "X-B": "3" });
  });

  it("upper-cases -X and reads --limit", () => {
    expect(planFrom({ rest: "/x", method: "put" }, []).method).toBe("PUT");
    expect(planFrom({ subscribe: true, limit: "5" }, [Q]).limit).toBe(5);
  });

  it.each<[string, Values, string[], RegExp]>([
    ["no document", {}, [], /no GraphQL document given/],
    ["three positionals", {}, ["a", "b", "c"], /too many arguments/],
    [
      "two positionals with --rest",
      { rest: "/x" },
      ["a", "b"],
      /too many arguments \(with --rest, only the instance\)/,
    ],
    ["the instance twice", { instance: "two" }, ["one", Q], /given twice/],
    ["--slurp alone", { slurp: true }, [Q], /--slurp collects the pages of --paginate/],
    ["--limit alone", { limit: "3" }, [Q], /--limit counts the events of --subscribe/],
    ["--limit 0", { subscribe: true, limit: "0" }, [Q], /--limit takes a number of events/],
    ["--limit x", { subscribe: true, limit: "x" }, [Q], /--limit takes a number of events/],
    ["--limit -1", { subscribe: true, limit: "-1" }, [Q], /--limit takes a number of events/],
    ["--subscribe --paginate", { subscribe: true, paginate: true }, [Q], /do not go together/],
    ["--rest --paginate", { rest: "/x", paginate: true }, [], /--paginate works with GraphQL/],
    ["--rest --subscribe", { rest: "/x", subscribe: true }, [], /--subscribe works with GraphQL/],
    ["-i --subscribe", { subscribe: true, include: true }, [Q], /-i prints HTTP headers/],
    ["-X GET for GraphQL", { method: "GET" }, [Q], /-X applies to --rest/],
    ["-X with a space", { rest: "/x", method: "GET /evil" }, [], /-X takes an HTTP method/],
    ["a bad header", { header: ["nocolon"] }, [Q], /-H takes 'Name: value'/],
    [
      "stdin twice",
      { input: "-", rest: "/x", field: ["a=@-"] },
      [],
      /standard input can be read once, and --input - and -F a=@- both want it/,
    ],
    [
      "stdin for the document and a field",
      { field: ["a=@-"] },
      ["-"],
      /the document \(-\) and -F a=@- both want it/,
    ],
  ])("refuses %s", (_name, values, positionals, message) => {
    const error = catchError(() => planFrom(values, positionals));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it("knows when stdin is needed", () => {
    expect(readsStdin(planFrom({}, ["-"]))).toBe(true);
    expect(readsStdin(planFrom({ input: "-" }, []))).toBe(true);
    expect(readsStdin(planFrom({ field: ["q=@-"] }, [Q]))).toBe(true);
    expect(readsStdin(planFrom({ field: ["q=@file"] }, [Q]))).toBe(false);
  });
});

describe("restUrl", () => {
  const instance = "http://127.0.0.1:8080";

  it.each([
    ["/health", "http://127.0.0.1:8080/health"],
    ["health?x=1", "http://127.0.0.1:8080/health?x=1"],
    ["http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"],
    ["/a/../b", "http://127.0.0.1:8080/b"],
  ])("%s stays on the instance", (path, want) => {
    expect(restUrl(instance, path).toString()).toBe(want);
  });

  it("a relative path goes under an instance's path prefix, an absolute one from its root", () => {
    expect(restUrl("https://h.test/caido", "health").toString()).toBe(
      "https://h.test/caido/health",
    );
    expect(restUrl("https://h.test/caido", "/health").toString()).toBe("https://h.test/health");
  });

  it.each([
    ["http://other.test/x", /leads to http:\/\/other.test, not to the instance/],
    ["//other.test/y", /leads to http:\/\/other.test/],
    ["/\\other.test/y", /leads to http:\/\/other.test/],
    ["\\\\other.test/y", /leads to http:\/\/other.test/],
    ["https://127.0.0.1:8080/x", /leads to https:\/\/127.0.0.1:8080/],
    ["http://127.0.0.1:8081/x", /leads to http:\/\/127.0.0.1:8081/],
    ["file:///etc/passwd", /leads to a file: URL/],
    ["javascript:alert(1)", /leads to a javascript: URL/],
    ["http://user:pw@127.0.0.1:8080/x", /user name or password/],
    ["/x\r\nHost: evil", /control character/],
    ["", /needs a path/],
  ])("refuses %j", (path, message) => {
    const error = catchError(() => restUrl(instance, path));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });
});

describe("mergeHeaders", () => {
  it("lets the user's headers replace ours, names compared without case", () => {
    expect(
      mergeHeaders(
        { "content-type": "application/json", accept: "a" },
        { "Content-Type": "text/plain" },
      ),
    ).toEqual({ accept: "a", "Content-Type": "text/plain" });
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
