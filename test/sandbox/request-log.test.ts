// The request history on its own: the seed is the same on every run, the options are checked,
// and the timer neither keeps the process alive nor fires after close().
import { afterEach, expect, test } from "vitest";
import { RequestLog } from "../../source/sandbox/instance/request-log.js";
import { rawRequest } from "../../source/sandbox/instance/traffic.js";

const logs: RequestLog[] = [];
const open = (options: ConstructorParameters<typeof RequestLog>[0]) => {
  const log = new RequestLog(options);
  logs.push(log);
  return log;
};
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
});

test("the seed is deterministic: two logs hold the same requests, bytes included", () => {
  const a = open({ seedRequests: 250, requestInterval: 0 }).page({});
  const b = open({ seedRequests: 250, requestInterval: 0 }).page({});
  expect(a.edges).toHaveLength(250);
  expect(a.edges.map((e) => e.node)).toEqual(b.edges.map((e) => e.node));
  expect(a.edges.map((e) => rawRequest(e.node))).toEqual(b.edges.map((e) => rawRequest(e.node)));
  expect(a.edges.map((e) => e.node.id)).toEqual(Array.from({ length: 250 }, (_, i) => `${i + 1}`));
  // Realistic variety, not one request 250 times.
  expect(new Set(a.edges.map((e) => `${e.node.method} ${e.node.host}`)).size).toBeGreaterThan(8);
});

test("the default is 250 requests", () => {
  expect(open({ requestInterval: 0 }).snapshot).toBe(250);
});

test.each([
  [{ seedRequests: -1 }, /seedRequests/],
  [{ seedRequests: 1.5 }, /seedRequests/],
  [{ seedRequests: 1e9 }, /seedRequests/],
  [{ requestInterval: -1 }, /requestInterval/],
  [{ requestInterval: 0.001 }, /requestInterval/],
  [{ requestInterval: Number.NaN }, /requestInterval/],
])("%j is refused", (options, message) => {
  expect(() => new RequestLog(options)).toThrow(message);
});

test("its timer does not keep the process alive", () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const before = timers();
  open({ seedRequests: 0, requestInterval: 0.01 });
  expect(timers()).toBe(before);
});

test("it adds requests on its timer, tells listeners, and stops at close()", async () => {
  const log = open({ seedRequests: 3, requestInterval: 0.01 });
  const heard: string[] = [];
  log.listen((record) => heard.push(record.id));
  while (heard.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(heard.slice(0, 3)).toEqual(["4", "5", "6"]);
  log.close();
  const size = log.snapshot;
  await new Promise((resolve) => setTimeout(resolve, 100)); // ten intervals
  expect(log.snapshot).toBe(size);
  expect(heard).toHaveLength(size - 3);
});

test("interval 0 adds nothing", async () => {
  const log = open({ seedRequests: 2, requestInterval: 0 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(log.snapshot).toBe(2);
});
