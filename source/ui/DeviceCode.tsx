// The user code, boxed, bold and spaced so it can be read aloud and typed without mistakes
// (made safe and bounded first: it comes from the instance).
import { Box, Text } from "ink";
import { shownCode } from "./format.js";

export function DeviceCode({ code, color }: { code: string; color: boolean }) {
  return (
    <Box
      borderStyle="round"
      borderColor={color ? "cyan" : undefined}
      paddingX={2}
      alignSelf="flex-start"
    >
      <Text bold>{shownCode(code)}</Text>
    </Box>
  );
}
