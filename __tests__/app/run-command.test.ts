/**
 * app/run-command.ts, how every command ends: problems and user errors as lines on stderr with the command's
 * exit code, a returned number as the exit code, and a stack trace only for a bug.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError, ValidationFailed } from '../../core/errors';
import { runCommand } from '../../app/run-command';

let stderr: string;
beforeEach(() => {
  stderr = '';
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
});

/** runCommand settles on a later tick; wait for it. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

test('GIVEN a command that returns a number WHEN run THEN that is the exit code', async () => {
  runCommand(() => 3);
  await settled();
  expect(process.exitCode).toBe(3);
});

test('GIVEN a validation failure WHEN run THEN its lines, the count and the note, exit errorExit', async () => {
  runCommand(
    () => {
      throw new ValidationFailed([{ path: '--x', message: 'is bad' }]);
    },
    { failureNote: 'Nothing was done.', errorExit: 2 },
  );
  await settled();
  expect(stderr).toBe('--x: is bad\n\n1 problem found. Nothing was done.\n');
  expect(process.exitCode).toBe(2);
});

test('GIVEN a UserError or a file-system error on a path WHEN run THEN one line, no stack trace, exit 1', async () => {
  runCommand(() => {
    throw new UserError('cdktf.out is locked');
  });
  await settled();
  expect(stderr).toBe('cdktf.out is locked\n');
  // GIVEN an --out that is a file WHEN a command makes a directory there
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dms-run-command-')), 'file');
  fs.writeFileSync(file, '');
  stderr = '';
  runCommand(() => {
    fs.mkdirSync(path.join(file, 'sub'));
  });
  await settled();
  expect(stderr).toBe(`ENOTDIR: not a directory, mkdir '${path.join(file, 'sub')}'\n`);
  expect(process.exitCode).toBe(1);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('GIVEN a bug WHEN run THEN its stack trace is printed, exit 1', async () => {
  runCommand(() => {
    throw new TypeError('x is undefined');
  });
  await settled();
  expect(stderr).toMatch(/^TypeError: x is undefined\n\s+at /);
  expect(process.exitCode).toBe(1);
});
