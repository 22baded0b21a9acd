// The sandbox's cloud as something tests can take down and bring back: stop() closes its port
// for real; start() listens again on the same port (so the same URL and issuer), from the same
// data directory (so the same accounts, clients, grants and tokens).
import { type Cloud, type CloudOptions, startCloud } from "./cloud/index.js";

export class RestartableCloud {
  #running: Cloud | undefined;
  #changing: Promise<void> = Promise.resolve();
  readonly url: string;
  /** Kept from the first start: they live in the data directory and never change. */
  readonly accounts: Cloud["accounts"];
  readonly workspaces: Cloud["workspaces"];

  private constructor(
    private readonly options: CloudOptions & { port: number },
    first: Cloud,
  ) {
    this.#running = first;
    this.url = first.url;
    this.accounts = first.accounts;
    this.workspaces = first.workspaces;
  }

  static async start(options: CloudOptions): Promise<RestartableCloud> {
    const cloud = await startCloud(options);
    return new RestartableCloud({ ...options, port: Number(new URL(cloud.url).port) }, cloud);
  }

  /** The running cloud, or an error saying it was stopped. */
  running(): Cloud {
    if (!this.#running)
      throw new Error("the sandbox cloud is stopped: startCloud() brings it back");
    return this.#running;
  }

  stop(): Promise<void> {
    return this.#change(async () => {
      const cloud = this.#running;
      this.#running = undefined;
      await cloud?.close();
    });
  }

  start(): Promise<void> {
    return this.#change(async () => {
      if (this.#running) return;
      // Same port, so the issuer (and every URL the instance and clients hold) stays the same.
      this.#running = await startCloud(this.options);
    });
  }

  /** One stop or start at a time, in the order they were asked for. */
  #change(step: () => Promise<void>): Promise<void> {
    const next = this.#changing.then(step);
    this.#changing = next.catch(() => {});
    return next;
  }
}
