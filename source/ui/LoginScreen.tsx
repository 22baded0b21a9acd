// The whole login screen as a function of its props: header (what you grant access to),
// the phase's body, and the keys that work right now. Server strings are shown made safe.
import { Box, Text } from "ink";
import type { LoginState } from "../session/device-flow.js";
import { wrappedLines } from "./layout.js";
import { Expired, Failure, Success } from "./Outcome.js";
import { Spinner } from "./Spinner.js";
import { safeText } from "./safe-text.js";
import { isTrustedVerificationHost, linkTarget, untrustedHostWarning } from "./trusted-host.js";
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

/** The `o` key works: a browser may be opened and the link is a web page (never file: etc.). */
export function canOpenLink(state: LoginState, canOpenBrowser: boolean): boolean {
  if (!canOpenBrowser) return false;
  return !("request" in state) || linkTarget(state.request.verificationUrl) !== undefined;
}

export function footerKeys(state: LoginState, canOpenBrowser: boolean): string[] {
  if (state.phase === "starting") return ["q quit"];
  if (state.phase === "expired") return ["r new code", "q quit"];
  if (state.phase !== "waiting") return [];
  if (state.approval === "pat") return ["q cancel"];
  return [...(canOpenBrowser ? ["o open browser"] : []), "c copy code", "q cancel"];
}

/** "Logging in to URL (Caido 0.56.0)": what the person grants access to. */
function instanceLine(props: LoginScreenProps): { url: string; version: string } {
  const version = props.instanceVersion ? ` (Caido ${safeText(props.instanceVersion, 64)})` : "";
  return { url: safeText(props.instanceUrl), version };
}

function Header(props: LoginScreenProps & { warning?: string }) {
  const { color } = props;
  const line = instanceLine(props);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        Logging in to <Text bold>{line.url}</Text>
        {line.version}
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
  const canOpen = canOpenLink(state, props.canOpenBrowser);
  const keys = footerKeys(state, canOpen);
  const line = instanceLine(props);
  // Counted at any width: the note saying how large the terminal should be needs them too.
  const headerLines = (columns: number) =>
    wrappedLines(`Logging in to ${line.url}${line.version}`, columns) +
    (warning ? wrappedLines(warning, columns) : 0) +
    1;
  const footerLines = (columns: number) =>
    keys.length > 0 ? 1 + wrappedLines(keys.join(" · "), columns) : 0;

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
          canOpenBrowser={canOpen}
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
