// What a key does on the login screen right now: the keys its footer shows, and the cancel keys
// at any time (q, Esc, Ctrl+C).
import type { LoginState } from "../session/device-flow.js";
import type { Key } from "./keys.js";
import { canOpenLink } from "./screen-text.js";

export type LoginAction = "cancel" | "restart" | "open" | "copy";

export function loginAction(
  key: Key,
  state: LoginState,
  canOpenBrowser: boolean,
): LoginAction | undefined {
  if (key === "q" || key === "escape" || key === "ctrl-c") return "cancel";
  if (key === "r") return state.phase === "expired" ? "restart" : undefined;
  if (state.phase !== "waiting" || state.approval !== "device") return undefined;
  if (key === "o") return canOpenLink(state, canOpenBrowser) ? "open" : undefined;
  if (key === "c") return "copy";
  return undefined;
}
