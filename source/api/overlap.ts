// The pure half of a seamless reconnection: while an old and a new subscription overlap,
// every event arrives twice. Print it once, and say when the old connection can go: as soon
// as one event came on both, the new one has caught up (the server sends events in order).

/** Where an event came from: the one connection, or the old or new one of an overlap. */
export type Source = "only" | "old" | "new";

export interface Decision {
  print: boolean;
  /** The streams met: the old connection can be closed now. */
  closeOld: boolean;
}

export class OverlapDeduper {
  /** Keys printed from the old connection since the overlap began, not yet seen on the new. */
  private fromOld: Set<string> | undefined;
  /** Keys printed from the new connection while the old one lives, not yet seen on the old. */
  private fromNew = new Set<string>();
  private oldOpen = false;

  begin(): void {
    this.fromOld = new Set();
    this.fromNew = new Set();
    this.oldOpen = true;
  }

  /** The old connection is gone (closed by us or by the server). */
  oldEnded(): void {
    this.oldOpen = false;
    this.fromNew = new Set();
  }

  get overlapping(): boolean {
    return this.fromOld !== undefined;
  }

  offer(source: Source, key: string): Decision {
    const fromOld = this.fromOld;
    if (!fromOld || source === "only") return { print: true, closeOld: false };
    if (source === "old") {
      if (!this.oldOpen) return { print: false, closeOld: false };
      if (this.fromNew.delete(key)) return { print: false, closeOld: true };
      fromOld.add(key);
      return { print: true, closeOld: false };
    }
    if (fromOld.delete(key)) return { print: false, closeOld: this.oldOpen };
    if (this.oldOpen) this.fromNew.add(key);
    // The old connection is gone and the new one delivered something it never had: from
    // here on nothing can arrive twice.
    else this.fromOld = undefined;
    return { print: true, closeOld: false };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * An event's identity: the first `id` (breadth first) in its data, as createdRequest's
 * requestEdge.node.id; an event without one is identified by its whole content.
 */
export function eventKey(payload: Record<string, unknown>): string {
  const queue: unknown[] = [payload.data];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const here = queue[i];
    if (!isObject(here)) continue;
    const id = (here as Record<string, unknown>).id;
    if (!Array.isArray(here) && (typeof id === "string" || typeof id === "number")) {
      return `id:${id}`;
    }
    queue.push(...Object.values(here));
  }
  return `json:${JSON.stringify(payload)}`;
}
