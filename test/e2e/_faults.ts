// Real storage faults for tests: a small tmpfs, a read-only bind mount, a
// second user, and an HTTP proxy in front of an instance that can hold an answer in flight or
// refuse a refresh with a given reason. Mounts and users need root: CI runs as root, and these
// helpers fail with that reason rather than let a test pass or skip quietly without it.
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CLI } from "./_cli.js";

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${what} needs root (mount, useradd): run the tests as root, as CI does. Nothing was skipped.`,
    );
  }
}

const sh = (command: string, args: string[]) =>
  execFileSync(command, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

/**
 * A directory other users can reach (the run's temporary root is 0700): made under it, with
 * the root opened for traversal only (0711) until cleanup puts its mode back.
 */
export function sharedRoot(): { dir: string; cleanup(): void } {
  const base = tmpdir();
  for (let up = dirname(base); up !== dirname(up); up = dirname(up))
    if (!(statSync(up).mode & 0o001))
      throw new Error(
        `a second user cannot pass through ${up} (no o+x): run the tests with a TMPDIR like /tmp`,
      );
  const before = statSync(base).mode & 0o7777;
  chmodSync(base, before | 0o011);
  const dir = mkdtempSync(join(base, "caido-auth-faults-"));
  chmodSync(dir, 0o711);
  return {
    dir,
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      chmodSync(base, before);
    },
  };
}

export interface Mount {
  dir: string;
  unmount(): void;
}

function mounted(dir: string): Mount {
  let done = false;
  return {
    dir,
    unmount() {
      if (done) return;
      done = true;
      sh("umount", [dir]);
    },
  };
}

/** A tmpfs of `kib` KiB at `dir` (created if missing). */
export function mountTmpfs(dir: string, kib: number): Mount {
  mkdirSync(dir, { recursive: true });
  sh("mount", ["-t", "tmpfs", "-o", `size=${kib}k,mode=0700`, "tmpfs", dir]);
  return mounted(dir);
}

/** `dir` made read-only where it is, by a read-only bind mount of itself. */
export function bindReadOnly(dir: string): Mount {
  sh("mount", ["--bind", dir, dir]);
  const m = mounted(dir);
  try {
    sh("mount", ["-o", "remount,ro,bind", dir]);
  } catch (error) {
    m.unmount();
    throw error;
  }
  return m;
}

/** Fills a tmpfs until less than `leaveBytes` are free; returns the filler's path. */
export function fill(dir: string, leaveBytes: number): string {
  const path = join(dir, "filler");
  const free = Number(sh("df", ["--output=avail", "-B1", dir]).trim().split("\n").pop());
  const size = Math.max(0, free - leaveBytes);
  writeFileSync(path, Buffer.alloc(size, 1));
  // tmpfs counts whole pages: top up byte by byte until the space left is below leaveBytes.
  for (let i = 0; i < 64; i++) {
    const left = Number(sh("df", ["--output=avail", "-B1", dir]).trim().split("\n").pop());
    if (left < leaveBytes) break;
    writeFileSync(path, Buffer.alloc(Math.max(1024, left - leaveBytes + 1), 1), { flag: "a" });
  }
  return path;
}

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  /** The argv prefix that runs a command as this user (no groups, no capabilities). */
  prefix: string[];
  remove(): void;
}

/** A throwaway system user with no home and no login shell. */
export function createUser(): TestUser {
  const name = `caido-t${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  sh("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name]);
  const uid = Number(sh("id", ["-u", name]).trim());
  const gid = Number(sh("id", ["-g", name]).trim());
  let removed = false;
  return {
    name,
    uid,
    gid,
    prefix: ["setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--"],
    remove() {
      if (removed) return;
      removed = true;
      sh("userdel", [name]);
    },
  };
}

/**
 * Node and the CLI build, copied into `dir` (which the user can enter) so that a second user
 * can run them: the checkout, or the Node binary (CI's Node 22), may sit in a directory only
 * root can enter, such as one made by mktemp -d.
 */
export function runnableCopy(dir: string): { node: string; cli: string } {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const build = join(dir, "build");
  cpSync(dirname(CLI), build, { recursive: true });
  const node = join(dir, "node");
  copyFileSync(process.execPath, node);
  chmodSync(node, 0o755);
  return { node, cli: join(build, "bin.cjs") };
}

export type ProxyMode =
  | { kind: "pass" }
  /** Forward the refresh, keep its answer until release(); `answered` resolves when it is held. */
  | { kind: "hold-answer" }
  /** Keep the refresh request without forwarding it (nothing rotates); release() drops it. */
  | { kind: "hold-request" }
  /** Answer a refresh with AuthenticationUserError and this reason; never forward it. */
  | { kind: "refuse"; reason: "DENIED" | "EXPIRED" | "INVALID" | "STALE_DATE" };

export interface FaultProxy {
  url: string;
  mode: ProxyMode;
  /** Resolves when a refresh answer from the instance is being held. */
  held(): Promise<void>;
  /** Sends held answers on. */
  release(): void;
  /** Refresh requests the instance answered (it rotated the token each time). */
  refreshes: number;
  /** Every request that reached the proxy. */
  requests: number;
  close(): Promise<void>;
}

/** An HTTP proxy in front of an instance, acting on refreshAuthenticationToken only. */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let onHeld: (() => void) | undefined;
  let heldPromise = new Promise<void>((r) => {
    onHeld = r;
  });
  const waiting: (() => void)[] = [];
  const proxy: FaultProxy = {
    url: "",
    mode: { kind: "pass" },
    held: () => heldPromise,
    release() {
      for (const send of waiting.splice(0)) send();
      heldPromise = new Promise<void>((r) => {
        onHeld = r;
      });
    },
    refreshes: 0,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    proxy.requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const isRefresh = body.includes("refreshAuthenticationToken");
      const mode = proxy.mode;
      if (isRefresh && mode.kind === "hold-request") {
        waiting.push(() => res.destroy());
        onHeld?.();
        return;
      }
      if (isRefresh && mode.kind === "refuse") {
        const answer = {
          data: {
            refreshAuthenticationToken: {
              token: null,
              error: {
                __typename: "AuthenticationUserError",
                code: "AUTHENTICATION",
                authReason: mode.reason,
              },
            },
          },
        };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(answer));
        return;
      }
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            const send = () => {
              if (res.destroyed) return;
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(parts));
            };
            if (isRefresh) proxy.refreshes++;
            if (isRefresh && mode.kind === "hold-answer") {
              waiting.push(send);
              onHeld?.();
            } else send();
          });
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  // WebSockets (the login's subscription) pass through as raw TCP.
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const upstream = connect(Number(target.port), target.hostname, () => {
      const headers = Object.entries(req.headers).map(
        ([k, v]) => `${k}: ${k === "host" ? target.host : v}`,
      );
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return proxy;
}

/** `npm run test:reliability` sets this: the long versions (120 kills, the full load). */
export const LONG = Boolean(process.env.CAIDO_RELIABILITY);

export interface Figure {
  /** The section of docs/reliability.md it belongs to (scripts/reliability.mjs names them). */
  section: "kills" | "load" | "faults" | (string & {});
  what: string;
  result: string;
  /** The test file and a -t pattern that runs the test behind the figure. */
  file: string;
  test: string;
  ok: boolean;
}

/** Adds a figure for docs/reliability.md (scripts/reliability.mjs) when it collects them. */
export function record(figure: Figure): void {
  const out = process.env.CAIDO_RELIABILITY_OUT;
  if (out) appendFileSync(out, `${JSON.stringify(figure)}\n`);
}
