// The spinner's glyph: it steps with the countdown (spinnerFrame), never on a timer of its own,
// so the screen changes no more often than once a second.
import { Text } from "ink";
import { SPINNER_FRAMES } from "./screen-text.js";

export function Spinner({ color, frame = SPINNER_FRAMES[0]! }: { color: boolean; frame?: string }) {
  return <Text color={color ? "cyan" : undefined}>{frame}</Text>;
}
