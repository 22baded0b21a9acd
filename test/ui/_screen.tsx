// Fixed props for rendering every login screen in tests.
import { codeExpired } from "../../source/instance/errors.js";
import type { LoginState } from "../../source/session/device-flow.js";
import type { LoginScreenProps } from "../../source/ui/LoginScreen.js";
import { loginFrame } from "../../source/ui/login-frame.js";
import { success } from "../session/_fake-login.js";

export const NOW = 1_700_000_000_000;
export const URL_ = "https://caido.io/device?user_code=ABCD-EFGH";

export const request = {
  id: "req-1",
  userCode: "ABCD-EFGH",
  verificationUrl: URL_,
  expiresAt: NOW + 15 * 60_000,
};

type Waiting = LoginState & { phase: "waiting" };

export function waiting(over: Partial<Waiting> = {}): Waiting {
  return {
    phase: "waiting",
    interactive: true,
    attempt: 1,
    request,
    approval: "device",
    now: NOW + 5_000,
    browser: { status: "not-tried" },
    ...over,
  };
}

export const expired: LoginState = {
  phase: "expired",
  interactive: true,
  attempt: 1,
  request,
  error: codeExpired("http://127.0.0.1:8080", "caido-auth login"),
};

export const succeeded: LoginState = {
  phase: "success",
  interactive: true,
  attempt: 1,
  result: success,
};

export function screenProps(
  state: LoginState,
  over: Partial<LoginScreenProps> = {},
): LoginScreenProps {
  return {
    state,
    instanceUrl: "http://127.0.0.1:8080",
    instanceVersion: "0.56.0",
    columns: 80,
    rows: 24,
    qr: true,
    color: true,
    hyperlinks: true,
    canOpenBrowser: true,
    ...over,
  };
}

/** The frame the screen draws for these props, as one string. */
export const frameOf = (props: LoginScreenProps) => loginFrame(props).join("\n");

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
export const plain = (frame: string | undefined) => (frame ?? "").replace(ANSI, "");
export const tick = () => new Promise((r) => setTimeout(r, 0));
