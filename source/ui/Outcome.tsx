// End and pause screens: success, failure, cancellation, and an expired code awaiting `r`.
// Messages can carry a server's words (GraphQL errors, the cloud's error_description): every
// string passes through safeText.
import { Box, Text } from "ink";
import type { CaidoAuthError } from "../base/errors.js";
import { safeText } from "../base/safe-text.js";
import type { LoginSuccess } from "../session/device-flow.js";
import { accountLabel, CODE_MAX } from "./format.js";
import { errorHeading, sentence } from "./messages.js";

export function Success({ result, color }: { result: LoginSuccess; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold color={color ? "green" : undefined}>
        ✓ Logged in to {safeText(result.instanceUrl)} as {accountLabel(result.account)}
      </Text>
      <Text>Session saved to {safeText(result.savedTo, 1024)}</Text>
      <Text>
        Next: <Text bold>{safeText(result.nextCommand)}</Text>
      </Text>
    </Box>
  );
}

export function Failure({ error, color }: { error: CaidoAuthError; color: boolean }) {
  const cancelled = error.exitCode === 130;
  return (
    <Box flexDirection="column">
      <Text bold color={color ? (cancelled ? "yellow" : "red") : undefined}>
        ✗ {errorHeading(error)}
      </Text>
      <Text>{cancelled ? "Nothing was stored." : sentence(safeText(error.message))}</Text>
      {error.hint && <Text>{safeText(error.hint)}</Text>}
    </Box>
  );
}

export function Expired({ code, color }: { code: string; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold color={color ? "yellow" : undefined}>
        Code expired
      </Text>
      <Text>The code {safeText(code, CODE_MAX)} expired before it was approved.</Text>
      <Text>Press r for a new code, or q to quit.</Text>
    </Box>
  );
}
