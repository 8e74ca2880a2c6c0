/**
 * A small collector for JSON-document validation: every finding is `path: message`, and the helpers phrase the
 * common ones (missing, wrong type, not in a closed set, unknown field) the same way everywhere.
 */
import type { ValidationIssue } from '../../core/errors';
import { formatPath } from '../../core/errors';
import { CONTROL_CHARACTER } from '../../core/text';
import type { TargetEngine } from '../target-capabilities';

export type Path = readonly PropertyKey[];

/**
 * No engine DMS reads from allows longer identifiers (SQL Server and Oracle 128, MySQL 64, PostgreSQL 63);
 * 255 leaves room for patterns and DynamoDB's 255-character table names.
 */
const MAX_NAME_LENGTH = 255;
export type JsonObject = Record<string, unknown>;

export interface RuleContext {
  /** The task's target engine; target-dependent rules are checked only when it is known. */
  readonly target?: TargetEngine;
}

export class Checker {
  readonly issues: ValidationIssue[] = [];

  constructor(readonly context: RuleContext) {}

  at(path: Path, message: string): void {
    this.issues.push({ path: formatPath(path), message });
  }

  isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  /** Reports (and returns false for) a value that is not a JSON object. */
  object(value: unknown, path: Path): value is JsonObject {
    if (this.isObject(value)) return true;
    this.at(path, value === undefined ? 'is required' : 'must be an object');
    return false;
  }

  array(value: unknown, path: Path, { nonEmpty = false } = {}): value is unknown[] {
    if (value === undefined) {
      this.at(path, 'is required');
      return false;
    }
    if (!Array.isArray(value)) {
      this.at(path, 'must be an array');
      return false;
    }
    if (nonEmpty && value.length === 0) {
      this.at(path, 'must not be empty');
      return false;
    }
    return true;
  }

  /** Fields outside `allowed` are reported as not belonging to `what` (typos are the usual cause). */
  onlyKeys(object: JsonObject, allowed: readonly string[], path: Path, what: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) this.at([...path, key], `is not a field of ${what}`);
    }
  }

  /** A required non-empty string; returns it when valid. */
  string(object: JsonObject, key: string, path: Path): string | undefined {
    const value = object[key];
    if (value === undefined) {
      this.at([...path, key], 'is required');
      return undefined;
    }
    return this.stringValue(value, [...path, key]);
  }

  optionalString(object: JsonObject, key: string, path: Path): string | undefined {
    return object[key] === undefined ? undefined : this.stringValue(object[key], [...path, key]);
  }

  stringValue(value: unknown, path: Path): string | undefined {
    if (typeof value !== 'string') {
      this.at(path, 'must be a string');
      return undefined;
    }
    if (value.length === 0) {
      this.at(path, 'must not be empty');
      return undefined;
    }
    return value;
  }

  /**
   * A name (schema, table, column, rule, attribute): no control characters, which no database identifier or
   * DMS name holds and which usually mean a pasting accident (NUL would truncate it in DMS's C code), and at
   * most MAX_NAME_LENGTH characters. Returns whether it passed.
   */
  nameText(value: string, path: Path): boolean {
    const control = CONTROL_CHARACTER.exec(value);
    if (control) {
      this.at(
        path,
        `must not contain control characters (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${control.index + 1})`,
      );
      return false;
    }
    if (value.length > MAX_NAME_LENGTH) {
      this.at(path, `must be at most ${MAX_NAME_LENGTH} characters, not ${value.length}`);
      return false;
    }
    return true;
  }

  /** A member of a closed set; `required` decides whether absence is an error. */
  oneOf<T extends string>(object: JsonObject, key: string, values: readonly T[], path: Path, required = true): T | undefined {
    const value = object[key];
    if (value === undefined) {
      if (required) this.at([...path, key], `is required: one of ${values.join(', ')}`);
      return undefined;
    }
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.at([...path, key], `must be one of ${values.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /**
   * A whole number given as a number or a numeric string (the guide writes `"4092"`, `"100000"`), within
   * bounds. Returns the number when valid.
   */
  integer(value: unknown, path: Path, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      this.at(path, 'must be a whole number (or a string of digits)');
      return undefined;
    }
    if (number < min || number > max) {
      this.at(path, max === Number.MAX_SAFE_INTEGER ? `must be ${min} or more` : `must be between ${min} and ${max}`);
      return undefined;
    }
    return number;
  }

  stringList(value: unknown, path: Path, { nonEmpty = true } = {}): string[] | undefined {
    if (!this.array(value, path, { nonEmpty })) return undefined;
    let ok = true;
    value.forEach((item, index) => {
      if (this.stringValue(item, [...path, index]) === undefined) ok = false;
    });
    return ok ? (value as string[]) : undefined;
  }
}
