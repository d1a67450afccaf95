/**
 * An async iterator over values pushed after it was made. It buffers what the consumer has not
 * read yet; `return()` (a `break` out of `for await`) detaches it.
 */
export function eventStream<T>(
  subscribe: (push: (value: T) => void) => () => void,
): AsyncIterableIterator<T> {
  const buffered: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;
  const unsubscribe = subscribe((value) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value, done: false });
    } else buffered.push(value);
  });
  const finish = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      unsubscribe();
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
    }
    return { value: undefined, done: true };
  };
  return {
    next() {
      if (buffered.length > 0)
        return Promise.resolve({ value: buffered.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: () => Promise.resolve(finish()),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
