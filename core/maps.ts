/**
 * `map.get(key)` where the key comes from the same data the map was built from, so an absent key is a bug:
 * it throws rather than let `undefined` through (what a `!` would do).
 */
export function known<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal error: ${String(key)} is not in the map built for it`);
  return value;
}
