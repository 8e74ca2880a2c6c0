/**
 * Entry-point wrapper for the project's commands: a validation failure prints `path: message` lines (errors
 * first, then warnings), a `UserError` or a file-system error its message, each exiting 1 (or the command's
 * `errorExit`) without a stack trace; anything else is a bug and keeps its stack. A number `main` returns is
 * the exit code.
 */
import { UserError, ValidationFailed, type ValidationIssue, formatIssue, splitIssues } from '../core/errors';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Warnings of a run that succeeds: printed to stderr, after whatever errors there were. */
export function printWarnings(warnings: readonly ValidationIssue[]): void {
  for (const issue of warnings) process.stderr.write(`${formatIssue(issue)}\n`);
}

/** An error Node raised for a system call on a path (fs), as opposed to one thrown by the code. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  // Not `instanceof Error`: Node's own errors may come from another realm (a vm context, Jest's sandbox).
  return (
    typeof error === 'object' &&
    error !== null &&
    'syscall' in error &&
    typeof error.syscall === 'string' &&
    'path' in error &&
    typeof error.path === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
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
      } else if (error instanceof UserError || isFileSystemError(error)) {
        // A file-system error names its path and cause (EEXIST: file already exists, mkdir '<path>'): an --out
        // that is a file, a directory without write permission. The user can fix it; a trace would not help.
        process.stderr.write(`${error.message}${failureNote ? `\n${failureNote}` : ''}\n`);
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
        return;
      }
      process.exitCode = errorExit;
    });
}
