// api's flags through the built CLI: GraphQL against the sandbox's data API, REST and headers
// against a recording server (standing in for an instance through CAIDO_ACCESS_TOKEN), the
// bearer never sent to another origin, and every bad input a one-line usage error (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../source/sandbox/index.js";
import { type RecordingServer, recordingServer } from "../api/_servers.js";
import { REQUEST_BY_ID, REQUESTS_PAGE, VIEWER } from "../api/documents.js";
import { baseEnv, newConfigDir, runCli } from "./_cli.js";
import { patLogin, sandboxEnv } from "./_login.js";

const files = mkdtempSync(join(tmpdir(), "caido-api-flags-"));
const file = (name: string, text: string) => {
  const path = join(files, name);
  writeFileSync(path, text);
  return path;
};

let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  sandbox = await startSandbox({ requestInterval: 0 });
  const dir = newConfigDir();
  env = sandboxEnv(sandbox, dir);
  expect((await patLogin(sandbox, dir)).code).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(files, { recursive: true, force: true });
});

/** An answer's head (-i): the status line, header lines, then an empty line. */
function splitHead(stdout: string): { status: string; headers: Map<string, string>; body: string } {
  const end = stdout.indexOf("\n\n");
  expect(end).toBeGreaterThan(0);
  const [status, ...lines] = stdout.slice(0, end).split("\n");
  const headers = new Map<string, string>();
  for (const line of lines) {
    const match = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+): (.*)$/.exec(line) ?? [];
    expect(match.length, line).toBe(3);
    headers.set(String(match[1]).toLowerCase(), String(match[2]));
  }
  return { status: status as string, headers, body: stdout.slice(end + 2) };
}

describe("api: GraphQL flags against the sandbox", () => {
  it("-F types its values and -f keeps strings", async () => {
    const typed = await runCli(["api", "-F", "first=3", REQUESTS_PAGE], { env });
    expect(typed.code).toBe(0);
    const page = JSON.parse(typed.stdout).data.requests;
    expect(page.nodes.map((n: { id: string }) => n.id)).toEqual(["1", "2", "3"]);
    expect(page.pageInfo.hasNextPage).toBe(true);

    const raw = await runCli(["api", "-f", "id=7", REQUEST_BY_ID], { env });
    expect(raw.code).toBe(0);
    expect(JSON.parse(raw.stdout).data.request).toMatchObject({ id: "7" });
    // -f first=3 sends the string "3" where an Int belongs: the instance's error, exit 1.
    const wrong = await runCli(["api", "-f", "first=3", REQUESTS_PAGE], { env });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).errors.length).toBeGreaterThan(0);
  });

  it("reads the document from @FILE and from stdin, and --input takes a JSON body", async () => {
    const fromFile = await runCli(["api", "-F", "id=4", `@${file("one.graphql", REQUEST_BY_ID)}`], {
      env,
    });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout).data.request.id).toBe("4");

    const fromStdin = await runCli(["api", "-F", "id=5", "-"], { env, input: REQUEST_BY_ID });
    expect(JSON.parse(fromStdin.stdout).data.request.id).toBe("5");

    const body = JSON.stringify({ query: REQUEST_BY_ID, variables: { id: "6" } });
    const input = await runCli(["api", "--input", file("body.json", body)], { env });
    expect(input.code).toBe(0);
    expect(JSON.parse(input.stdout).data.request.id).toBe("6");
    // Fields go on top of the body's variables; --input - reads stdin.
    const piped = await runCli(["api", "--input", "-", "-F", "id=9"], { env, input: body });
    expect(JSON.parse(piped.stdout).data.request.id).toBe("9");
    // With --input, the one positional is the instance.
    const named = await runCli(["api", sandbox.instanceUrl, "--input", "-"], { env, input: body });
    expect(JSON.parse(named.stdout).data.request.id).toBe("6");
  });

  it("-F @file sends the file's text", async () => {
    const id = file("id.txt", "8");
    const result = await runCli(["api", "-F", `id=@${id}`, REQUEST_BY_ID], { env });
    expect(JSON.parse(result.stdout).data.request.id).toBe("8");
  });

  it("-i prints the status line and headers, then the body", async () => {
    const result = await runCli(["api", "-i", VIEWER], { env });
    expect(result.code).toBe(0);
    const { status, headers, body } = splitHead(result.stdout);
    expect(status).toBe("HTTP/1.1 200 OK");
    expect(headers.get("content-type")).toMatch(/json/);
    // The body is the answer pretty-printed (as without -i), the headers as received.
    expect(Number(headers.get("content-length"))).toBeGreaterThan(0);
    expect(JSON.parse(body).data.viewer.id).toBeTruthy();
    expect(result.stderr).toBe("");
  });

  it("--silent prints nothing and still exits 1 on errors", async () => {
    const ok = await runCli(["api", "--silent", VIEWER], { env });
    expect(ok).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const failed = await runCli(
      ["api", "--silent", "query { viewer { ... on CloudUser { nope } } }"],
      {
        env,
      },
    );
    expect(failed).toMatchObject({ code: 1, stdout: "" });
    // -i with --silent: the head alone.
    const head = await runCli(["api", "-i", "--silent", VIEWER], { env });
    expect(head.stdout).toMatch(/^HTTP\/1.1 200 OK\n[\s\S]*\n\n$/);
  });

  it("masks the token for GitHub Actions before printing headers, and only then", async () => {
    const config = await runCli(["token"], { env });
    const token = config.stdout.trim();
    const masked = await runCli(["api", "-i", VIEWER], { env: { ...env, GITHUB_ACTIONS: "true" } });
    expect(masked.code).toBe(0);
    expect(masked.stderr).toBe(`::add-mask::${token}\n`);
    expect(masked.stdout).not.toContain("::add-mask::");
    const plain = await runCli(["api", VIEWER], { env: { ...env, GITHUB_ACTIONS: "true" } });
    expect(plain.stderr).toBe("");
    const outside = await runCli(["api", "-i", VIEWER], { env });
    expect(outside.stderr).toBe("");
  });

  it("--rest calls a path on the instance, -i included", async () => {
    const result = await runCli(["api", "-i", "--rest", "/health"], { env });
    expect(result.code).toBe(0);
    const { status, body } = splitHead(result.stdout);
    expect(status).toBe("HTTP/1.1 200 OK");
    expect(JSON.parse(body)).toMatchObject({ name: "caido" });
    const missing = await runCli(["api", "--rest", "/no/such/path"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stdout).not.toBe("");
  });
});

describe("api: the bearer never leaves the instance's origin", () => {
  let other: RecordingServer;
  beforeAll(async () => {
    other = await recordingServer();
  });
  afterAll(() => other?.close());

  it.each([
    ["an absolute URL", (o: string) => `${o}/x`],
    ["a protocol-relative URL", (o: string) => `//${new URL(o).host}/y`],
    ["a backslash trick", (o: string) => `/\\${new URL(o).host}/z`],
  ])("refuses %s as a usage error and sends nothing", async (_name, path) => {
    const result = await runCli(["api", "--rest", path(other.url)], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `caido-auth: --rest leads to ${other.url}, not to the instance (${sandbox.instanceUrl}): the token goes to the instance only. Give a path on the instance, e.g. /health.\n`,
    );
    expect(other.requests).toEqual([]);
  });

  it("with CAIDO_ACCESS_TOKEN too", async () => {
    const envToken = baseEnv(newConfigDir(), {
      CAIDO_ACCESS_TOKEN: "env-token-value",
      CAIDO_INSTANCE: sandbox.instanceUrl,
    });
    const result = await runCli(["api", "--rest", `${other.url}/x`], { env: envToken });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("env-token-value");
    expect(other.requests.map((r) => r.headers.authorization)).toEqual([]);
  });
});

describe("api: REST and headers, as sent", () => {
  let server: RecordingServer;
  let fake: NodeJS.ProcessEnv;
  const TOKEN = "recorded-token";
  beforeAll(async () => {
    server = await recordingServer((request) =>
      request.url.startsWith("/missing")
        ? { status: 404, body: { errors: [{ message: "not here" }] } }
        : request.url === "/graphql"
          ? { body: { data: { ok: true } } }
          : { headers: { "x-answer": "yes" }, body: { ok: true } },
    );
    fake = baseEnv(newConfigDir(), { CAIDO_ACCESS_TOKEN: TOKEN, CAIDO_INSTANCE: server.url });
  });
  afterAll(() => server?.close());
  const last = () => server.requests.at(-1);

  it("GET by default, with the bearer", async () => {
    const result = await runCli(["api", "--rest", "/plain"], { env: fake });
    expect(result).toMatchObject({ code: 0, stdout: '{"ok":true}\n' });
    expect(last()).toMatchObject({ method: "GET", url: "/plain", body: "" });
    expect(last()?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("fields make a JSON body and POST; -X GET puts them in the query string", async () => {
    await runCli(["api", "--rest", "/fields", "-F", "n=2", "-F", "b=true", "-f", "s=2"], {
      env: fake,
    });
    expect(last()).toMatchObject({ method: "POST", url: "/fields" });
    expect(JSON.parse(last()?.body as string)).toEqual({ n: 2, b: true, s: "2" });
    expect(last()?.headers["content-type"]).toBe("application/json");

    await runCli(["api", "--rest", "/q", "-X", "GET", "-F", "n=2", "-f", "s=a b"], { env: fake });
    expect(last()).toMatchObject({ method: "GET", url: "/q?s=a+b&n=2", body: "" });

    await runCli(["api", "--rest", "/put", "-X", "put", "-F", "n=1"], { env: fake });
    expect(last()).toMatchObject({ method: "PUT", body: '{"n":1}' });
  });

  it("--input sends a file or stdin as the body (POST), fields then go in the query string", async () => {
    const body = file("rest-body.json", '{"raw": [1, 2]}');
    await runCli(["api", "--rest", "/in", "--input", body, "-F", "v=1"], { env: fake });
    expect(last()).toMatchObject({ method: "POST", url: "/in?v=1", body: '{"raw": [1, 2]}' });
    await runCli(["api", "--rest", "/in", "-X", "PATCH", "--input", "-"], {
      env: fake,
      input: "from stdin",
    });
    expect(last()).toMatchObject({ method: "PATCH", url: "/in", body: "from stdin" });
  });

  it("-H adds headers and replaces ours, on REST and GraphQL", async () => {
    await runCli(
      ["api", "--rest", "/h", "-H", "X-Trace: t1", "-H", "Accept: text/plain", "-F", "a=1"],
      { env: fake },
    );
    expect(last()?.headers).toMatchObject({ "x-trace": "t1", accept: "text/plain" });
    await runCli(
      ["api", "-H", "X-Trace: t2", "-H", "content-type: application/json; x=1", VIEWER],
      {
        env: fake,
      },
    );
    expect(last()).toMatchObject({ method: "POST", url: "/graphql" });
    expect(last()?.headers).toMatchObject({
      "x-trace": "t2",
      "content-type": "application/json; x=1",
      authorization: `Bearer ${TOKEN}`,
    });
    expect(JSON.parse(last()?.body as string)).toEqual({ query: VIEWER, variables: {} });
  });

  it("-i shows the answer's headers; HTTP >= 400 exits 1 with the body", async () => {
    const shown = await runCli(["api", "-i", "--rest", "/plain"], { env: fake });
    const { status, headers, body } = splitHead(shown.stdout);
    expect(status).toBe("HTTP/1.1 200 OK");
    expect(headers.get("x-answer")).toBe("yes");
    expect(body).toBe('{"ok":true}\n');
    const missing = await runCli(["api", "-i", "--rest", "/missing"], { env: fake });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^HTTP\/1.1 404 Not Found\n/);
    expect(missing.stdout).toContain('{"errors":[{"message":"not here"}]}');
  });
});

describe("api: bad input is one line and exit 2, and nothing is sent", () => {
  let server: RecordingServer;
  let fake: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await recordingServer();
    fake = baseEnv(newConfigDir(), { CAIDO_ACCESS_TOKEN: "t", CAIDO_INSTANCE: server.url });
  });
  afterAll(() => server?.close());

  const cases: [string, string[], string][] = [
    [
      "an unreadable @file",
      ["@/nonexistent/q.graphql"],
      "cannot read /nonexistent/q.graphql (no such file), given as @/nonexistent/q.graphql.",
    ],
    [
      "an unreadable -F @file",
      ["-F", "x=@/nonexistent/v", VIEWER],
      "cannot read /nonexistent/v (no such file), given as -F x=@/nonexistent/v.",
    ],
    [
      "an unreadable --input",
      ["--input", "/nonexistent/b.json"],
      "cannot read /nonexistent/b.json (no such file), given as --input /nonexistent/b.json.",
    ],
    ["a bad -F", ["-F", "novalue", VIEWER], '-F takes name=value: "…" has no name.'],
    ["a bad -f", ["-f", "=v", VIEWER], '-f takes name=value: "=…" has no name.'],
    [
      "a header without a colon",
      ["-H", "X-Bad", VIEWER],
      `-H takes 'Name: value': a header has no name or no ":".`,
    ],
    [
      "a header with CR/LF",
      ["-H", "X-Evil: a\r\nHost: other", VIEWER],
      "-H X-Evil: the value holds a line break or NUL; headers are one line.",
    ],
    [
      "--paginate without $cursor",
      [
        "--paginate",
        "query { requests(first: 5) { nodes { id } pageInfo { hasNextPage endCursor } } }",
      ],
      "--paginate needs a query that declares $cursor and passes it to a connection, e.g. query($cursor: String) { requests(first: 50, after: $cursor) { nodes { id } pageInfo { hasNextPage endCursor } } }.",
    ],
    [
      "a mutation with --subscribe",
      ["--subscribe", "mutation { logout { success } }"],
      "--subscribe needs a subscription, and this document is a mutation.",
    ],
    [
      "a query with --subscribe",
      ["--subscribe", VIEWER],
      "--subscribe needs a subscription, and this document is a query.",
    ],
    [
      "a subscription without --subscribe",
      ["subscription { createdRequest { snapshot } }"],
      "this document is a subscription: add --subscribe to listen to it.",
    ],
    [
      "--subscribe with --paginate",
      ["--subscribe", "--paginate", "subscription { createdRequest { snapshot } }"],
      "--subscribe and --paginate do not go together.",
    ],
    [
      "--slurp without --paginate",
      ["--slurp", VIEWER],
      "--slurp collects the pages of --paginate: add --paginate.",
    ],
    [
      "--limit without --subscribe",
      ["--limit", "3", VIEWER],
      "--limit counts the events of --subscribe: add --subscribe.",
    ],
    [
      "an unparseable document",
      ["query { viewer {"],
      "the GraphQL document does not parse: Syntax Error: Expected Name, found <EOF> (line 1, column 17).",
    ],
    [
      "a bad --input body",
      ["--input", "-"],
      '--input for GraphQL takes a JSON body: {"query": "...", "variables": {...}}.',
    ],
    [
      "-X for GraphQL",
      ["-X", "GET", VIEWER],
      "-X applies to --rest: GraphQL calls are always POST.",
    ],
  ];

  it.each(cases)("%s", async (_name, args, message) => {
    const result = await runCli(["api", ...args], { env: fake, input: "not json" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`caido-auth: ${message}\n`);
    expect(server.requests).toEqual([]);
  });
});
