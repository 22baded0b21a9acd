// The executable. A CommonJS file, because Node starts CommonJS faster than an ES module and
// `caido-auth token` should cost about a bare Node start (issue 3: at most 1.2x). It answers
// a fresh stored token from the config file itself; everything else, including every error,
// goes to the full CLI (cli.ts, an ES module bundle loaded on demand).
import { parseArgs } from "node:util";
import { commonOptions } from "./command.js";
import { formatToken, tokenOptions, tokenRequest } from "./commands/token.js";
import { freshStoredToken } from "./session/access-token.js";

function fastToken(argv: string[]): string | undefined {
  if (argv[0] !== "token" || process.env.CAIDO_ACCESS_TOKEN) return undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { ...commonOptions, ...tokenOptions },
      allowPositionals: true,
      strict: true,
    });
    if (values.help || values.debug || values["force-refresh"]) return undefined;
    const token = freshStoredToken(tokenRequest(values, positionals));
    return token && formatToken(token, Boolean(values.json));
  } catch {
    return undefined; // the full CLI reports it properly
  }
}

const argv = process.argv.slice(2);
const answer = fastToken(argv);
if (answer !== undefined) process.stdout.write(answer);
else import("./cli.js").then((cli) => cli.runCli(argv));
