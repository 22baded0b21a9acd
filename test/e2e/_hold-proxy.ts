// A TCP proxy in front of an instance that can be told to hold: then it accepts connections
// and never answers, so a client stays stuck mid-request (to kill it while it holds a lock).
import { createServer, type Socket } from "node:net";

export interface HoldProxy {
  url: string;
  hold(on: boolean): void;
  /** Cuts every open connection, as a flaky network or a restarted proxy would. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startHoldProxy(targetUrl: string): Promise<HoldProxy> {
  const target = new URL(targetUrl);
  const { connect } = await import("node:net");
  let holding = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (holding) return;
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    hold: (on) => {
      holding = on;
    },
    dropAll: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
