// --paginate's pure half: read a page's pageInfo (the server is untrusted: types checked, a
// cursor seen before refused), and merge pages into one answer or slurp them as an array.
import type { PagedConnection } from "./document.js";

/** A GraphQL answer as the instance sent it. */
export type Answer = Record<string, unknown> & { data?: unknown; errors?: unknown };

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A page the instance answered that cannot be paged on: says what is wrong with it. */
export class BadPage extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function connectionIn(answer: Answer, paged: PagedConnection): Record<string, unknown> {
  let here: unknown = answer.data;
  for (const key of paged.path) {
    if (!isObject(here)) break;
    here = here[key];
  }
  if (!isObject(here)) throw new BadPage(`no object at data.${paged.path.join(".")}`);
  return here;
}

export function pageInfoOf(answer: Answer, paged: PagedConnection): PageInfo {
  const where = `data.${paged.path.join(".")}.${paged.pageInfoKey}`;
  const info = connectionIn(answer, paged)[paged.pageInfoKey];
  if (!isObject(info)) throw new BadPage(`no object at ${where}`);
  const hasNextPage = info[paged.hasNextPageKey];
  const endCursor = info[paged.endCursorKey];
  if (typeof hasNextPage !== "boolean") throw new BadPage(`${where}.hasNextPage is not a boolean`);
  if (endCursor !== null && typeof endCursor !== "string") {
    throw new BadPage(`${where}.endCursor is not a string`);
  }
  if (hasNextPage && (endCursor === null || endCursor === "")) {
    throw new BadPage(`${where} has a next page but no endCursor`);
  }
  return { hasNextPage, endCursor };
}

/** Every edges/nodes list the query selects is a list on this page: checked as pages arrive. */
export function checkLists(answer: Answer, paged: PagedConnection): void {
  const connection = connectionIn(answer, paged);
  for (const key of paged.listKeys) {
    if (!Array.isArray(connection[key])) {
      throw new BadPage(`data.${paged.path.join(".")}.${key} is not a list`);
    }
  }
}

/** Remembers cursors: a hostile or broken server that repeats one would page forever. */
export class CursorGuard {
  private readonly seen = new Set<string>();
  /** Throws BadPage when the cursor was already followed. */
  follow(cursor: string): void {
    if (this.seen.has(cursor)) throw new BadPage("the instance gave the same endCursor twice");
    this.seen.add(cursor);
  }
}

/**
 * One answer for all pages: the last page's answer (its pageInfo and every other field), with
 * the connection's edges and nodes lists replaced by the concatenation of every page's.
 */
export function mergePages(pages: Answer[], paged: PagedConnection): Answer {
  const last = pages.at(-1);
  if (!last) throw new Error("mergePages needs at least one page");
  const merged = structuredClone(last);
  const target = connectionIn(merged, paged);
  for (const key of paged.listKeys) {
    const lists = pages.map((page, i) => {
      const list = connectionIn(page, paged)[key];
      if (!Array.isArray(list)) {
        throw new BadPage(`page ${i + 1}: data.${paged.path.join(".")}.${key} is not a list`);
      }
      return list;
    });
    target[key] = lists.flat();
  }
  return merged;
}
