// bin.cjs writes its answer with one write(2) rather than through process.stdout: creating that
// stream loads Node's stream and net modules, ~3 ms of a 20 ms `token` (issue 9). A pipe that is
// full or gone (EAGAIN, EPIPE) gets the rest through process.stdout, as the full CLI writes it.
import { writeSync } from "node:fs";

/** Writes text to stdout: at once when it can, else through process.stdout. */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch {
    process.stdout.write(bytes.subarray(done));
  }
}

/** process.stderr, created only when something is written to it. */
export const lazyStderr = { write: (text: string) => process.stderr.write(text) };
