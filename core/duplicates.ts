/** The one duplicate check: callers phrase the message, this finds the repeats. */

export interface Repeat<T> {
  /** Position of the repeat. */
  index: number;
  /** Position of the value's first use. */
  first: number;
  value: T;
}

/**
 * Every value seen before, in order, with where it was first seen. Values compare by `keyOf` (default: the
 * value itself); undefined values are skipped, so callers leave out what must not be compared.
 */
export function repeats<T>(values: readonly (T | undefined)[], keyOf: (value: T) => unknown = (value) => value): Repeat<T>[] {
  const firstIndex = new Map<unknown, number>();
  const found: Repeat<T>[] = [];
  values.forEach((value, index) => {
    if (value === undefined) return;
    const key = keyOf(value);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else found.push({ index, first, value });
  });
  return found;
}
