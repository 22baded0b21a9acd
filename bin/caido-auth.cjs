#!/usr/bin/env node
// The installed command. It runs the built program (dist/bin.cjs). `npm i -g ./a-clone`
// links the folder without building it, so a missing dist/ is built once, here.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const program = join(__dirname, "..", "dist", "bin.cjs");
if (!existsSync(program)) {
  const { execFileSync } = require("node:child_process");
  process.stderr.write("caido-auth: first run from a source folder: building dist/…\n");
  execFileSync(process.execPath, [join(__dirname, "..", "scripts", "prepare.mjs")], {
    cwd: join(__dirname, ".."),
    stdio: ["ignore", 2, 2],
  });
}
require(program);
