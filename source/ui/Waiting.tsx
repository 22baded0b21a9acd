// The waiting screen: link, boxed code, countdown and browser status, with the QR code beside or
// below when the terminal has room for all of it at once. The link is never broken inside the
// column beside the code: when it does not fit there, it gets its own full-width line above.
import { Box, Text } from "ink";
import { type LoginState, remainingMs } from "../session/device-flow.js";
import { DeviceCode } from "./DeviceCode.js";
import { formatCountdown } from "./format.js";
import { displayWidth, type Lines, placeQr, QR_GAP } from "./layout.js";
import { qrSize, renderQr } from "./qr.js";
import { Spinner } from "./Spinner.js";
import { safeText } from "./safe-text.js";
import { hyperlink } from "./terminal.js";
import { type ShownLink, shownLink } from "./trusted-host.js";

export interface WaitingProps {
  state: LoginState & { phase: "waiting" };
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

/** Instructions, link, spacer, box (3), spacer, status, browser line, clipboard line. */
const TEXT_LINES = 10;

function browserLine(state: WaitingProps["state"], canOpen: boolean, link: ShownLink): string {
  if (link.problem) return `caido-auth will not open this link: it is ${link.problem}.`;
  const b = state.browser;
  if (b.status === "opening") return "Opening your browser…";
  if (b.status === "opened") return "Opened in your browser.";
  if (b.status === "failed")
    return `Could not open a browser (${safeText(b.reason, 200)}). Open the URL yourself.`;
  return canOpen ? "Press o to open it in your browser." : "Open the URL on any device.";
}

function qrNote(
  props: WaitingProps,
  link: ShownLink,
  need: { columns: number; rows: number } | null,
): string {
  if (!props.qr) return "QR code off (--no-qr).";
  if (!props.color) return "No QR code while NO_COLOR is set: it needs fixed colours to scan.";
  if (link.problem) return `No QR code: the link is ${link.problem}.`;
  if (!need) return "No QR code for this URL; use the link above.";
  return `Enlarge the terminal to ${need.columns}x${need.rows} for a QR code.`;
}

export function Waiting(props: WaitingProps) {
  const { state, color } = props;
  const link = shownLink(state.request.verificationUrl);
  const web = link.target !== undefined;
  const pat = state.approval === "pat";
  // A PAT approves by itself: nobody needs to scan anything.
  const wantQr = props.qr && props.color && !pat && web;
  const size = wantQr && link.target ? qrSize(link.target) : null;
  const placement = wantQr
    ? placeQr({
        columns: props.columns,
        rows: props.rows,
        qr: size,
        headerLines: props.headerLines,
        textLines: TEXT_LINES,
        footerLines: props.footerLines,
        linkColumns: displayWidth(link.text),
      })
    : ({ place: "none", need: null } as const);
  const lines =
    placement.place === "none" || !link.target ? null : renderQr(link.target, { color: true });
  const beside = lines && placement.place === "beside" ? placement : undefined;

  const intro = (
    <>
      <Text>
        {pat
          ? "Approving this code with your personal access token:"
          : "Open this page and enter the code:"}
      </Text>
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
          <Spinner color={color} /> Waiting for approval · expires in{" "}
          {formatCountdown(remainingMs(state))}
        </Text>
      </Box>
      {!pat && <Text dimColor={color}>{browserLine(state, props.canOpenBrowser, link)}</Text>}
      {props.copied && (
        <Text color={color ? "green" : undefined}>Code sent to your clipboard.</Text>
      )}
      {!lines && !pat && (
        <Text dimColor={color}>
          {qrNote(props, link, placement.place === "none" ? placement.need : null)}
        </Text>
      )}
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
