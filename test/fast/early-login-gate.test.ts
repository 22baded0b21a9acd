// Which argv bin.cjs starts an early login for: exactly `login INSTANCE` with --no-browser
// and --no-qr, at a terminal, outside CI and without a PAT; everything else is the CLI's.
import { describe, expect, it } from "vitest";
import { earlyLoginArgs as gate } from "../../source/fast/early-login-gate.js";
import { parseCommandLine } from "../../source/spec/parse.js";

/** As bin.cjs asks: of the command line as the table's parser reads it. */
const earlyLoginArgs = (
  argv: string[],
  env: NodeJS.ProcessEnv,
  isTerminal: (fd: number) => boolean,
) => gate(parseCommandLine(argv), env, isTerminal);

const terminal = () => true;
const URL = "http://127.0.0.1:8080";

describe("earlyLoginArgs", () => {
  it.each([
    [["login", URL], { instance: URL, noBrowser: false, noQr: false }],
    [["login", URL, "--no-browser"], { instance: URL, noBrowser: true, noQr: false }],
    [["login", "--no-qr", URL, "--no-browser"], { instance: URL, noBrowser: true, noQr: true }],
    [["login", "vps"], { instance: "vps", noBrowser: false, noQr: false }],
    // A switch given twice is one switch, for the CLI's parser as for this one.
    [["login", URL, "--no-qr", "--no-qr"], { instance: URL, noBrowser: false, noQr: true }],
  ])("%j: an early login", (argv, want) => {
    expect(earlyLoginArgs(argv, {}, terminal)).toEqual(want);
  });

  it.each([
    [["login"]], // the instance from the config: left to the CLI
    [["login", ""]],
    [["login", URL, "--browser"]],
    [["login", URL, "--json"]],
    [["login", URL, "--name", "vps"]],
    [["login", URL, "--no-wait"]],
    [["login", URL, "--pat-stdin"]],
    [["login", URL, "--debug"]],
    [["login", URL, "--help"]],
    [["login", "-i", URL]],
    [["status", URL]],
    [["help", "login"]],
  ])("%j: none", (argv) => {
    expect(earlyLoginArgs(argv, {}, terminal)).toBeUndefined();
  });

  it("none where the parser refuses the line: it is a usage error, not a login", () => {
    expect(() => earlyLoginArgs(["login", URL, "vps"], {}, terminal)).toThrow(/too many/);
    expect(() => earlyLoginArgs(["login", URL, "--"], {}, terminal)).toThrow(/after --/);
  });

  it("none in CI, with a PAT, or without a terminal on stdin or stderr", () => {
    const argv = ["login", URL];
    expect(earlyLoginArgs(argv, { CI: "true" }, terminal)).toBeUndefined();
    expect(earlyLoginArgs(argv, { CAIDO_PAT: "caido_x" }, terminal)).toBeUndefined();
    expect(earlyLoginArgs(argv, {}, (fd) => fd !== 0)).toBeUndefined();
    expect(earlyLoginArgs(argv, {}, (fd) => fd !== 2)).toBeUndefined();
    // As the CLI reads them: an empty CAIDO_PAT is unset, CI=false is not CI.
    expect(earlyLoginArgs(argv, { CAIDO_PAT: "", CI: "false" }, terminal)).toBeDefined();
  });
});
