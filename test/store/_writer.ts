// Child process for the parallel-writers test: adds `count` sessions named after `id`.
import { ConfigStore } from "../../source/store/config-store.js";

const [dir, id, count] = process.argv.slice(2) as [string, string, string];
const store = new ConfigStore(dir, (m) => process.stderr.write(`${m}\n`));
for (let i = 0; i < Number(count); i++) {
  await store.update((data) => {
    data.sessions[`http://writer-${id}-${i}.test`] = {
      accessToken: "a",
      expiresAt: new Date().toISOString(),
      scopes: [],
      obtainedAt: new Date().toISOString(),
    };
  });
}
