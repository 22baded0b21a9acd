// exec's child started through Node's own process handle (the binding child_process wraps),
// because loading child_process (with net, dgram and streams behind it) is ~2.5 ms of a ~20 ms
// `exec -- true` (issue 9: within 1.25x a bare Node start). Only stdio inherited, only what
// runChild needs. Undefined wherever that handle is not as expected, or asking for it would
// print a deprecation warning (--pending-deprecation): then child.ts uses child_process.

/** A started child: kill it, and learn how it ended. */
export interface LightChild {
  kill(signal: number): void;
  /** Exit code, or the signal's name when a signal ended it. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

interface ProcessHandle {
  spawn(options: object): number;
  kill(signal: number): number;
  close(): void;
  onexit?: (code: number, signal: string | null) => void;
}

type ProcessWrap = { Process: new () => ProcessHandle };

function processWrap(): ProcessWrap | undefined {
  const env = process.env;
  const warns =
    env.NODE_PENDING_DEPRECATION === "1" ||
    /--pending-deprecation/.test(`${process.execArgv.join(" ")} ${env.NODE_OPTIONS ?? ""}`);
  if (warns) return undefined;
  try {
    const binding = (process as unknown as { binding(name: string): unknown }).binding(
      "process_wrap",
    ) as ProcessWrap;
    return typeof binding?.Process === "function" ? binding : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `program` with our stdin, stdout and stderr; undefined when this way is not available.
 * Throws an Error with `code` (e.g. ENOENT) when the program cannot be started.
 */
export function spawnLight(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): LightChild | undefined {
  const wrap = processWrap();
  if (!wrap) return undefined;
  const handle = new wrap.Process();
  let onExit: (ended: { code: number | null; signal: string | null }) => void = () => {};
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    onExit = resolve;
  });
  handle.onexit = (code, signal) => {
    handle.close();
    onExit(signal ? { code: null, signal } : { code, signal: null });
  };
  const failed = handle.spawn({
    file: program,
    args: [program, ...args],
    envPairs: Object.entries(env)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${value}`),
    stdio: [0, 1, 2].map((fd) => ({ type: "fd", fd })),
    detached: false,
    windowsHide: false,
  });
  if (failed) {
    handle.close();
    const { getSystemErrorName } = process.getBuiltinModule("node:util");
    const error = new Error(`spawn ${program} ${getSystemErrorName(failed)}`);
    throw Object.assign(error, { code: getSystemErrorName(failed) });
  }
  return { kill: (signal) => void handle.kill(signal), exited };
}
