// --paginate's merge and its checks of what the server sent.
import { describe, expect, it } from "vitest";
import type { PagedConnection } from "../../source/api/document.js";
import { BadPage, CursorGuard, mergePages, pageInfoOf } from "../../source/api/merge.js";

const paged: PagedConnection = {
  path: ["requests"],
  pageInfoKey: "pageInfo",
  hasNextPageKey: "hasNextPage",
  endCursorKey: "endCursor",
  listKeys: ["edges", "nodes"],
};

function page(ids: number[], hasNextPage: boolean, count = 99) {
  return {
    data: {
      requests: {
        edges: ids.map((id) => ({ cursor: `c${id}`, node: { id: String(id) } })),
        nodes: ids.map((id) => ({ id: String(id) })),
        pageInfo: { hasNextPage, endCursor: ids.length ? `c${ids.at(-1)}` : null },
        count: { value: count },
      },
    },
  };
}

describe("mergePages", () => {
  it("concatenates edges and nodes in page order and keeps the last page's other fields", () => {
    const merged = mergePages(
      [page([1, 2], true, 5), page([3, 4], true, 6), page([5], false, 7)],
      paged,
    );
    expect(merged).toEqual({
      data: {
        requests: {
          edges: [1, 2, 3, 4, 5].map((id) => ({ cursor: `c${id}`, node: { id: String(id) } })),
          nodes: [1, 2, 3, 4, 5].map((id) => ({ id: String(id) })),
          pageInfo: { hasNextPage: false, endCursor: "c5" },
          count: { value: 7 },
        },
      },
    });
  });

  it("leaves the pages themselves untouched", () => {
    const pages = [page([1], true), page([2], false)];
    const before = structuredClone(pages);
    mergePages(pages, paged);
    expect(pages).toEqual(before);
  });

  it("merges a connection under a nested path with aliased lists", () => {
    const nested: PagedConnection = { ...paged, path: ["viewer", "things"], listKeys: ["items"] };
    const a = {
      data: { viewer: { things: { items: [1], pageInfo: { hasNextPage: true, endCursor: "x" } } } },
    };
    const b = {
      data: {
        viewer: { things: { items: [2, 3], pageInfo: { hasNextPage: false, endCursor: "y" } } },
      },
    };
    expect(mergePages([a, b], nested)).toEqual({
      data: {
        viewer: { things: { items: [1, 2, 3], pageInfo: { hasNextPage: false, endCursor: "y" } } },
      },
    });
  });

  it("refuses a page whose list is not a list", () => {
    const bad = page([2], false);
    (bad.data.requests as Record<string, unknown>).nodes = "oops";
    expect(() => mergePages([page([1], true), bad], paged)).toThrow(
      /page 2: data.requests.nodes is not a list/,
    );
  });
});

describe("pageInfoOf", () => {
  it("reads hasNextPage and endCursor", () => {
    expect(pageInfoOf(page([1, 2], true), paged)).toEqual({ hasNextPage: true, endCursor: "c2" });
    expect(pageInfoOf(page([], false), paged)).toEqual({ hasNextPage: false, endCursor: null });
  });

  it.each([
    ["no connection", { data: { requests: null } }, /no object at data.requests$/],
    ["no data", { data: null }, /no object at data.requests$/],
    ["a list for the connection", { data: { requests: [] } }, /no object at data.requests$/],
    ["no pageInfo", { data: { requests: {} } }, /no object at data.requests.pageInfo/],
    [
      "a string hasNextPage",
      { data: { requests: { pageInfo: { hasNextPage: "yes", endCursor: "a" } } } },
      /not a boolean/,
    ],
    [
      "a numeric endCursor",
      { data: { requests: { pageInfo: { hasNextPage: true, endCursor: 3 } } } },
      /not a string/,
    ],
    [
      "a next page without a cursor",
      { data: { requests: { pageInfo: { hasNextPage: true, endCursor: null } } } },
      /no endCursor/,
    ],
    [
      "a next page with an empty cursor",
      { data: { requests: { pageInfo: { hasNextPage: true, endCursor: "" } } } },
      /no endCursor/,
    ],
  ])("refuses %s", (_name, answer, message) => {
    expect(() => pageInfoOf(answer, paged)).toThrow(BadPage);
    expect(() => pageInfoOf(answer, paged)).toThrow(message);
  });
});

describe("CursorGuard", () => {
  it("refuses a cursor it has already followed", () => {
    const guard = new CursorGuard();
    guard.follow("a");
    guard.follow("b");
    expect(() => guard.follow("a")).toThrow(/same endCursor twice/);
  });
});
