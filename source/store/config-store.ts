// Read-modify-write of config.json through conf, always under the config lock, so parallel
// writers never lose each other's sessions (conf alone has no locking: stack.md).
import { mkdirSync, renameSync } from "node:fs";
import Conf from "conf";
import { CaidoAuthError } from "../errors.js";
import { type ConfigData, emptyConfig } from "./format.js";
import { withLock } from "./lock.js";
import { configFile, configLockPath } from "./paths.js";
import { BrokenConfigError, readConfig, tightenPermissions } from "./read.js";

const WRITE_ATTEMPTS = 3;

export interface UpdateOptions {
  /** Move an unreadable file aside (with a warning) instead of stopping. Only for login. */
  moveBroken?: boolean;
}

export class ConfigStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.file = configFile(dir);
  }

  /** The current config; an empty one when there is no file. */
  read(): ConfigData {
    return readConfig(this.dir, this.warn) ?? emptyConfig();
  }

  async update<T>(change: (data: ConfigData) => T, options: UpdateOptions = {}): Promise<T> {
    this.ensureDir();
    return withLock(configLockPath(this.dir), async () => {
      const data = this.readOrMoveAside(options.moveBroken ?? false);
      const result = change(data);
      this.write(data);
      return result;
    });
  }

  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    tightenPermissions(this.dir, this.warn);
  }

  private readOrMoveAside(moveBroken: boolean): ConfigData {
    try {
      return this.read();
    } catch (error) {
      if (!(error instanceof BrokenConfigError) || !moveBroken) throw error;
      const aside = `${this.file}.broken-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      renameSync(this.file, aside);
      this.warn(
        `${this.file} was unreadable (${error.problem}); kept it as ${aside} and started a new one.`,
      );
      return emptyConfig();
    }
  }

  private write(data: ConfigData): void {
    const conf = new Conf<ConfigData>({
      cwd: this.dir,
      configName: "config",
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
    });
    let lastError: unknown;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        conf.store = data;
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new CaidoAuthError(
      `could not write ${this.file} (${(lastError as NodeJS.ErrnoException).code ?? (lastError as Error).message}).`,
      1,
      "Check the disk and the file's permissions.",
    );
  }
}
