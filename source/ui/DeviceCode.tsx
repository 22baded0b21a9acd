// The user code, boxed, bold and spaced so it can be read aloud and typed without mistakes.
import { Box, Text } from "ink";
import { spacedCode } from "./format.js";

export function DeviceCode({ code, color }: { code: string; color: boolean }) {
  return (
    <Box
      borderStyle="round"
      borderColor={color ? "cyan" : undefined}
      paddingX={2}
      alignSelf="flex-start"
    >
      <Text bold>{spacedCode(code)}</Text>
    </Box>
  );
}
