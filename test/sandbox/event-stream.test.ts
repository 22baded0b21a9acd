// The subscription source behind createdRequest: values in order, return() and the signal end
// it even while next() waits (and unregister the listener), a far-behind reader gets an error.
import { expect, test } from "vitest";
import { eventStream } from "../../source/sandbox/instance/event-stream.js";

function source() {
  const listeners = new Set<(n: number) => void>();
  return {
    listeners,
    register: (push: (n: number) => void) => {
      listeners.add(push);
      return () => listeners.delete(push);
    },
    emit: (n: number) => {
      for (const l of listeners) l(n);
    },
  };
}

test("values arrive in order, buffered or awaited", async () => {
  const s = source();
  const stream = eventStream(s.register);
  s.emit(1);
  s.emit(2);
  expect(await stream.next()).toEqual({ value: 1, done: false });
  expect(await stream.next()).toEqual({ value: 2, done: false });
  const waiting = stream.next();
  s.emit(3);
  expect(await waiting).toEqual({ value: 3, done: false });
  await stream.return?.();
});

test("return() ends a waiting next() and unregisters", async () => {
  const s = source();
  const stream = eventStream(s.register);
  const waiting = stream.next();
  await stream.return?.();
  expect(await waiting).toEqual({ value: undefined, done: true });
  expect(s.listeners.size).toBe(0);
  expect(await stream.next()).toEqual({ value: undefined, done: true });
});

test("an aborted signal ends it too", async () => {
  const s = source();
  const controller = new AbortController();
  const stream = eventStream(s.register, controller.signal);
  const waiting = stream.next();
  controller.abort();
  expect(await waiting).toEqual({ value: undefined, done: true });
  expect(s.listeners.size).toBe(0);
});

test("a reader a thousand events behind gets an error instead of unbounded memory", async () => {
  const s = source();
  const stream = eventStream(s.register);
  for (let i = 0; i < 1001; i++) s.emit(i);
  for (let i = 0; i < 1000; i++) expect((await stream.next()).value).toBe(i);
  await expect(stream.next()).rejects.toThrow(/behind/);
  expect(s.listeners.size).toBe(0);
});
