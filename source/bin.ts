// The executable. A CommonJS file, because Node starts CommonJS faster than an ES module and
// `caido-auth token` should cost about a bare Node start (issue 3: at most 1.2x). It answers
// `token` itself when no network is needed (a fresh stored token, or CAIDO_ACCESS_TOKEN for its
// own instance); everything else, including every error, goes to the full CLI (cli.ts, an ES
// module bundle loaded on demand).
import { parseArgs } from "node:util";
import { maskSecrets } from "./ci-mask.js";
import { commonOptions } from "./command.js";
import { formatToken, tokenOptions, tokenRequest } from "./commands/token.js";
import { completeInstances } from "./completion/instances.js";
import { tokenWithoutNetwork } from "./session/access-token.js";

function fastToken(argv: string[]): string | undefined {
  if (argv[0] !== "token") return undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { ...commonOptions, ...tokenOptions },
      allowPositionals: true,
      strict: true,
    });
    if (values.help || values.debug || values["force-refresh"]) return undefined;
    const token = tokenWithoutNetwork(tokenRequest(values, positionals));
    if (!token) return undefined;
    maskSecrets(process.env, process.stderr, token.accessToken);
    return formatToken(token, Boolean(values.json));
  } catch {
    return undefined; // the full CLI reports it properly
  }
}

const argv = process.argv.slice(2);
// Tab in a shell (`completion`): the stored aliases and URLs, from the config file alone.
const answer = completeInstances(argv, process.env) ?? fastToken(argv);
if (answer !== undefined) process.stdout.write(answer);
else import("./cli.js").then((cli) => cli.runCli(argv));
