// The de-duplication of a seamless reconnection: every interleaving of two overlapping
// streams prints each event exactly once, in an order that never goes back.
import { describe, expect, it } from "vitest";
import { eventKey, OverlapDeduper, type Source } from "../../source/api/overlap.js";

/** Plays deliveries through a deduper; returns what was printed and when the old one was told to close. */
function play(deliveries: [Source, string][], options: { oldEndsAfter?: number } = {}) {
  const dedupe = new OverlapDeduper();
  dedupe.begin();
  const printed: string[] = [];
  let oldOpen = true;
  let closedAt: number | undefined;
  deliveries.forEach(([source, key], i) => {
    if (source === "old" && !oldOpen) return; // a closed connection delivers nothing more
    const decision = dedupe.offer(source, key);
    if (decision.print) printed.push(key);
    if (decision.closeOld && oldOpen) {
      oldOpen = false;
      closedAt = i;
      dedupe.oldEnded();
    }
    if (options.oldEndsAfter === i && oldOpen) {
      oldOpen = false;
      dedupe.oldEnded();
    }
  });
  return { printed, closedAt };
}

describe("OverlapDeduper", () => {
  it("prints everything when there is no overlap", () => {
    const dedupe = new OverlapDeduper();
    expect(dedupe.offer("only", "a")).toEqual({ print: true, closeOld: false });
    expect(dedupe.offer("only", "a")).toEqual({ print: true, closeOld: false });
  });

  it("the old stream ahead: the new one catches up, then the old one closes", () => {
    // e1 e2 came only on the old one (before the new one subscribed); e3, e4 on both.
    const { printed, closedAt } = play([
      ["old", "e1"],
      ["old", "e2"],
      ["old", "e3"],
      ["old", "e4"],
      ["new", "e3"],
      ["new", "e4"],
      ["new", "e5"],
    ]);
    expect(printed).toEqual(["e1", "e2", "e3", "e4", "e5"]);
    expect(closedAt).toBe(4);
  });

  it("the new stream ahead: the old one closes at its first repeat", () => {
    const { printed, closedAt } = play([
      ["old", "e1"],
      ["new", "e2"],
      ["new", "e3"],
      ["old", "e2"],
      ["old", "e3"],
      ["new", "e4"],
    ]);
    expect(printed).toEqual(["e1", "e2", "e3", "e4"]);
    expect(closedAt).toBe(3);
  });

  it("the old one closed after the new one caught up drops the rest of the repeats", () => {
    // The old connection delivered e3..e5 before the new one delivered e3: e4, e5 come again.
    const { printed } = play([
      ["old", "e3"],
      ["old", "e4"],
      ["old", "e5"],
      ["new", "e3"],
      ["new", "e4"],
      ["new", "e5"],
      ["new", "e6"],
    ]);
    expect(printed).toEqual(["e3", "e4", "e5", "e6"]);
  });

  it("the old one ended by the server before any repeat: the new one's repeats still drop", () => {
    const { printed } = play(
      [
        ["old", "e1"],
        ["old", "e2"],
        ["new", "e2"],
        ["new", "e3"],
      ],
      { oldEndsAfter: 1 },
    );
    expect(printed).toEqual(["e1", "e2", "e3"]);
  });

  it("after the streams met, a later event with a key seen long ago prints again", () => {
    // Keys are only compared within one overlap: e1 may legitimately recur (same content).
    const { printed } = play([
      ["old", "e1"],
      ["new", "e1"],
      ["new", "e2"],
      ["new", "e1"],
    ]);
    expect(printed).toEqual(["e1", "e2", "e1"]);
  });

  it("interleavings of two in-order streams print each event once", () => {
    // Old covers e1..e6, the new one subscribed before e4: it delivers e4..e9.
    const old = ["e1", "e2", "e3", "e4", "e5", "e6"];
    const fresh = ["e4", "e5", "e6", "e7", "e8", "e9"];
    for (let seed = 1; seed <= 200; seed++) {
      const deliveries: [Source, string][] = [];
      let i = 0;
      let j = 0;
      let state = seed;
      while (i < old.length || j < fresh.length) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const takeOld = j >= fresh.length || (i < old.length && state % 2 === 0);
        if (takeOld) deliveries.push(["old", old[i++] as string]);
        else deliveries.push(["new", fresh[j++] as string]);
      }
      const { printed } = play(deliveries);
      expect(new Set(printed).size, `seed ${seed}`).toBe(printed.length);
      expect(printed.sort(), `seed ${seed}`).toEqual([
        "e1",
        "e2",
        "e3",
        "e4",
        "e5",
        "e6",
        "e7",
        "e8",
        "e9",
      ]);
    }
  });
});

describe("eventKey", () => {
  it("is the first id breadth first", () => {
    const payload = {
      data: {
        createdRequest: { requestEdge: { cursor: "c", node: { id: "42", response: { id: "7" } } } },
      },
    };
    expect(eventKey(payload)).toBe("id:42");
    expect(eventKey({ data: { a: { id: 5 } } })).toBe("id:5");
  });

  it("is the whole content for an event without an id", () => {
    expect(eventKey({ data: { tick: { n: 1 } } })).toBe('json:{"data":{"tick":{"n":1}}}');
    expect(eventKey({ data: { a: { id: { nested: true } } } })).toMatch(/^json:/);
  });
});
