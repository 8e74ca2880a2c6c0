/**
 * Entry-point wrapper for the project's commands: a validation failure prints `path: message` lines (errors
 * first, then warnings) and a `UserError` its message, each exiting 1 without a stack trace; anything else is
 * a bug and keeps its stack.
 */
import { UserError, ValidationFailed, type ValidationIssue, formatIssue, splitIssues } from '../core/errors';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Warnings of a run that succeeds: printed to stderr, after whatever errors there were. */
export function printWarnings(warnings: readonly ValidationIssue[]): void {
  for (const issue of warnings) process.stderr.write(`${formatIssue(issue)}\n`);
}

export function runCommand(main: () => void | Promise<void>, failureNote = ''): void {
  Promise.resolve()
    .then(main)
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
      }
      process.exitCode = 1;
    });
}
