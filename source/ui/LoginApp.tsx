// The Ink root: renders LoginScreen from the driver's state, turns keys into driver calls, tracks
// the terminal size (unless given: renderLogin passes it, to redraw cleanly on resize), and ends
// the Ink app with the outcome (exit(error) rejects waitUntilExit).
import { useApp, useInput, useStdout } from "ink";
import { useEffect, useReducer, useState } from "react";
import { isFinal, type LoginState } from "../session/device-flow.js";
import { CODE_MAX } from "./format.js";
import { canOpenLink, LoginScreen, type LoginScreenProps } from "./LoginScreen.js";
import { safeText } from "./safe-text.js";

export interface LoginActions {
  openBrowser(): void;
  /** Put the code on the clipboard (OSC 52). */
  copy(code: string): void;
  restart(): void;
  cancel(): void;
}

export interface LoginAppProps extends Omit<LoginScreenProps, "columns" | "rows" | "copied"> {
  actions: LoginActions;
  /** Fixed size (renderLogin, tests); otherwise the terminal's, following resizes. */
  columns?: number;
  rows?: number;
}

/** The terminal's size, redrawn on every resize unless the size is given. */
function useTerminalSize(given: boolean) {
  const { stdout } = useStdout();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (given) return;
    stdout.on("resize", redraw);
    return () => {
      stdout.off("resize", redraw);
    };
  }, [stdout, given]);
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

export function LoginApp({ actions, columns, rows, ...screen }: LoginAppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(columns !== undefined && rows !== undefined);
  const [copiedFor, setCopiedFor] = useState<string>();
  const { state } = screen;

  useInput((input, key) => {
    if (input === "q" || key.escape || (key.ctrl && input === "c")) actions.cancel();
    else if (input === "r" && state.phase === "expired") actions.restart();
    else if (state.phase !== "waiting" || state.approval !== "device") return;
    else if (input === "o" && canOpenLink(state, screen.canOpenBrowser)) actions.openBrowser();
    else if (input === "c") {
      // What the box shows, unspaced: never more than a code's worth of a server's bytes.
      actions.copy(safeText(state.request.userCode, CODE_MAX));
      setCopiedFor(state.request.id);
    }
  });

  // Exit after the final screen has been drawn, so it stays on the terminal.
  useEffect(() => {
    if (!isFinal(state)) return;
    exit(state.phase === "success" ? undefined : errorOf(state));
  }, [state, exit]);

  const copied = state.phase === "waiting" && copiedFor === state.request.id;
  return (
    <LoginScreen
      {...screen}
      columns={columns ?? size.columns}
      rows={rows ?? size.rows}
      copied={copied}
    />
  );
}

function errorOf(state: LoginState): Error | undefined {
  return state.phase === "failed" || state.phase === "cancelled" ? state.error : undefined;
}
