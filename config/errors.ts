/**
 * User-facing validation errors: `path: message`, never a stack trace. Shared by the pipeline config, the
 * table-mapping files and the task settings so every error reads the same way.
 */
import type { z } from 'zod';

export interface ValidationIssue {
  /** Where the problem is, e.g. `pipelines[0].replicationInstance.allocatedStorage`. */
  path: string;
  message: string;
}

/** Raised only at the edges (CLI, synth) to stop with a list of issues; never caught for control flow. */
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

export function formatIssue(issue: ValidationIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
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
