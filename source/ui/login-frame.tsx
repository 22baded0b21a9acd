// The login screen as the lines of one frame: LoginScreen laid out by Ink for the terminal's
// width and rendered to a string, without Ink's render loop (which redraws the whole screen for
// every change): the frame writer puts on the terminal only what changed.
import { renderToString } from "ink";
import { LoginScreen, type LoginScreenProps } from "./LoginScreen.js";

export function loginFrame(props: LoginScreenProps): string[] {
  return renderToString(<LoginScreen {...props} />, { columns: props.columns }).split("\n");
}
