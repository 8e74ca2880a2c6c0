/**
 * Zod field rules shared by the DMS documents and the pipeline spec (config/rules.ts re-exports them): they live
 * here because mappings/ is the lowest layer that validates with zod (core/ has no dependencies).
 */
import { z } from 'zod';

/**
 * `must be between 5 and 6144` for both bounds, so the message names the whole allowed range. `notANumber`
 * replaces the type message (task settings say "must be a number"; the spec names the value it got).
 */
export function intBetween(min: number, max: number, notANumber?: string) {
  const message = `must be between ${min} and ${max}`;
  return z.number(notANumber).int('must be a whole number').min(min, message).max(max, message);
}
