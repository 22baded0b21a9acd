// Child process for the lock tests: `hold PATH` takes the lock, says "held" and keeps it until
// killed; `try PATH WAIT_MS` tries once within WAIT_MS and prints the outcome as JSON.
import { withLock } from "../../source/store/lock.js";

const [action, path, waitMs] = process.argv.slice(2) as [string, string, string?];
if (action === "hold") {
  await withLock(path, async () => {
    process.stdout.write("held\n");
    setInterval(() => {}, 60_000); // stays alive (the lock's heartbeat timer is unref'd)
    await new Promise(() => {});
  });
} else {
  const started = Date.now();
  try {
    await withLock(path, async () => {}, { waitMs: Number(waitMs ?? 1000) });
    process.stdout.write(`${JSON.stringify({ ok: true, ms: Date.now() - started })}\n`);
  } catch (error) {
    const e = error as Error & { code?: string };
    process.stdout.write(
      `${JSON.stringify({ ok: false, message: e.message, code: e.code, ms: Date.now() - started })}\n`,
    );
  }
}
