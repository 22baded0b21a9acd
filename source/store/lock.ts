// Cross-process locks with proper-lockfile. A holder killed with SIGKILL leaves a lock that
// turns stale after STALE_MS, so the next process waits at most that long (issue: <= 10 s).
import { createHash } from "node:crypto";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { CaidoAuthError } from "../errors.js";

const STALE_MS = 5_000;
const WAIT_MS = 30_000;

/** One refresh lock per instance, so refreshes of different instances never wait on each other. */
export function refreshLockPath(dir: string, instanceUrl: string): string {
  const id = createHash("sha256").update(instanceUrl).digest("hex").slice(0, 16);
  return join(dir, `refresh-${id}.lock`);
}

export async function withLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  const started = Date.now();
  let release: () => Promise<void>;
  for (;;) {
    try {
      // proper-lockfile keys its held locks by the first argument: give each lock its own,
      // or a process holding two (refresh, then config) loses track of one.
      release = await lockfile.lock(lockPath, {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_MS,
        update: STALE_MS / 5,
        retries: { retries: 1_000, minTimeout: 20, maxTimeout: 150, randomize: true },
        // Without a handler a lost lock throws from a timer and crashes the process.
        onCompromised: (error) => {
          compromised = error;
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED" || Date.now() - started > WAIT_MS) {
        throw new CaidoAuthError(
          `could not lock ${lockPath} (${(error as Error).message}).`,
          1,
          "Another caido-auth may be stuck; try again.",
        );
      }
    }
  }
  try {
    const result = await work();
    if (compromised) {
      throw new CaidoAuthError(`lost the lock ${lockPath} while working.`, 1, "Try again.");
    }
    return result;
  } finally {
    await release().catch(() => {});
  }
}
