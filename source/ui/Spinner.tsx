// A tiny spinner: the only moving part of the screen besides the countdown.
import { Text } from "ink";
import { useEffect, useState } from "react";
import { SPINNER_FRAMES as FRAMES } from "./screen-text.js";

const INTERVAL_MS = 120;

export function Spinner({ color }: { color: boolean }) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);
  return <Text color={color ? "cyan" : undefined}>{FRAMES[frame]}</Text>;
}
