/**
 * Entry-point wrapper for the project's commands: a validation failure prints `path: message` lines and a
 * `UserError` its message, each exiting 1 without a stack trace; anything else is a bug and keeps its stack.
 */
import { UserError, ValidationFailed, formatIssue } from '../config/errors';

export function runCommand(main: () => void | Promise<void>, failureNote = ''): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof ValidationFailed) {
        for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
        const count = error.issues.length;
        process.stderr.write(`\n${count} problem${count === 1 ? '' : 's'} found.${failureNote ? ` ${failureNote}` : ''}\n`);
      } else if (error instanceof UserError) {
        process.stderr.write(`${error.message}${failureNote ? `\n${failureNote}` : ''}\n`);
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exitCode = 1;
    });
}
