// The waiting screen: URL, boxed code, countdown and browser status, with the QR code beside or
// below when the terminal has room for all of it at once.
import { Box, Text } from "ink";
import { type LoginState, remainingMs } from "../session/device-flow.js";
import { DeviceCode } from "./DeviceCode.js";
import { formatCountdown } from "./format.js";
import { placeQr, QR_GAP } from "./layout.js";
import { qrSize, renderQr } from "./qr.js";
import { Spinner } from "./Spinner.js";
import { hyperlink } from "./terminal.js";

export interface WaitingProps {
  state: LoginState & { phase: "waiting" };
  columns: number;
  rows: number;
  /** Lines the screen uses above and below this block. */
  headerLines: number;
  footerLines: number;
  qr: boolean;
  color: boolean;
  hyperlinks: boolean;
  canOpenBrowser: boolean;
  copied: boolean;
}

/** Instructions, URL (up to 2 lines), spacer, box (3), spacer, status, browser line. */
const TEXT_LINES = 10;

function browserLine(state: WaitingProps["state"], canOpen: boolean): string {
  const b = state.browser;
  if (b.status === "opening") return "Opening your browser…";
  if (b.status === "opened") return "Opened in your browser.";
  if (b.status === "failed")
    return `Could not open a browser (${b.reason}). Open the URL yourself.`;
  return canOpen ? "Press o to open it in your browser." : "Open the URL on any device.";
}

function qrNote(props: WaitingProps, need: { columns: number; rows: number } | null): string {
  if (!props.qr) return "QR code off (--no-qr).";
  if (!props.color) return "No QR code while NO_COLOR is set: it needs fixed colours to scan.";
  if (!need) return "No QR code for this URL; use the link above.";
  return `Enlarge the terminal to ${need.columns}x${need.rows} for a QR code.`;
}

export function Waiting(props: WaitingProps) {
  const { state, color } = props;
  const url = state.request.verificationUrl;
  const pat = state.approval === "pat";
  // A PAT approves by itself: nobody needs to scan anything.
  const wantQr = props.qr && props.color && !pat;
  const size = wantQr ? qrSize(url) : null;
  const placement = wantQr
    ? placeQr({
        columns: props.columns,
        rows: props.rows,
        qr: size,
        headerLines: props.headerLines,
        textLines: TEXT_LINES,
        footerLines: props.footerLines,
      })
    : ({ place: "none", need: null } as const);
  const lines = placement.place === "none" ? null : renderQr(url, { color: true });

  const text = (
    <Box
      flexDirection="column"
      width={placement.place === "beside" ? placement.textColumns : undefined}
    >
      <Text>
        {pat
          ? "Approving this code with your personal access token:"
          : "Open this page and enter the code:"}
      </Text>
      <Text color={color ? "blue" : undefined}>{props.hyperlinks ? hyperlink(url) : url}</Text>
      <Box marginTop={1}>
        <DeviceCode code={state.request.userCode} color={color} />
      </Box>
      <Box marginTop={1}>
        <Text>
          <Spinner color={color} /> Waiting for approval · expires in{" "}
          {formatCountdown(remainingMs(state))}
        </Text>
      </Box>
      {!pat && <Text dimColor={color}>{browserLine(state, props.canOpenBrowser)}</Text>}
      {props.copied && (
        <Text color={color ? "green" : undefined}>Code sent to your clipboard.</Text>
      )}
      {!lines && !pat && placement.place === "none" && (
        <Text dimColor={color}>{qrNote(props, wantQr ? placement.need : null)}</Text>
      )}
    </Box>
  );
  if (!lines) return text;
  const qr = (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed picture
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );
  return placement.place === "beside" ? (
    <Box flexDirection="row" columnGap={QR_GAP}>
      {text}
      {qr}
    </Box>
  ) : (
    <Box flexDirection="column">
      {text}
      {qr}
    </Box>
  );
}
