// Leave no trace: every temporary file the tests and their child processes make (config
// dirs, sandboxes, tmux sockets, Chromium's profile and cache) goes under one directory that
// is removed when the run ends, even when a test forgets to clean up after itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "caido-auth-tests-"));
  // Workers and the processes they spawn inherit these.
  process.env.TMPDIR = root;
  process.env.TMUX_TMPDIR = root;
  process.env.XDG_CONFIG_HOME = join(root, "xdg-config");
  process.env.XDG_CACHE_HOME = join(root, "xdg-cache");
  return () => rmSync(root, { recursive: true, force: true });
}
