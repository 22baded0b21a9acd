// Where a process's time goes: the mean self time of the .cpuprofile files in a directory
// (`node --cpu-prof --cpu-prof-dir DIR …`), by bundled package (esbuild's `// node_modules/…`
// and `// source/…` markers in the chunks of the build) and by kind of Node work.
// Run: node bench/cpu-profile.mjs DIR [TOP]   (the build: CAIDO_AUTH_DIST, default dist; bin.cjs
// is minified unless built with CAIDO_AUTH_READABLE=1)
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { DIST } from "./_lib.mjs";

const [dir, top = "25"] = process.argv.slice(2);
if (!dir) throw new Error("usage: node bench/cpu-profile.mjs DIR [TOP]");

const markers = new Map();
/** The package (or source file) a line of a built chunk belongs to. */
function owner(file, line) {
  if (!markers.has(file)) {
    const list = [];
    const lines = readFileSync(join(DIST, file), "utf8").split("\n");
    lines.forEach((text, i) => {
      const m = /^\/\/ (?:node_modules\/((?:@[^/]+\/)?[^/]+)|(source\/\S+))/.exec(text);
      if (m) list.push([i, m[1] ?? m[2]]);
    });
    markers.set(file, list);
  }
  let found = "top level (parse, compile, glue)";
  for (const [start, name] of markers.get(file)) {
    if (start > line) break;
    found = name;
  }
  return found;
}

function kind({ url, functionName, lineNumber }) {
  const built = new RegExp(`^file://${DIST}/([^/]+\\.c?js)$`).exec(url);
  if (built) return `${built[1].replace(/-[A-Z0-9]{8}\.js$/, "")}: ${owner(built[1], lineNumber)}`;
  if (url.startsWith("node:internal/deps/undici")) return "node: undici (fetch)";
  if (url.startsWith("node:internal/modules")) return "node: module loader";
  if (url.startsWith("node:internal/bootstrap")) return "node: loading built-in modules";
  if (url.startsWith("node:")) return "node: built-ins at work";
  if (url.startsWith("wasm:")) return "WebAssembly";
  return functionName || "(native)";
}

const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
const totals = new Map();
let wall = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  wall += profile.endTime - profile.startTime;
  profile.samples.forEach((id, i) => {
    const key = kind(nodes.get(id).callFrame);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
}
const ms = (us) => (us / files.length / 1000).toFixed(1).padStart(7);
console.log(`${files.length} profiles in ${basename(dir)}, mean ${ms(wall).trim()} ms profiled`);
for (const [key, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
  console.log(`${ms(us)} ms  ${key}`);
