// The whole login screen as a function of its props: header (what you grant access to),
// the phase's body, and the keys that work right now. Server strings are shown made safe.
import { Box, Text } from "ink";
import type { LoginState } from "../session/device-flow.js";
import { Expired, Failure, Success } from "./Outcome.js";
import { Spinner } from "./Spinner.js";
import {
  canOpenLink,
  chromeLines,
  footerKeys,
  hostWarning,
  instanceLine,
  keysLine,
  LOGGING_IN_TO,
} from "./screen-text.js";
import { Waiting } from "./Waiting.js";

export { canOpenLink, footerKeys };

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

function Header(props: LoginScreenProps & { warning?: string }) {
  const { color } = props;
  const line = instanceLine(props.instanceUrl, props.instanceVersion);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        {LOGGING_IN_TO}
        <Text bold>{line.url}</Text>
        {line.version}
      </Text>
      {props.warning && <Text color={color ? "yellow" : undefined}>{props.warning}</Text>}
    </Box>
  );
}

export function LoginScreen(props: LoginScreenProps) {
  const { state, color } = props;
  const warning = hostWarning(state, props.cloudUrl);
  const canOpen = canOpenLink(state, props.canOpenBrowser);
  const keys = footerKeys(state, canOpen);
  const line = instanceLine(props.instanceUrl, props.instanceVersion);
  // Counted at any width: the note saying how large the terminal should be needs them too.
  const { headerLines, footerLines } = chromeLines(
    `${LOGGING_IN_TO}${line.url}${line.version}`,
    warning,
    keys,
  );

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
          <Text dimColor={color}>{keysLine(keys)}</Text>
        </Box>
      )}
    </Box>
  );
}
