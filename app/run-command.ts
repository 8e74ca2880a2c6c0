/**
 * Entry-point wrapper for the project's commands: a validation failure prints `path: message` lines (errors
 * first, then warnings) and a `UserError` its message, each exiting 1 (or the command's `errorExit`) without a
 * stack trace; anything else is a bug and keeps its stack. A number `main` returns is the exit code.
 */
import { UserError, ValidationFailed, type ValidationIssue, formatIssue, splitIssues } from '../core/errors';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Warnings of a run that succeeds: printed to stderr, after whatever errors there were. */
export function printWarnings(warnings: readonly ValidationIssue[]): void {
  for (const issue of warnings) process.stderr.write(`${formatIssue(issue)}\n`);
}

export interface RunOptions {
  /** Printed after the problems, e.g. what was left unchanged. */
  failureNote?: string;
  /** Exit code for a validation failure or a `UserError` (default 1). */
  errorExit?: number;
}

export function runCommand(main: () => void | number | Promise<void | number>, options: string | RunOptions = {}): void {
  const { failureNote = '', errorExit = 1 } = typeof options === 'string' ? { failureNote: options } : options;
  Promise.resolve()
    .then(main)
    .then((code) => {
      if (typeof code === 'number') process.exitCode = code;
    })
    .catch((error: unknown) => {
      if (error instanceof ValidationFailed) {
        const { errors, warnings } = splitIssues(error.issues);
        for (const issue of [...errors, ...warnings]) process.stderr.write(`${formatIssue(issue)}\n`);
        const also = warnings.length > 0 ? ` and ${plural(warnings.length, 'warning')}` : '';
        process.stderr.write(`\n${plural(errors.length, 'problem')}${also} found.${failureNote ? ` ${failureNote}` : ''}\n`);
      } else if (error instanceof UserError) {
        process.stderr.write(`${error.message}${failureNote ? `\n${failureNote}` : ''}\n`);
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
        return;
      }
      process.exitCode = errorExit;
    });
}
