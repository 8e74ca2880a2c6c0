/**
 * User-facing validation errors: `path: message`, never a stack trace. Shared by the pipeline config, the
 * table-mapping files and the task settings so every error reads the same way.
 */
import type { z } from 'zod';

export interface ValidationIssue {
  /** Where the problem is, e.g. `pipelines[0].replicationInstance.allocatedStorage`. */
  path: string;
  message: string;
  /**
   * Absent: an error. `warning`: input that is accepted but ignored (an unknown task-settings key, a log
   * component this project does not know): printed after the errors, fatal only in strict mode
   * (`npm run check -- --strict`, `DMS_STRICT=1`).
   */
  severity?: 'warning';
}

export function warning(path: string, message: string): ValidationIssue {
  return { path, message, severity: 'warning' };
}

export const isWarning = (issue: ValidationIssue): boolean => issue.severity === 'warning';

/** Errors first, then warnings, each group in the order found. */
export function splitIssues(issues: readonly ValidationIssue[]): { errors: ValidationIssue[]; warnings: ValidationIssue[] } {
  return { errors: issues.filter((i) => !isWarning(i)), warnings: issues.filter(isWarning) };
}

/** Strict mode: every warning becomes an error, with the same path and message. */
export function strictIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map(({ severity: _severity, ...issue }) => issue);
}

/**
 * Raised only at the edges (CLI, synth) to stop with a list of issues; never caught for control flow. It may
 * carry warnings next to the errors, so they are printed too.
 */
export class ValidationFailed extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ValidationFailed';
  }
}

/**
 * A problem the user can fix that is not about one field (a locked or misplaced output directory, a file of the
 * wrong kind): commands print its message as one line, never a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `path: message`; a warning reads `warning: path: message`. */
export function formatIssue(issue: ValidationIssue): string {
  const text = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  return isWarning(issue) ? `warning: ${text}` : text;
}

/** `['pipelines', 0, 'source', 'port']` → `pipelines[0].source.port`; odd keys are quoted: `tags["a b"]`. */
export function formatPath(segments: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const key = String(segment);
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Turn zod issues into path/message pairs, with messages phrased for people rather than for zod internals. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  const result: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        result.push({ path: formatPath([...path, key]), message: 'is not a known field' });
      }
      continue;
    }
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      // A record key failed its own schema: report the key's message, not zod's summary.
      result.push({ path: formatPath(path), message: issue.issues[0].message });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && !issue.message.startsWith('Invalid')) {
      result.push({ path: formatPath(path), message: issue.message });
      continue;
    }
    result.push({ path: formatPath(path), message: messageOf(issue) });
  }
  return result;
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    // A custom message given in the schema wins over the generic one.
    if (!issue.message.startsWith('Invalid input')) return issue.message;
    const expected = issue.expected === 'int' ? 'whole number' : issue.expected;
    return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}, not ${describe(issue.input)}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
