// An oidc-provider Adapter over one JSON file per cloud. Each cloud gets its own store
// instance, so several clouds in one process never see each other's clients or tokens.
import { join } from "node:path";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { readJson, writeJson } from "./json-file.js";

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; absent = never expires (clients). */
  expiresAt?: number;
}

// Changes are written once per burst, shortly after it, not once per change: a refresh makes
// three changes, and writing the whole file three times in the middle of the token request
// kept the spent-but-unanswered window of a rotation (where a killed client loses its
// session) several milliseconds longer than a real cloud's. close() writes what is pending.
const FLUSH_DELAY_MS = 20;

// Expired entries stay this long so an expired device code still answers expired_token
// (oidc-provider checks expiry itself) instead of vanishing into invalid_grant.
const KEEP_EXPIRED_MS = 60 * 60 * 1000;

export class OidcStore {
  readonly #file: string;
  readonly #entries: Record<string, Entry>;
  #pending: NodeJS.Timeout | undefined;

  constructor(dataDir: string) {
    this.#file = join(dataDir, "oidc.json");
    this.#entries = readJson<Record<string, Entry>>(this.#file) ?? {};
  }

  get(key: string): AdapterPayload | undefined {
    return this.#entries[key]?.payload;
  }

  set(key: string, payload: AdapterPayload, expiresIn?: number): void {
    const entry: Entry = { payload };
    if (typeof expiresIn === "number") entry.expiresAt = Date.now() + expiresIn * 1000;
    this.#entries[key] = entry;
    this.#flush();
  }

  /** Change a payload in place, keeping its expiry. */
  update(key: string, change: (payload: AdapterPayload) => AdapterPayload): void {
    const entry = this.#entries[key];
    if (!entry) return;
    entry.payload = change(entry.payload);
    this.#flush();
  }

  delete(keys: string[]): void {
    for (const key of keys) delete this.#entries[key];
    this.#flush();
  }

  /** Keys whose payload matches, across all models. */
  keysWhere(test: (key: string, payload: AdapterPayload) => boolean): string[] {
    return Object.entries(this.#entries)
      .filter(([key, entry]) => test(key, entry.payload))
      .map(([key]) => key);
  }

  /** Bind an Adapter class to this store, for oidc-provider's `adapter` option. */
  adapterClass(): new (model: string) => Adapter {
    const store = this;
    return class JsonAdapter extends ModelAdapter {
      constructor(model: string) {
        super(model, store);
      }
    };
  }

  /** Writes pending changes now (on close). */
  flushNow(): void {
    if (this.#pending === undefined) return;
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#write();
  }

  #flush(): void {
    if (this.#pending !== undefined) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#write();
    }, FLUSH_DELAY_MS);
    this.#pending.unref();
  }

  #write(): void {
    const now = Date.now();
    for (const [key, entry] of Object.entries(this.#entries)) {
      if (entry.expiresAt !== undefined && entry.expiresAt + KEEP_EXPIRED_MS < now) {
        delete this.#entries[key];
      }
    }
    writeJson(this.#file, this.#entries);
  }
}

class ModelAdapter implements Adapter {
  constructor(
    readonly model: string,
    readonly store: OidcStore,
  ) {}

  #key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.store.set(this.#key(id), payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.#key(id));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const prefix = `${this.model}:`;
    const [key] = this.store.keysWhere(
      (k, payload) => k.startsWith(prefix) && payload.userCode === userCode,
    );
    return key === undefined ? undefined : this.store.get(key);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const prefix = `${this.model}:`;
    const [key] = this.store.keysWhere((k, payload) => k.startsWith(prefix) && payload.uid === uid);
    return key === undefined ? undefined : this.store.get(key);
  }

  async consume(id: string): Promise<void> {
    this.store.update(this.#key(id), (payload) => ({ ...payload, consumed: epochSeconds() }));
  }

  async destroy(id: string): Promise<void> {
    this.store.delete([this.#key(id)]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every model that carries this grantId: access, refresh and device tokens alike.
    this.store.delete(this.store.keysWhere((_key, payload) => payload.grantId === grantId));
  }
}

function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
