/**
 * `value`, which the test expects to be there: a missing one fails the test here, with this message, instead of
 * as a TypeError further on (what a `!` would do).
 */
export function must<T>(value: T | null | undefined, what = 'the value the test looks for'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found ${String(value)}`);
  return value;
}
