/** The one duplicate check: callers phrase the message, these find the repeats. */

/**
 * A record of first uses: `firstUse(key, where)` records `where` and returns undefined the first time a key is
 * seen, and returns the first `where` for every repeat. For checks that report a repeat among other checks of
 * the same item, in input order.
 */
export function firstUses<K, W = number>(): (key: K, where: W) => W | undefined {
  const first = new Map<K, W>();
  return (key, where) => {
    if (first.has(key)) return first.get(key);
    first.set(key, where);
    return undefined;
  };
}

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
  const firstUse = firstUses<unknown>();
  const found: Repeat<T>[] = [];
  values.forEach((value, index) => {
    if (value === undefined) return;
    const first = firstUse(keyOf(value), index);
    if (first !== undefined) found.push({ index, first, value });
  });
  return found;
}
