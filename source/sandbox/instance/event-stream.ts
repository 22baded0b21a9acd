// An endless subscription source fed by a listener: return() (subscription completed) or the
// signal (socket closed) ends it at once, even while next() waits. A subscriber that falls
// MAX_BUFFERED events behind gets an error rather than unbounded memory.
import { GraphQLError } from "graphql";

const MAX_BUFFERED = 1000;

export function eventStream<T>(
  register: (push: (value: T) => void) => () => void,
  signal?: AbortSignal,
): AsyncIterableIterator<T> {
  const buffered: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;
  let overflow = false;

  const finish = () => {
    if (done) return;
    done = true;
    unregister();
    signal?.removeEventListener("abort", finish);
    buffered.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
  };
  const unregister = register((value) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value, done: false });
    } else if (buffered.length < MAX_BUFFERED) {
      buffered.push(value);
    } else {
      overflow = true;
    }
  });
  if (signal?.aborted) finish();
  else signal?.addEventListener("abort", finish, { once: true });

  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (buffered.length > 0)
        return Promise.resolve({ value: buffered.shift() as T, done: false });
      if (overflow) {
        finish();
        return Promise.reject(new GraphQLError("the subscriber fell too far behind"));
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return iterator;
}
