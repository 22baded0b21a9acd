// The waiting screen: link, boxed code, countdown and browser status, with the QR code beside or
// below when the terminal has room for all of it at once. The link is never broken inside the
// column beside the code: when it does not fit there, it gets its own full-width line above.
import { Box, Text } from "ink";
import { remainingMs } from "../session/device-flow.js";
import { DeviceCode } from "./DeviceCode.js";
import { formatCountdown } from "./format.js";
import { type Lines, QR_GAP } from "./layout.js";
import { Spinner } from "./Spinner.js";
import {
  browserLine,
  introLine,
  spinnerFrame,
  type WaitingState,
  waitingLayout,
  waitingStatus,
} from "./screen-text.js";
import { hyperlink } from "./terminal.js";

export interface WaitingProps {
  state: WaitingState;
  columns: number;
  rows: number;
  /** Lines the screen uses above and below this block, at a terminal width. */
  headerLines: Lines;
  footerLines: Lines;
  qr: boolean;
  color: boolean;
  hyperlinks: boolean;
  /** A browser may be opened, and the link is a web page. */
  canOpenBrowser: boolean;
  copied: boolean;
}

export function Waiting(props: WaitingProps) {
  const { state, color } = props;
  const layout = waitingLayout(props);
  const { link, pat, beside, qrNote } = layout;
  const lines = layout.qrLines();

  const intro = (
    <>
      <Text>{introLine(pat)}</Text>
      <Text color={color ? "blue" : undefined}>
        {props.hyperlinks && link.target ? hyperlink(link.target, link.text) : link.text}
      </Text>
    </>
  );
  const details = (
    <>
      <Box marginTop={1}>
        <DeviceCode code={state.request.userCode} color={color} />
      </Box>
      <Box marginTop={1}>
        <Text>
          <Spinner color={color} frame={spinnerFrame(remainingMs(state))} />
          {waitingStatus(formatCountdown(remainingMs(state)))}
        </Text>
      </Box>
      {!pat && <Text dimColor={color}>{browserLine(state, props.canOpenBrowser, link)}</Text>}
      {props.copied && (
        <Text color={color ? "green" : undefined}>Code sent to your clipboard.</Text>
      )}
      {qrNote && <Text dimColor={color}>{qrNote}</Text>}
    </>
  );
  const qr = lines && (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed picture
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );

  if (beside?.linkAbove) {
    return (
      <Box flexDirection="column">
        {intro}
        <Box flexDirection="row" columnGap={QR_GAP}>
          <Box flexDirection="column" width={beside.textColumns}>
            {details}
          </Box>
          {qr}
        </Box>
      </Box>
    );
  }
  const text = (
    <Box flexDirection="column" width={beside?.textColumns}>
      {intro}
      {details}
    </Box>
  );
  if (beside) {
    return (
      <Box flexDirection="row" columnGap={QR_GAP}>
        {text}
        {qr}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {text}
      {qr}
    </Box>
  );
}
