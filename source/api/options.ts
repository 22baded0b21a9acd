// api's flags and positionals → what to do, with every combination that cannot work refused
// as a usage error before anything is read or sent.

import { UsageError } from "../base/errors.js";
import { looksLikeSecret, SECRET_HINT, shownArgument } from "../base/secret-argument.js";
import type { Values } from "../spec/types.js";
import { parseHeader } from "./fields.js";

export interface Plan {
  instance?: string;
  /** GraphQL document: the text, @FILE or "-"; undefined with --input or --rest. */
  document?: string;
  rest?: string;
  method?: string;
  headers: Record<string, string>;
  /** -F fields, in order, unparsed (parsing may read files or stdin). */
  typedFields: string[];
  rawFields: string[];
  /** FILE or "-". */
  input?: string;
  include: boolean;
  silent: boolean;
  paginate: boolean;
  slurp: boolean;
  subscribe: boolean;
  limit?: number;
}

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

function limitOf(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(String(raw)) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--limit takes a number of events (1 or more), not "${raw}".`);
  }
  return n;
}

export function planFrom(values: Values, positionals: string[]): Plan {
  const rest = values.rest as string | undefined;
  const input = values.input as string | undefined;
  const plan: Plan = {
    rest,
    input,
    method: (values.method as string | undefined)?.toUpperCase(),
    headers: {},
    typedFields: list(values.field),
    rawFields: list(values["raw-field"]),
    include: values.include === true,
    silent: values.silent === true,
    paginate: values.paginate === true,
    slurp: values.slurp === true,
    subscribe: values.subscribe === true,
    limit: limitOf(values.limit),
  };
  for (const header of list(values.header)) {
    const [name, value] = parseHeader(header);
    for (const existing of Object.keys(plan.headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete plan.headers[existing];
    }
    plan.headers[name] = value;
  }

  // Positionals: [INSTANCE] DOCUMENT for GraphQL; only [INSTANCE] with --rest or --input.
  const documentless = rest !== undefined || input !== undefined;
  if (positionals.length > (documentless ? 1 : 2)) {
    throw new UsageError(
      `api: too many arguments${documentless ? ` (with ${rest !== undefined ? "--rest" : "--input"}, only the instance)` : ""}.`,
    );
  }
  const [instanceArg, document] =
    documentless || positionals.length === 2
      ? [positionals[0], documentless ? undefined : positionals[1]]
      : [undefined, positionals[0]];
  const flag = values.instance as string | undefined;
  if (flag !== undefined && instanceArg !== undefined && flag !== instanceArg) {
    throw new UsageError(
      `api: the instance is given twice (${shownArgument(instanceArg)} and --instance ${shownArgument(flag)}).`,
      looksLikeSecret(instanceArg) || looksLikeSecret(flag) ? SECRET_HINT : undefined,
    );
  }
  plan.instance = instanceArg ?? flag;
  plan.document = document;
  if (!documentless && document === undefined) {
    throw new UsageError("api: no GraphQL document given (QUERY, @FILE or - for stdin).");
  }

  if (plan.method !== undefined && !/^[A-Z]+$/.test(plan.method)) {
    throw new UsageError(`-X takes an HTTP method such as GET or POST.`);
  }
  if (rest === undefined && plan.method !== undefined && plan.method !== "POST") {
    throw new UsageError("-X applies to --rest: GraphQL calls are always POST.");
  }
  if (plan.slurp && !plan.paginate) {
    throw new UsageError("--slurp collects the pages of --paginate: add --paginate.");
  }
  if (plan.limit !== undefined && !plan.subscribe) {
    throw new UsageError("--limit counts the events of --subscribe: add --subscribe.");
  }
  if (plan.subscribe && plan.paginate) {
    throw new UsageError("--subscribe and --paginate do not go together.");
  }
  if (rest !== undefined && (plan.paginate || plan.subscribe)) {
    throw new UsageError(
      `${plan.paginate ? "--paginate" : "--subscribe"} works with GraphQL, not with --rest.`,
    );
  }
  if (plan.subscribe && plan.include) {
    throw new UsageError("-i prints HTTP headers, and --subscribe has no HTTP answer to show.");
  }
  const stdinUsers = [
    plan.document === "-" ? "the document (-)" : undefined,
    input === "-" ? "--input -" : undefined,
    ...plan.typedFields.filter((f) => /^[^=]+=@-$/.test(f)).map((f) => `-F ${f}`),
  ].filter((u) => u !== undefined);
  if (stdinUsers.length > 1) {
    throw new UsageError(
      `standard input can be read once, and ${stdinUsers.join(" and ")} ${stdinUsers.length === 2 ? "both" : "all"} want it.`,
    );
  }
  return plan;
}

/** True when something in the plan reads standard input. */
export function readsStdin(plan: Plan): boolean {
  return (
    plan.document === "-" ||
    plan.input === "-" ||
    plan.typedFields.some((f) => /^[^=]+=@-$/.test(f))
  );
}
