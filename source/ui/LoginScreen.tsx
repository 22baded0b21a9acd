// The whole login screen as a function of its props: header (what you grant access to),
// the phase's body, and the keys that work right now.
import { Box, Text } from "ink";
import type { LoginState } from "../session/device-flow.js";
import { Expired, Failure, Success } from "./Outcome.js";
import { Spinner } from "./Spinner.js";
import { isTrustedVerificationHost, untrustedHostWarning } from "./trusted-host.js";
import { Waiting } from "./Waiting.js";

export interface LoginScreenProps {
  state: LoginState;
  instanceUrl: string;
  instanceVersion?: string;
  columns: number;
  rows: number;
  /** False with --no-qr. */
  qr: boolean;
  color: boolean;
  hyperlinks: boolean;
  cloudUrl?: string;
  canOpenBrowser: boolean;
  /** The code was just sent to the clipboard. */
  copied?: boolean;
}

export function footerKeys(state: LoginState, canOpenBrowser: boolean): string[] {
  if (state.phase === "starting") return ["q quit"];
  if (state.phase === "expired") return ["r new code", "q quit"];
  if (state.phase !== "waiting") return [];
  if (state.approval === "pat") return ["q cancel"];
  return [...(canOpenBrowser ? ["o open browser"] : []), "c copy code", "q cancel"];
}

function Header(props: LoginScreenProps & { warning?: string }) {
  const { color } = props;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        Logging in to <Text bold>{props.instanceUrl}</Text>
        {props.instanceVersion ? ` (Caido ${props.instanceVersion})` : ""}
      </Text>
      {props.warning && <Text color={color ? "yellow" : undefined}>{props.warning}</Text>}
    </Box>
  );
}

export function LoginScreen(props: LoginScreenProps) {
  const { state, color } = props;
  const url = "request" in state ? state.request.verificationUrl : undefined;
  const warning =
    url && !isTrustedVerificationHost(url, props.cloudUrl) ? untrustedHostWarning(url) : undefined;
  const keys = footerKeys(state, props.canOpenBrowser);
  const headerLines = 2 + (warning ? 1 : 0);
  const footerLines = keys.length > 0 ? 2 : 0;

  return (
    <Box flexDirection="column" width={props.columns}>
      <Header {...props} warning={warning} />
      {state.phase === "starting" && (
        <Text>
          <Spinner color={color} /> Requesting a login code…
        </Text>
      )}
      {state.phase === "waiting" && (
        <Waiting
          state={state}
          columns={props.columns}
          rows={props.rows}
          headerLines={headerLines}
          footerLines={footerLines}
          qr={props.qr}
          color={color}
          hyperlinks={props.hyperlinks}
          canOpenBrowser={props.canOpenBrowser}
          copied={props.copied ?? false}
        />
      )}
      {state.phase === "expired" && <Expired code={state.request.userCode} color={color} />}
      {state.phase === "success" && <Success result={state.result} color={color} />}
      {(state.phase === "failed" || state.phase === "cancelled") && (
        <Failure error={state.error} color={color} />
      )}
      {keys.length > 0 && (
        <Box marginTop={1}>
          <Text dimColor={color}>{keys.join(" · ")}</Text>
        </Box>
      )}
    </Box>
  );
}
