// caido-auth login: its line in the command table.
import type { CommandSpec } from "../types.js";

export const login: CommandSpec = {
  name: "login",
  summary: "log in to an instance",
  group: "Log in and out",
  usage: [
    "login [INSTANCE] [--name ALIAS] [--default] [--no-browser|--browser] [--no-qr] [--json] [--pat-stdin] [--scopes a,b]",
    "login [INSTANCE] --no-wait [--name ALIAS] [--default] [--browser] [--json]",
    "login --resume [INSTANCE] [--json]",
    "login [INSTANCE] --guest [--name ALIAS] [--default] [--json]",
  ],
  positionals: [{ name: "INSTANCE", complete: "instance" }],
  instance: true,
  flags: [
    {
      long: "name",
      value: "ALIAS",
      help: "a short name for the instance, used wherever INSTANCE goes",
      default: "none, or the one already stored for it",
    },
    {
      long: "default",
      help: "make this the default instance",
      default: "only the first one stored",
    },
    { long: "browser", help: "open the verification page even over SSH or without a display" },
    {
      long: "no-browser",
      help: "never open a browser",
      default:
        "the login screen opens one when this machine has a display and no SSH; plain and " +
        "--json output never do",
    },
    {
      long: "no-qr",
      help: "no QR code on the screen",
      default: "shown when the terminal fits it",
    },
    {
      long: "json",
      help:
        "NDJSON events on stdout (code, approved, error); never a token; every failure is one " +
        "error event with its kind and exit code",
      default: "the login screen on a terminal, plain lines on stderr otherwise and in CI",
    },
    {
      long: "pat-stdin",
      help: "approve with a personal access token read from stdin (CI)",
      default: "CAIDO_PAT if set, else a person approves the code",
    },
    {
      long: "scopes",
      value: "a,b",
      help:
        "with a PAT: approve only these scopes, as status shows them, in any case, or by the " +
        "cloud's name (see below)",
      default: "all requested",
    },
    {
      long: "guest",
      help:
        "log in as a guest, on an instance started with --allow-guests: no account, no PAT, " +
        "no browser (exit 4 where guests are off)",
    },
    { long: "no-wait", help: "print the code, keep the request in the config file and exit 0" },
    {
      long: "resume",
      help:
        "wait for the approval of the code --no-wait printed, then save the session (with " +
        "--no-wait's --name and --default); exit 4 if it expired, was denied, or no login is " +
        "pending",
    },
  ],
  notes: [
    "Scopes: OFFLINE (offline_access) gives a refresh token, so the session renews; " +
      "PROFILE_READ (profile) the account's name and profile; ASSISTANT (assistant) Caido's AI " +
      "assistant. The account's identity (openid, email) is always approved.",
    "Plain http:// is for this machine (localhost, 127.0.0.0/8, ::1): to any other host, or " +
      "through an http:// proxy on one, login warns once on stderr that the tokens cross the " +
      "network unencrypted, and a PAT is refused (exit 2) unless CAIDO_CLOUD_URL is https://.",
    "A token never goes on the command line: an argument that looks like one is refused and " +
      "not repeated; give a PAT as CAIDO_PAT or with --pat-stdin.",
  ],
  environment: [
    "  CAIDO_PAT        approve with this personal access token (created in the Caido dashboard)",
    "  CAIDO_CLOUD_URL  the cloud that checks the PAT (default https://api.caido.io; the",
    "                   sandbox prints its own); https://, or http:// to this machine only",
    "  CAIDO_INSTANCE   the instance when none is given (URL or alias; or CAIDO_INSTANCE_URL)",
    "  HTTPS_PROXY, HTTP_PROXY, NO_PROXY  the way to the instance and the cloud",
    "  CI               plain lines instead of the login screen, even on a terminal",
    "  BROWSER          the browser to open; over SSH (SSH_CONNECTION) none is opened",
    "  In GitHub Actions the PAT and the new tokens are masked first (::add-mask:: on stderr).",
  ],
  examples: [
    "  # Over SSH: the code and QR code show remotely; approve on your laptop or phone",
    "  ssh -t my-vps caido-auth login http://127.0.0.1:8080 --name vps",
    "  # CI: a PAT from the job's secrets, NDJSON events on stdout",
    '  echo "$CAIDO_PAT_SECRET" | caido-auth login https://caido.example.com --pat-stdin --json',
    "  # CI on a throwaway instance started with --allow-guests",
    "  caido-auth login http://127.0.0.1:8080 --guest && caido-auth exec -- ./scan.sh",
    "  # A script that cannot wait: print the code now, save the session once approved",
    "  caido-auth login https://caido.example.com --no-wait --json > code.ndjson",
    "  caido-auth login --resume https://caido.example.com",
  ],
};
