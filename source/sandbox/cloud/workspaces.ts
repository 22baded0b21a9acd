// The sandbox cloud's workspaces: one Team workspace (Alice and Carol; Bob is outside it) that
// owns the registration keys, and which instance (client id) each workspace claimed with one.
// Kept in workspaces.json in dataDir, so a restarted cloud still knows its claims.
import { randomUUID, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { readJson, writeJson } from "./json-file.js";
import type { CloudAccount, CloudWorkspace } from "./types.js";

const TEAM = {
  name: "Sandbox Team",
  members: ["alice@example.test", "carol@example.test"],
};

interface Stored {
  workspaces: (CloudWorkspace & { registrationKeys: string[] })[];
  /** Client id of an instance → id of the workspace that claimed it. */
  claims: Record<string, string>;
}

export class Workspaces {
  readonly #file: string;
  readonly #stored: Stored;

  /** registrationKeys join the Team workspace's keys (the Team admin created them). */
  constructor(dataDir: string, accounts: CloudAccount[], registrationKeys: string[] = []) {
    this.#file = join(dataDir, "workspaces.json");
    const stored = readJson<Stored>(this.#file);
    this.#stored = stored ?? {
      workspaces: [
        {
          id: randomUUID(),
          name: TEAM.name,
          kind: "team",
          members: accounts.filter((a) => TEAM.members.includes(a.email)).map((a) => a.id),
          registrationKeys: [],
        },
      ],
      claims: {},
    };
    const team = this.#stored.workspaces[0]!;
    const added = registrationKeys.filter((key) => !team.registrationKeys.includes(key));
    team.registrationKeys.push(...added);
    if (!stored || added.length > 0) writeJson(this.#file, this.#stored);
  }

  /** Every workspace, without its keys. */
  list(): CloudWorkspace[] {
    return this.#stored.workspaces.map(({ id, name, kind, members }) => ({
      id,
      name,
      kind,
      members: [...members],
    }));
  }

  /** The workspace owning this registration key; compared in constant time. */
  byKey(key: string): CloudWorkspace | undefined {
    const given = Buffer.from(key);
    const owner = this.#stored.workspaces.find((w) =>
      w.registrationKeys.some((k) => {
        const expected = Buffer.from(k);
        return expected.length === given.length && timingSafeEqual(expected, given);
      }),
    );
    return owner && this.list().find((w) => w.id === owner.id);
  }

  /** The workspace that claimed this instance, if any. */
  claimOf(clientId: string): CloudWorkspace | undefined {
    const id = this.#stored.claims[clientId];
    return id === undefined ? undefined : this.list().find((w) => w.id === id);
  }

  /** Claims the instance for the workspace; false when another workspace claimed it first. */
  claim(clientId: string, workspace: CloudWorkspace): boolean {
    const current = this.#stored.claims[clientId];
    if (current !== undefined) return current === workspace.id;
    this.#stored.claims[clientId] = workspace.id;
    writeJson(this.#file, this.#stored);
    return true;
  }
}
