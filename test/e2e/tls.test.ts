// An instance behind a certificate Node does not trust: a clear TLS error naming the fix,
// and NODE_EXTRA_CA_CERTS (no switch turns verification off) makes it work.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, newConfigDir, runCli } from "./_cli.js";

describe("TLS", () => {
  let server: Server;
  let url: string;
  let certFile: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "caido-auth-tls-"));
    certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    // Answers /health like Caido, and nothing else: enough to see TLS succeed or fail.
    server = createServer(
      { key: readFileSync(keyFile), cert: readFileSync(certFile) },
      (req, res) => {
        if (req.url === "/health") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ name: "caido", version: "0.55.3", ready: true }));
        } else res.writeHead(404, { "content-type": "text/plain" }).end("no");
      },
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server?.close());

  it("an untrusted certificate: exit 1, a TLS error that names NODE_EXTRA_CA_CERTS", async () => {
    const result = await runCli(["login", url, "--json"], { env: baseEnv(newConfigDir()) });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /TLS failure talking to https:\/\/127\.0\.0\.1:\d+ \(DEPTH_ZERO_SELF_SIGNED_CERT\).*NODE_EXTRA_CA_CERTS/,
    );
  });

  it("with NODE_EXTRA_CA_CERTS the connection is trusted (the fake then fails as not Caido)", async () => {
    const result = await runCli(["login", url, "--json"], {
      env: baseEnv(newConfigDir(), { NODE_EXTRA_CA_CERTS: certFile }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/TLS failure/);
    expect(result.stderr).toMatch(/does not look like a Caido instance/);
  });
});
