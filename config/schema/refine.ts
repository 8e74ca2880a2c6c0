/** Helpers of the cross-field checks: when a check runs, and how a repeated value is reported. */
import type { z } from 'zod';
import { repeats } from '../../core/duplicates';

export type Ctx = z.RefinementCtx;
type PathPattern = (string | number | '*')[];

/**
 * Cross-field checks run whenever the fields they read are valid, even if other fields of the same object are
 * not, so one run reports every problem. A pattern matches an issue below it, or an issue on one of its parents.
 */
export function whenValid(...patterns: PathPattern[]): { when: (payload: z.core.ParsePayload) => boolean } {
  const overlaps = (issuePath: readonly PropertyKey[], pattern: PathPattern) => {
    const length = Math.min(issuePath.length, pattern.length);
    for (let i = 0; i < length; i++) {
      if (pattern[i] !== '*' && pattern[i] !== issuePath[i]) return false;
    }
    return true;
  };
  return {
    when: (payload) => !payload.issues.some((issue) => patterns.some((pattern) => overlaps(issue.path ?? [], pattern))),
  };
}

/** Reports every repeat of a value after its first use; undefined values are not compared. */
export function checkDuplicates(values: (string | undefined)[], pathOf: (index: number) => (string | number)[], message: string, ctx: Ctx) {
  for (const { index, first, value } of repeats(values)) {
    ctx.addIssue({ code: 'custom', path: pathOf(index), message: `${message} "${value}" (first used at index ${first})` });
  }
}
